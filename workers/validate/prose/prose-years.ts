import type { DocumentSubject, Finding, ProseSentence } from '../../../schemas/index.ts';
import { proseFinding } from './prose-finding.ts';

/** The document named by year and stage: `2024年度部门决算`, `2026年部门预算` (not `2025年预算执行`). */
const NAMED_YEAR = /((?:19|20)\d{2})年度?(?:区级|市级|省级|县级)?(?:部门|单位)(预算|决算)(?!执行|数)/g;
/** A final account's balance date: `截至2024年12月31日`. */
const YEAR_END = /截[至止](?:到)?((?:19|20)\d{2})年12月31日/g;
/** Words before a year that make it another year on purpose: `比2023年`, `与2023年度相比`, `上年`. */
const COMPARED = /(比|较|与|同|对比|上年|以前|往年|自|从)[^，,；;。]*$/;

/**
 * Years in the prose that do not match the document's: the document named with another year
 * (`第三部分 …2023年度部门决算情况说明` in the 2024 final accounts) and, in final accounts, a balance date of
 * another year-end (`截至2023年12月31日`). Years in a comparison (`与2023年度相比`) are left alone.
 */
export function checkProseYears(sentences: readonly ProseSentence[], subject: DocumentSubject): Finding[] {
  const { fiscalYear: year, stage } = subject;
  if (year === null || stage === null) return [];
  const findings: Finding[] = [];
  for (const sentence of sentences) {
    for (const match of sentence.text.matchAll(NAMED_YEAR)) {
      const said = Number(match[1]);
      if ((match[2] === '决算') !== (stage === 'final_accounts') || said === year) continue;
      if (COMPARED.test(sentence.text.slice(0, match.index))) continue;
      findings.push(proseFinding('I8.prose.year', 'fail', sentence, {
        message: `the text names the ${said}年 ${match[2]} in a document of ${year}年: ${match[0]}`,
        expected: `${year}年`, printed: match[0],
      }));
    }
    if (stage !== 'final_accounts') continue;
    for (const match of sentence.text.matchAll(YEAR_END)) {
      const said = Number(match[1]);
      if (said === year || COMPARED.test(sentence.text.slice(0, match.index))) continue;
      findings.push(proseFinding('I8.prose.year', 'fail', sentence, {
        message: `the ${year} final accounts report a balance at the end of ${said}: ${match[0]}`,
        expected: `截至${year}年12月31日`, printed: match[0],
      }));
    }
  }
  return findings;
}
