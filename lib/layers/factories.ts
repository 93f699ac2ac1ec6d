/**
 * tf.layers.conv2d / dense as the model builders use them:
 *  - Glorot-uniform kernels (the Keras default) instead of tfjs's Glorot-normal: tfjs
 *    samples its truncated normal several times slower than a uniform, which dominates
 *    building VGG-16's 138M weights; residual blocks ask for He-uniform.
 *  - Seeded initial weights inside `withSeed(seed, build)`: each kernel initialiser gets
 *    the next number of rng(seed), so the same seed builds the same weights.
 *  - A conv2d with a bias and a ReLU (or no activation) runs as one kernel where the backend has it (wasm: see
 *    lib/backend/conv-bias-relu-kernel.ts), also while training, where tfjs composes
 *    Conv2D, Add and Relu: the layer is cnnlab's Conv2D, a subclass of tfjs-layers' registered
 *    under the same class name, so a saved model is a plain tfjs-layers file and loads as the same
 *    class (and trains through the same kernels) where cnnlab is imported. Other cases take
 *    tfjs-layers' path.
 */
import * as tf from "@tensorflow/tfjs";
import type { Conv2D as TfConv2DType } from "@tensorflow/tfjs-layers/dist/layers/convolutional";
import { CONV2D_BIAS_RELU, Conv2DBiasReluAttrs } from "../backend/conv-bias-relu-kernel";
import { rng } from "../random";
import { tfjsLayerClass } from "./tfjs-class";

type Conv2DArgs = Parameters<typeof tf.layers.conv2d>[0];
type DenseArgs = Parameters<typeof tf.layers.dense>[0];
export type KernelInit = "glorotUniform" | "heUniform";

/** Seed source of the build in progress (a scope, like tf.tidy's), or null when unseeded. */
let seeds: (() => number) | null = null;

/** Runs `build` with every initialiser created inside it seeded from `seed` (undefined: unseeded). */
export function withSeed<T>(seed: number | undefined, build: () => T): T {
  if (seed === undefined) return build();
  const outer = seeds;
  const r = rng(seed);
  seeds = () => r.int(2 ** 31);
  try {
    return build();
  } finally {
    seeds = outer;
  }
}

/** The next seed of the current withSeed scope, or undefined outside one. */
export function nextSeed(): number | undefined {
  return seeds ? seeds() : undefined;
}

export function kernelInitializer(kind: KernelInit): ReturnType<typeof tf.initializers.heUniform> {
  const seed = nextSeed();
  return kind === "heUniform" ? tf.initializers.heUniform({ seed }) : tf.initializers.glorotUniform({ seed });
}

const TfConv2D = tfjsLayerClass<typeof TfConv2DType>("Conv2D");

export class Conv2D extends TfConv2D {
  /** tfjs-layers' name: saved models stay plain tfjs-layers files, and load as this class where cnnlab is imported. */
  static override className = "Conv2D";

  private usesFusedKernel(input: tf.Tensor): boolean {
    return this.bias !== null && ["relu", "linear"].includes(this.activation.getClassName()) && this.dataFormat === "channelsLast"
      && (this.padding === "same" || this.padding === "valid") && input.rank === 4 && input.dtype === "float32"
      && tf.getKernel(CONV2D_BIAS_RELU, tf.getBackend()) !== undefined;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if ((Array.isArray(inputs) && inputs.length !== 1) || !this.usesFusedKernel(input)) return super.call(inputs, kwargs);
    const [sh, sw] = this.strides;
    const [dh, dw] = this.dilationRate;
    const activation = this.activation.getClassName() === "relu" ? "relu" : "linear";
    const attrs: Conv2DBiasReluAttrs = { strides: [sh, sw], pad: this.padding as "same" | "valid", dilations: [dh, dw], activation };
    return tf.tidy(() => tf.engine().runKernel(
      CONV2D_BIAS_RELU, { x: input, filter: this.kernel.read(), bias: this.bias.read() }, attrs as tf.NamedAttrMap,
    ) as tf.Tensor);
  }
}
tf.serialization.registerClass(Conv2D);

export function conv2d(args: Conv2DArgs, init: KernelInit = "glorotUniform"): tf.layers.Layer {
  return new Conv2D({ kernelInitializer: kernelInitializer(init), ...args });
}

export function dense(args: DenseArgs, init: KernelInit = "glorotUniform"): tf.layers.Layer {
  return tf.layers.dense({ kernelInitializer: kernelInitializer(init), ...args });
}
