/**
 * Cross-entropy for integer labels, from logits (the default) or from
 * probabilities (a model that already ends in softmax).
 *   from logits:        ℓ_n = −log softmax(z_n)[y_n]   (log-softmax: stable for large z)
 *   from probabilities: ℓ_n = −log max(p_n[y_n], 1e-7) (clipped so a zero probability gives a finite loss)
 */
import * as tf from "@tensorflow/tfjs";

/** What the model's last layer emits. */
export type OutputKind = "logits" | "probabilities";

/** A training loss: integer labels [B] and model outputs [B, classes] → mean loss (scalar). */
export type LossFn = (labels: tf.Tensor1D, outputs: tf.Tensor2D) => tf.Scalar;

const PROBABILITY_FLOOR = 1e-7;

/** Per-example cross-entropy [B]. */
export function crossEntropyPerExample(labels: tf.Tensor1D, outputs: tf.Tensor2D, kind: OutputKind): tf.Tensor1D {
  return tf.tidy(() => {
    const classes = outputs.shape[1];
    const oneHot = tf.oneHot(labels.toInt(), classes);
    const logP = kind === "logits" ? tf.logSoftmax(outputs) : tf.log(tf.clipByValue(outputs, PROBABILITY_FLOOR, 1));
    return tf.neg(tf.sum(tf.mul(oneHot, logP), 1)) as tf.Tensor1D;
  });
}

/** Mean cross-entropy as a `LossFn`. */
export function crossEntropy(kind: OutputKind): LossFn {
  return (labels, outputs) => tf.tidy(() => tf.mean(crossEntropyPerExample(labels, outputs, kind)) as tf.Scalar);
}

/** "probabilities" if the model's last layer applies softmax, else "logits". */
export function detectOutput(model: tf.LayersModel): OutputKind {
  const last = model.layers[model.layers.length - 1];
  if (!last) return "logits";
  if (last.getClassName() === "Softmax") return "probabilities";
  const activation = (last.getConfig() as { activation?: unknown }).activation;
  return activation === "softmax" ? "probabilities" : "logits";
}
