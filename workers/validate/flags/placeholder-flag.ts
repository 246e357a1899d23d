import type { Finding, FormRecord, Indicator } from '../../../schemas/index.ts';
import { compactText } from '../compact-text.ts';
import { evidenceFor } from '../finding.ts';
import { indicatorField } from '../record-fields.ts';
import { raise } from './flag-codes.ts';

/** `指标 1:` left as a 三级指标 name (seed 004 form 10), or `XXX`-style blanks anywhere in a text. */
const PLACEHOLDER_NAME = /^指标\d+[:：]?$/u;
const PLACEHOLDER_MARK = /X{3,}|x{3,}|×{3,}|\*{3,}|○{2,}/u;

const isPlaceholder = (text: string | null): boolean => {
  const compact = compactText(text);
  return compact !== '' && (PLACEHOLDER_NAME.test(compact) || PLACEHOLDER_MARK.test(compact));
};

/** The extractor may already have marked the row (gold files: `extra.placeholder: true`). */
const markedByExtractor = (indicator: Indicator): boolean => {
  const mark = indicator.extra['placeholder'];
  return mark === true || mark === 'true';
};

const INDICATOR_TEXTS = ['name', 'target', 'actual'] as const;
const RECORD_TEXTS = [
  ['projectName', (record: FormRecord) => record.projectName],
  ['goals.expected', (record: FormRecord) => record.goals.expected],
  ['goals.actual', (record: FormRecord) => record.goals.actual],
] as const;

/** Template text never filled in: one finding per indicator row, and one per header or goal text. */
export function flagTemplatePlaceholder(record: FormRecord): Finding[] {
  const rows = record.indicators.flatMap((indicator, index): Finding[] => {
    const keys = INDICATOR_TEXTS.filter((key) => isPlaceholder(indicator[key]));
    if (keys.length === 0 && !markedByExtractor(indicator)) return [];
    const shown = keys.length > 0 ? keys : (['name'] as const);
    const texts = shown.map((key) => `"${indicator[key] ?? ''}"`).join(', ');
    return [
      raise('TEMPLATE_PLACEHOLDER', {
        message: `indicator ${index + 1}: template placeholder ${texts} left in (${indicator.level2 ?? indicator.level1 ?? 'no level'}), weight ${indicator.weight ?? 'blank'}`,
        printed: indicator[shown[0] ?? 'name'] ?? null,
        evidence: shown.map((key) => evidenceFor(record, indicatorField(index, key), indicator[key] ?? null)),
      }),
    ];
  });
  const texts = RECORD_TEXTS.flatMap(([field, read]): Finding[] => {
    const text = read(record);
    if (!isPlaceholder(text)) return [];
    return [raise('TEMPLATE_PLACEHOLDER', { message: `${field}: template placeholder left in: "${text}"`, printed: text, evidence: [evidenceFor(record, field, text)] })];
  });
  return [...rows, ...texts];
}
