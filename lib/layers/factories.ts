/**
 * tf.layers.conv2d / dense as the model builders use them:
 *  - Glorot-uniform kernels (the Keras default) instead of tfjs's Glorot-normal: tfjs
 *    samples its truncated normal several times slower than a uniform, which dominates
 *    building VGG-16's 138M weights; residual blocks ask for He-uniform.
 *  - Seeded initial weights inside `withSeed(seed, build)`: each kernel initialiser gets
 *    the next number of rng(seed), so the same seed builds the same weights.
 */
import * as tf from "@tensorflow/tfjs";
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

export function conv2d(args: Conv2DArgs, init: KernelInit = "glorotUniform"): tf.layers.Layer {
  return tf.layers.conv2d({ kernelInitializer: kernelInitializer(init), ...args });
}

export function dense(args: DenseArgs, init: KernelInit = "glorotUniform"): tf.layers.Layer {
  return tf.layers.dense({ kernelInitializer: kernelInitializer(init), ...args });
}
