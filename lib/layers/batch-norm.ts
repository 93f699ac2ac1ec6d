/**
 * `batchNormalization(args)`: tfjs-layers' BatchNormalization whose training-mode forward pass
 * and gradient run as one fused kernel each where the backend has them (wasm: see
 * lib/backend/batch-norm-kernels.ts), about 5x faster than the ~25 ops tfjs-layers composes.
 *
 * It is a subclass of tfjs-layers' BatchNormalization with the same weights, running averages
 * (moving ← moving − (moving − batch)·(1 − momentum)) and inference, registered under the same
 * class name: a saved model is a plain tfjs-layers file (tfjs alone loads it), and loaded where
 * cnnlab is imported it is rebuilt with this class, so it trains through the same kernels as
 * before it was saved. Only `call` in training mode changes, and only when the fused kernel
 * applies: channels last, center and scale on, float32, a backend that registers the kernel.
 * Anything else takes tfjs-layers' own path.
 */
import * as tf from "@tensorflow/tfjs";
import type { BatchNormalization as TfBatchNormalizationType } from "@tensorflow/tfjs-layers/dist/layers/normalization";
import { BATCH_NORM_TRAINING } from "../backend/batch-norm-kernels";
import { tfjsLayerClass } from "./tfjs-class";

type BatchNormalizationArgs = NonNullable<Parameters<typeof tf.layers.batchNormalization>[0]>;
type Kwargs = Record<string, unknown>;

const TfBatchNormalization = tfjsLayerClass<typeof TfBatchNormalizationType>("BatchNormalization");

/** The settings the fused path reads (tfjs-layers keeps them private; its config has them). */
interface FusedSettings {
  axis: number;
  epsilon: number;
  momentum: number;
  center: boolean;
  scale: boolean;
}

/** moving ← moving − (moving − batch)·(1 − momentum), as tfjs-layers updates its running averages. */
function updateMovingAverage(variable: tf.LayerVariable, batch: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const moving = variable.read();
    variable.write(tf.sub(moving, tf.mul(tf.sub(moving, batch), 1 - momentum)));
  });
}

export class BatchNormalization extends TfBatchNormalization {
  /** tfjs-layers' name: saved models stay plain tfjs-layers files, and load as this class where cnnlab is imported. */
  static override className = "BatchNormalization";
  private readonly settings: FusedSettings;

  constructor(args: BatchNormalizationArgs = {}) {
    super(args);
    const { axis, epsilon, momentum, center, scale } = this.getConfig();
    this.settings = { axis: axis as number, epsilon: epsilon as number, momentum: momentum as number, center: center as boolean, scale: scale as boolean };
  }

  private usesFusedKernel(input: tf.Tensor): boolean {
    const { axis, center, scale } = this.settings;
    const rank = input.shape.length;
    return (axis < 0 ? axis + rank : axis) === rank - 1 && rank >= 2 && center && scale && input.dtype === "float32"
      && tf.getKernel(BATCH_NORM_TRAINING, tf.getBackend()) !== undefined;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs?.training || (Array.isArray(inputs) && inputs.length !== 1) || !this.usesFusedKernel(input)) return super.call(inputs, kwargs);
    // With center and scale on, tfjs-layers' weights are, in order: gamma, beta, moving mean, moving variance.
    const [gamma, beta, movingMean, movingVariance] = this.weights;
    return tf.tidy(() => {
      const [y, mean, variance] = tf.engine().runKernel(
        BATCH_NORM_TRAINING, { x: input, scale: gamma.read(), offset: beta.read() }, { epsilon: this.settings.epsilon },
      ) as tf.Tensor[];
      updateMovingAverage(movingMean, mean, this.settings.momentum);
      updateMovingAverage(movingVariance, variance, this.settings.momentum);
      return y;
    });
  }
}
tf.serialization.registerClass(BatchNormalization);

/** A batch-normalization layer that trains through the fused kernel where the backend has one. */
export function batchNormalization(args: BatchNormalizationArgs = {}): tf.layers.Layer {
  return new BatchNormalization(args);
}
