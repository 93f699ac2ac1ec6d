/** Accuracy, top-5 accuracy and mean cross-entropy of a model on a data set, batched. */
import * as tf from "@tensorflow/tfjs";
import { Data } from "../train/data";
import { predictAll, PredictArgs, Predictions } from "./predict";

/** Summary plus the per-example arrays (for confusionMatrix, misclassified, …). */
export interface Evaluation extends Predictions {
  /** Number of examples. */
  count: number;
  /** Mean cross-entropy. */
  loss: number;
  /** Fraction whose argmax equals the label. */
  accuracy: number;
  /** Fraction whose label is among the 5 most probable classes. */
  top5Accuracy: number;
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length ? s / xs.length : NaN;
}

export async function evaluate(model: tf.LayersModel, data: Data, args: PredictArgs = {}): Promise<Evaluation> {
  const p = await predictAll(model, data, args);
  let correct = 0;
  for (let i = 0; i < p.labels.length; i++) if (p.labels[i] === p.predictions[i]) correct++;
  return {
    ...p,
    count: p.labels.length,
    loss: mean(p.losses),
    accuracy: p.labels.length ? correct / p.labels.length : NaN,
    top5Accuracy: mean(p.top5Hit),
  };
}
