/** NFKC and no whitespace: how texts are compared (full/half width and PDF line wraps must not matter). */
export const compactText = (text: string | null | undefined): string => (text ?? '').normalize('NFKC').replace(/\s+/g, '');

/** `—`, `/`, `无` and blanks say "nothing here" on these forms. */
const NOTHING = /^(?:[-—―/\\]*|无|暂无)$/u;

export const isBlankText = (text: string | null | undefined): boolean => NOTHING.test(compactText(text));

/** A number alone (`5`, `0.5`, `80%`, `5分`): a value that slid into a text column, not prose. */
export const isNumberOnly = (text: string | null | undefined): boolean => /^\d+(?:\.\d+)?[%分]?$/u.test(compactText(text));

/** Has any figure at all; `已完成` and `正在进行` have none. */
export const hasDigit = (text: string | null | undefined): boolean => /\d/u.test(compactText(text));
