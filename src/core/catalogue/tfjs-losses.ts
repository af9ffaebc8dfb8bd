/**
 * The `tf.losses` functions that compare a target with a prediction, as data: each takes its
 * target first (`labels`, `multiClassLabels`, `onehotLabels`), then the predictions. A target is a
 * constant of the loss by convention: a discrete step (`argMax`, `round`) that reaches the loss only
 * through a target is how bootstrapped targets are written (double DQN picks the next action with
 * `online.predict(next).argMax(-1)` inside the label of `meanSquaredError`), not a severed gradient.
 *
 * `test/unit/rules/tfjs-losses.test.ts` checks the table against the real `tf.losses`: every row is
 * a loss there, and every loss there is a row or listed in `NOT_COMPARISONS`.
 */

/** A `tf.losses` function and the position of its target argument. */
export interface TfjsLoss {
  name: string;
  /** Argument index of the target (the labels). */
  target: number;
}

export const TFJS_LOSSES: readonly TfjsLoss[] = [
  { name: 'absoluteDifference', target: 0 },
  { name: 'cosineDistance', target: 0 },
  { name: 'hingeLoss', target: 0 },
  { name: 'huberLoss', target: 0 },
  { name: 'logLoss', target: 0 },
  { name: 'meanSquaredError', target: 0 },
  { name: 'sigmoidCrossEntropy', target: 0 },
  { name: 'softmaxCrossEntropy', target: 0 },
];

/** `tf.losses` members that are not a target-versus-prediction comparison (`computeWeightedLoss(losses)`). */
export const NOT_COMPARISONS: readonly string[] = ['computeWeightedLoss'];

const BY_NAME = new Map(TFJS_LOSSES.map((l) => [l.name, l]));

/** The target argument's index of `tf.losses.<name>`, or undefined when it is not a comparison loss. */
export function lossTargetIndex(name: string): number | undefined {
  return BY_NAME.get(name)?.target;
}
