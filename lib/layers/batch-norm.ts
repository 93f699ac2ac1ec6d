/**
 * `batchNormalization(args)`: tf.layers.batchNormalization whose training-mode forward pass
 * and gradient run as one fused kernel each where the backend has them (wasm: see
 * lib/backend/batch-norm-kernels.ts), about 5x faster than the ~25 ops tfjs-layers composes.
 *
 * It is the same tfjs-layers BatchNormalization: same weights, same running averages
 * (moving ← moving − (moving − batch)·(1 − momentum)), same inference, same serialised
 * class, so a saved model loads as a plain tfjs-layers one. Only its `call` in training
 * mode changes, and only when the fused kernel applies: channels last, center and scale on,
 * float32, a backend that registers the kernel. Anything else takes tfjs-layers' own path.
 */
import * as tf from "@tensorflow/tfjs";
import { BATCH_NORM_TRAINING } from "../backend/batch-norm-kernels";

type BatchNormalizationArgs = NonNullable<Parameters<typeof tf.layers.batchNormalization>[0]>;
type Kwargs = Record<string, unknown>;

/** The parts of tfjs-layers' BatchNormalization that the fused path reads (fields of the layer, not its public API). */
interface BatchNormInternals {
  axis: number;
  epsilon: number;
  momentum: number;
  center: boolean;
  scale: boolean;
  gamma: { read(): tf.Tensor };
  beta: { read(): tf.Tensor };
  movingMean: { read(): tf.Tensor; write(value: tf.Tensor): void };
  movingVariance: { read(): tf.Tensor; write(value: tf.Tensor): void };
}

function usesFusedKernel(layer: BatchNormInternals, input: tf.Tensor): boolean {
  const rank = input.shape.length;
  const axis = layer.axis < 0 ? layer.axis + rank : layer.axis;
  return axis === rank - 1 && rank >= 2 && layer.center && layer.scale && input.dtype === "float32"
    && tf.getKernel(BATCH_NORM_TRAINING, tf.getBackend()) !== undefined;
}

/** moving ← moving − (moving − batch)·(1 − momentum), as tfjs-layers updates its running averages. */
function updateMovingAverage(variable: BatchNormInternals["movingMean"], batch: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const moving = variable.read();
    variable.write(tf.sub(moving, tf.mul(tf.sub(moving, batch), 1 - momentum)));
  });
}

/** A tf.layers.batchNormalization layer that trains through the fused kernel where the backend has one. */
export function batchNormalization(args: BatchNormalizationArgs = {}): tf.layers.Layer {
  const layer = tf.layers.batchNormalization(args);
  const internals = layer as unknown as BatchNormInternals;
  const composed = layer.call.bind(layer);
  layer.call = (inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs) => {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs?.training || (Array.isArray(inputs) && inputs.length !== 1) || !usesFusedKernel(internals, input)) {
      return composed(inputs, kwargs);
    }
    return tf.tidy(() => {
      const [y, mean, variance] = tf.engine().runKernel(
        BATCH_NORM_TRAINING,
        { x: input, scale: internals.gamma.read(), offset: internals.beta.read() },
        { epsilon: internals.epsilon },
      ) as tf.Tensor[];
      updateMovingAverage(internals.movingMean, mean, internals.momentum);
      updateMovingAverage(internals.movingVariance, variance, internals.momentum);
      return y;
    });
  };
  return layer;
}
