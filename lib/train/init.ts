/**
 * Re-initialise a model's kernels and biases from a seed, so that the lecture's
 * initialisation schemes can be compared on the same architecture:
 *   glorot:  W ~ U(−l, l), l = √(6 / (fanIn + fanOut)), b = 0   (Glorot & Bengio 2010)
 *   he:      W ~ N(0, 2 / fanIn), b = 0                          (He et al. 2015, for ReLU)
 *   lecun:   W ~ N(0, 1 / fanIn), b = 0                          (LeCun et al. 1998, "Efficient BackProp":
 *            unit-variance inputs keep unit variance through tanh-like squashing)
 *   alexnet: W ~ N(0, 0.01²), b = 1                              (Krizhevsky et al. 2012; bias 1
 *            feeds ReLUs positive inputs early on — the paper used it in conv2, 4, 5 and the hidden
 *            dense layers, 0 elsewhere; pass { type: "normal", std, bias } to choose per run)
 * Other weights (batch-norm γ/β, moving statistics) keep their values.
 */
import * as tf from "@tensorflow/tfjs";
import { rng, Rng } from "../random";

/** Kernels from N(0, std²), biases set to the constant `bias`. */
export interface NormalInit {
  type: "normal";
  /** Standard deviation of the kernel entries. */
  std: number;
  /** Value of every bias. Default 0. */
  bias?: number;
}

export type InitName = "glorot" | "he" | "lecun" | "alexnet";
export type Init = InitName | NormalInit;
const INIT_NAMES: readonly InitName[] = ["glorot", "he", "lecun", "alexnet"];

/** fanIn and fanOut of a kernel: [kh, kw, cin, cout] → kh·kw·cin, kh·kw·cout; dense [in, out] → in, out. */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: receptive * shape[shape.length - 2], fanOut: receptive * shape[shape.length - 1] };
}

function kernelValues(init: Init, shape: number[], r: Rng): Float32Array {
  const { fanIn, fanOut } = fans(shape);
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  if (init === "glorot") {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < out.length; i++) out[i] = (2 * r.next() - 1) * limit;
    return out;
  }
  const std = init === "he" ? Math.sqrt(2 / fanIn) : init === "lecun" ? Math.sqrt(1 / fanIn) : init === "alexnet" ? 0.01 : init.std;
  for (let i = 0; i < out.length; i++) out[i] = r.normal() * std;
  return out;
}

function biasValue(init: Init): number {
  if (init === "alexnet") return 1;
  if (typeof init === "object") return init.bias ?? 0;
  return 0;
}

function validateInit(init: Init): void {
  if (typeof init === "string" && INIT_NAMES.includes(init)) return;
  if (typeof init === "object" && init !== null && init.type === "normal") {
    if (!(Number.isFinite(init.std) && init.std >= 0)) {
      throw new Error(`init.std: expected a finite number ≥ 0, got ${init.std}`);
    }
    if (init.bias !== undefined && !Number.isFinite(init.bias)) {
      throw new Error(`init.bias: expected a finite number, got ${init.bias}`);
    }
    return;
  }
  throw new Error(
    `init: expected "glorot", "he", "lecun", "alexnet" or { type: "normal", std, bias }, got ${JSON.stringify(init)}`,
  );
}

/**
 * Overwrites every kernel (weights named …kernel, rank ≥ 2) and bias of `model`
 * in place; the same seed gives the same weights. Returns the model.
 */
export function initialize<M extends tf.LayersModel>(model: M, init: Init, seed = 0): M {
  validateInit(init);
  const r = rng(seed);
  for (const layer of model.layers) {
    for (const w of layer.weights) {
      const shape = w.shape.slice() as number[];
      const isKernel = /kernel$/.test(w.originalName) && shape.length >= 2;
      const isBias = /bias$/.test(w.originalName);
      if (!isKernel && !isBias) continue;
      const value = isKernel ? tf.tensor(kernelValues(init, shape, r), shape) : tf.fill(shape, biasValue(init));
      w.write(value); // assigns a copy into the layer's variable
      value.dispose();
    }
  }
  return model;
}
