/**
 * tf.layers.conv2d / dense as the model builders use them:
 *  - Glorot-uniform kernels (the Keras default) instead of tfjs's Glorot-normal: tfjs
 *    samples its truncated normal several times slower than a uniform, which dominates
 *    building VGG-16's 138M weights; residual blocks ask for He-uniform.
 *  - Seeded initial weights inside `withSeed(seed, build)`: each kernel initialiser gets
 *    the next number of rng(seed), so the same seed builds the same weights.
 *  - A conv2d with a bias and a ReLU runs as one kernel where the backend has it (wasm: see
 *    lib/backend/conv-bias-relu-kernel.ts), also while training, where tfjs composes
 *    Conv2D, Add and Relu. Same weights, same serialised layer; other cases take tfjs-layers' path.
 */
import * as tf from "@tensorflow/tfjs";
import { CONV2D_BIAS_RELU } from "../backend/conv-bias-relu-kernel";
import { rng } from "../random";

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

/** The parts of tfjs-layers' Conv2D that the fused path reads (fields of the layer, not its public API). */
interface Conv2DInternals {
  kernel: { read(): tf.Tensor4D };
  bias: { read(): tf.Tensor1D } | null;
  activation: { getClassName(): string };
  strides: [number, number];
  padding: string;
  dataFormat: string;
  dilationRate: [number, number];
}

function usesFusedKernel(layer: Conv2DInternals, input: tf.Tensor): boolean {
  return layer.bias !== null && layer.activation.getClassName() === "relu" && layer.dataFormat === "channelsLast"
    && (layer.padding === "same" || layer.padding === "valid") && layer.dilationRate.every((d) => d === 1)
    && input.rank === 4 && input.dtype === "float32" && tf.getKernel(CONV2D_BIAS_RELU, tf.getBackend()) !== undefined;
}

export function conv2d(args: Conv2DArgs, init: KernelInit = "glorotUniform"): tf.layers.Layer {
  const layer = tf.layers.conv2d({ kernelInitializer: kernelInitializer(init), ...args });
  const internals = layer as unknown as Conv2DInternals;
  const composed = layer.call.bind(layer);
  layer.call = (inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if ((Array.isArray(inputs) && inputs.length !== 1) || !usesFusedKernel(internals, input)) return composed(inputs, kwargs);
    const { strides, padding, kernel, bias } = internals;
    return tf.tidy(() => tf.engine().runKernel(
      CONV2D_BIAS_RELU,
      { x: input, filter: kernel.read(), bias: (bias as NonNullable<Conv2DInternals["bias"]>).read() },
      { strides, pad: padding, dilations: [1, 1] },
    ) as tf.Tensor);
  };
  return layer;
}

export function dense(args: DenseArgs, init: KernelInit = "glorotUniform"): tf.layers.Layer {
  return tf.layers.dense({ kernelInitializer: kernelInitializer(init), ...args });
}
