import type { Evidence, Finding, ProseSentence, Severity } from '../../../schemas/index.ts';
import { failed, passed, type Outcome } from '../finding.ts';

/** The sentence as evidence: where each of its parts is printed, quoting it whole. */
export const sentenceEvidence = (sentence: ProseSentence): Evidence[] =>
  sentence.spans.map((span) => ({ field: 'prose', page: span.page, bbox: span.bbox, printed: sentence.text }));

/** A finding about the document's prose: the quoted sentence first in its evidence, then any cells it was held against. */
export function proseFinding(code: string, status: 'pass' | 'fail', sentence: ProseSentence, outcome: Outcome, severity: Severity = status === 'fail' ? 'error' : 'info'): Finding {
  return (status === 'fail' ? failed : passed)(code, { ...outcome, evidence: [...sentenceEvidence(sentence), ...(outcome.evidence ?? [])] }, severity);
}
