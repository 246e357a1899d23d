import { compactText } from '../compact-text.ts';
/**
 * Printed labels vary in spacing (`合  计`, U+3000 fillers), width (`（` vs `(`), Word bookmark leaks and
 * enumerators (`一、`, `1.`, `（一）`, `其中：`); compare them with all of that removed.
 */
export const normalizeText = (text: string): string => compactText(text.replace(/\[bookmark:[^\]]*\]/g, ''));

const ENUMERATOR = /^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\)|\d+[.、])/;

export function normalizeLabel(label: string): string {
  let text = normalizeText(label);
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(ENUMERATOR, '').replace(/^其中[:]?/, '');
  }
  return text.replace(/:$/, '');
}

/** Titles are quoted inconsistently (`“三公”`, `"三公"`, none). */
export const normalizeTitle = (title: string): string => normalizeText(title).replace(/["'“”‘’「」『』]/g, '');

export const labelList = (labels: string | readonly string[]): readonly string[] => (typeof labels === 'string' ? [labels] : labels);
