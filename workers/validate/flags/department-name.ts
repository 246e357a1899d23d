import { compactText } from '../compact-text.ts';

/**
 * A department as compared across forms: no spacing, width or brackets, and no trailing 本级 (the same
 * bureau is printed `…委员会` on one form and `…委员会本级` on another). Empty when not printed.
 */
export const departmentName = (department: string | null): string =>
  compactText(department).replace(/[()（）]/gu, '').replace(/本级$/u, '');
