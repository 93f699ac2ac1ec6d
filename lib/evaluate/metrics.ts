/**
 * Classification metrics on plain arrays of class indices (from `evaluate`, or
 * written by hand) or tensors of them: confusion matrix, per-class accuracy,
 * misclassified examples. Async, because a tensor is read with `await` (webgpu
 * cannot read synchronously): `const M = await confusionMatrix(labels, predictions, 10)`.
 */
import * as tf from "@tensorflow/tfjs";

export type Labels = ArrayLike<number> | tf.Tensor1D;

async function toArray(xs: Labels, argName: string): Promise<Int32Array> {
  if (xs instanceof tf.Tensor) return Int32Array.from(await xs.data());
  if (xs !== null && typeof xs === "object" && typeof (xs as ArrayLike<number>).length === "number") return Int32Array.from(xs as ArrayLike<number>);
  throw new Error(`${argName}: expected a typed array, number[] or Tensor1D of class indices, got ${xs === null ? "null" : typeof xs}`);
}

function checkClasses(values: Int32Array, classes: number, argName: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v < classes)) {
      throw new Error(`${argName}[${i}]: expected a class index in 0..${classes - 1}, got ${v}`);
    }
  }
}

async function pair(labels: Labels, predictions: Labels, classes: number): Promise<[Int32Array, Int32Array]> {
  if (!(Number.isInteger(classes) && classes >= 1)) {
    throw new Error(`classes: expected an integer ≥ 1, got ${classes}`);
  }
  const t = await toArray(labels, "labels");
  const p = await toArray(predictions, "predictions");
  if (t.length !== p.length) {
    throw new Error(`predictions: expected ${t.length} entries (one per label), got ${p.length}`);
  }
  checkClasses(t, classes, "labels");
  checkClasses(p, classes, "predictions");
  return [t, p];
}

/** M[i][j] = number of examples of true class i predicted as class j (rows: truth, columns: prediction). */
export async function confusionMatrix(labels: Labels, predictions: Labels, classes: number): Promise<number[][]> {
  const [t, p] = await pair(labels, predictions, classes);
  const M = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let n = 0; n < t.length; n++) M[t[n]][p[n]] += 1;
  return M;
}

/** Accuracy within each true class: M[i][i] / Σ_j M[i][j]; NaN for a class with no examples. */
export async function perClassAccuracy(labels: Labels, predictions: Labels, classes: number): Promise<number[]> {
  return (await confusionMatrix(labels, predictions, classes)).map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? NaN : row[i] / total;
  });
}

/** One wrongly classified example. */
export interface Misclassified {
  /** Position in the data set. */
  index: number;
  label: number;
  prediction: number;
  /** Probability the model gave its (wrong) prediction. */
  confidence: number;
}

/**
 * Examples whose prediction differs from the label, most confident mistakes
 * first (ties: lower index first); at most `limit` (default all).
 */
export async function misclassified(
  result: { labels: Labels; predictions: Labels; confidence: Float32Array | number[] },
  limit = Infinity,
): Promise<Misclassified[]> {
  const t = await toArray(result.labels, "labels");
  const p = await toArray(result.predictions, "predictions");
  if (p.length !== t.length || result.confidence.length !== t.length) {
    throw new Error(
      `misclassified: labels, predictions and confidence must have equal lengths, got ${t.length}, ${p.length}, ${result.confidence.length}`,
    );
  }
  if (!(limit >= 0)) throw new Error(`misclassified: limit must be ≥ 0, got ${limit}`);
  const wrong: Misclassified[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== p[i]) wrong.push({ index: i, label: t[i], prediction: p[i], confidence: result.confidence[i] });
  }
  wrong.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return wrong.slice(0, limit);
}
