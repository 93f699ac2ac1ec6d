/**
 * Look inside a trained model: the feature maps of any layer, and the
 * penultimate-layer features (the input of the final classifier layer) that
 * nearest-neighbour retrieval and t-SNE plots use. Both run in batches.
 */
import * as tf from "@tensorflow/tfjs";
import { checkBatchSize, checkModel } from "./predict";

/** Batching for activations/features. */
export interface ActivationArgs {
  /** Examples per forward pass. Default 256. */
  batchSize?: number;
}

/** Runs `sub` over `input` in batches (inference mode) and concatenates the outputs. */
function runBatched(sub: tf.LayersModel, input: tf.Tensor, batchSize: number): tf.Tensor {
  const n = input.shape[0];
  if (n <= batchSize) return tf.tidy(() => sub.apply(input, { training: false }) as tf.Tensor);
  const parts: tf.Tensor[] = [];
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    parts.push(tf.tidy(() => sub.apply(tf.slice(input, start, size), { training: false }) as tf.Tensor));
  }
  const all = tf.concat(parts, 0);
  tf.dispose(parts);
  return all;
}

function checkInput(input: unknown, fn: string): asserts input is tf.Tensor {
  if (!(input instanceof tf.Tensor) || input.rank < 2) {
    throw new Error(`${fn}: input must be a batch tensor [N, ...], got ${input instanceof tf.Tensor ? `shape [${input.shape}]` : typeof input}`);
  }
}

/** The output of layer `layerName` for the batch `input` (e.g. feature maps [N, H, W, C] of a conv layer). */
export function activations(model: tf.LayersModel, input: tf.Tensor, layerName: string, args: ActivationArgs = {}): tf.Tensor {
  checkModel(model, "activations");
  checkInput(input, "activations");
  const batchSize = args.batchSize ?? 256;
  checkBatchSize(batchSize, "activations");
  const layer = model.layers.find((l) => l.name === layerName);
  if (!layer) {
    throw new Error(
      `activations: layerName ${JSON.stringify(layerName)} is not a layer of this model; its layers are: ${model.layers.map((l) => l.name).join(", ")}`,
    );
  }
  const sub = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
  return runBatched(sub, input, batchSize);
}

/**
 * Penultimate-layer features [N, D]: the input of the last layer that has weights
 * (the classifier), flattened. Trailing weightless layers (softmax, dropout) are skipped.
 */
export function features(model: tf.LayersModel, input: tf.Tensor, args: ActivationArgs = {}): tf.Tensor2D {
  checkModel(model, "features");
  checkInput(input, "features");
  const batchSize = args.batchSize ?? 256;
  checkBatchSize(batchSize, "features");
  const classifier = [...model.layers].reverse().find((l) => l.countParams() > 0);
  if (!classifier || classifier === model.layers[0]) {
    throw new Error(`features: the model has no layer before its classifier; its layers are: ${model.layers.map((l) => l.name).join(", ")}`);
  }
  const sub = tf.model({ inputs: model.inputs, outputs: classifier.input as tf.SymbolicTensor });
  const out = runBatched(sub, input, batchSize);
  if (out.rank === 2) return out as tf.Tensor2D;
  const flat = out.reshape([out.shape[0], -1]) as tf.Tensor2D;
  out.dispose();
  return flat;
}
