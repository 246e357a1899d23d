/**
 * Greedy CTC decoding of a recognition model's output: `probs` holds `steps` rows of `classes` probabilities
 * (PP-OCR's output is already a softmax). Per step the best class wins; class 0 is the blank, a class equal
 * to the previous step's is the same character held, any other class `i` emits `dict[i − 1]`. Confidence is
 * the mean of the winning probabilities of the emitted characters (0 when none).
 */
export function ctcGreedyDecode(probs: ArrayLike<number>, steps: number, classes: number, dict: readonly string[]): { text: string; confidence: number } {
  if (dict.length !== classes - 1) throw new Error(`the dictionary has ${dict.length} characters, the model ${classes - 1}`);
  let text = '', sum = 0, emitted = 0, previous = -1;
  for (let t = 0; t < steps; t++) {
    let best = 0, p = -Infinity;
    for (let k = 0, at = t * classes; k < classes; k++, at++) {
      if (probs[at]! > p) {
        p = probs[at]!;
        best = k;
      }
    }
    if (best !== 0 && best !== previous) {
      text += dict[best - 1];
      sum += p;
      emitted++;
    }
    previous = best;
  }
  return { text, confidence: emitted ? sum / emitted : 0 };
}
