/** A character the model nearly read as another: its place in the text and the runner-up. */
export type CtcDoubt = { at: number; char: string; ratio: number };

/**
 * Greedy CTC decoding of a recognition model's output: `probs` holds `steps` rows of `classes` probabilities
 * (PP-OCR's output is already a softmax). Per step the best class wins; class 0 is the blank, a class equal
 * to the previous step's is the same character held, any other class `i` emits `dict[i − 1]`. Confidence is
 * the mean of the winning probabilities of the emitted characters (0 when none).
 *
 * `doubts` lists, for each emitted character, the strongest runner-up (not the blank) over the steps the
 * character was held, with its probability as a share of the winner's: `8` read where `6` came close.
 */
export function ctcGreedyDecode(
  probs: ArrayLike<number>, steps: number, classes: number, dict: readonly string[],
): { text: string; confidence: number; doubts: CtcDoubt[] } {
  if (dict.length !== classes - 1) throw new Error(`the dictionary has ${dict.length} characters, the model ${classes - 1}`);
  let text = '', sum = 0, emitted = 0, previous = -1;
  const doubts: CtcDoubt[] = [];
  let doubt: CtcDoubt | null = null;
  for (let t = 0; t < steps; t++) {
    let best = 0, p = -Infinity, second = 0, q = -Infinity;
    for (let k = 0, at = t * classes; k < classes; k++, at++) {
      const v = probs[at]!;
      if (v > p) {
        if (best !== 0) [second, q] = [best, p];
        [best, p] = [k, v];
      } else if (k !== 0 && v > q) {
        [second, q] = [k, v];
      }
    }
    if (best !== 0 && best !== previous) {
      if (doubt) doubts.push(doubt);
      doubt = null;
      text += dict[best - 1];
      sum += p;
      emitted++;
    }
    if (best !== 0 && second !== 0 && p > 0) {
      const ratio = q / p;
      if (!doubt || ratio > doubt.ratio) doubt = { at: text.length - 1, char: dict[second - 1]!, ratio };
    }
    if (best === 0 && doubt) {
      doubts.push(doubt);
      doubt = null;
    }
    previous = best;
  }
  if (doubt) doubts.push(doubt);
  return { text, confidence: emitted ? sum / emitted : 0, doubts };
}
