/**
 * Element-wise activations and their derivatives. Each is a pair (f, f′) in one table;
 * forward maps f over x, backward multiplies dy by f′(x) (the chain rule, element by element).
 * ReLU′(0) is taken as 0 (as in tfjs).
 */
import { expectRank, expectSameShape, map, NdArray, resultDtype, zeros } from "./ndarray";

interface Elementwise {
  f(v: number): number;
  df(v: number): number;
}

const sigmoidOf = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))); // no overflow either side

export const ACTIVATIONS: Record<"sigmoid" | "tanh" | "relu", Elementwise> = {
  sigmoid: { f: sigmoidOf, df: (v) => sigmoidOf(v) * (1 - sigmoidOf(v)) },
  tanh: { f: Math.tanh, df: (v) => 1 - Math.tanh(v) ** 2 },
  relu: { f: (v) => (v > 0 ? v : 0), df: (v) => (v > 0 ? 1 : 0) },
};

export type ActivationName = keyof typeof ACTIVATIONS;

function lookup(fn: string, name: ActivationName): Elementwise {
  const a = ACTIVATIONS[name];
  if (!a) throw new Error(`${fn}: name must be one of ${Object.keys(ACTIVATIONS).join(", ")}, got ${JSON.stringify(name)}`);
  return a;
}

/** y = f(x) element-wise, f one of sigmoid, tanh, relu. */
export function activationForward(name: ActivationName, x: NdArray): NdArray {
  return map(x, lookup("activationForward", name).f);
}

/** dx = dy · f′(x). */
export function activationBackward(name: ActivationName, dy: NdArray, x: NdArray): NdArray {
  const fn = "activationBackward";
  const { df } = lookup(fn, name);
  expectSameShape(fn, "x", x, "dy", dy);
  const dx = zeros(x.shape, resultDtype(dy, x));
  for (let k = 0; k < dx.data.length; k++) dx.data[k] = dy.data[k] * df(x.data[k]);
  return dx;
}

export const sigmoid = (x: NdArray): NdArray => activationForward("sigmoid", x);
export const tanh = (x: NdArray): NdArray => activationForward("tanh", x);
export const relu = (x: NdArray): NdArray => activationForward("relu", x);
export const sigmoidBackward = (dy: NdArray, x: NdArray): NdArray => activationBackward("sigmoid", dy, x);
export const tanhBackward = (dy: NdArray, x: NdArray): NdArray => activationBackward("tanh", dy, x);
export const reluBackward = (dy: NdArray, x: NdArray): NdArray => activationBackward("relu", dy, x);

function checkSlope(fn: string, x: NdArray, slope: NdArray): number {
  expectRank(fn, "slope", slope, "[C]");
  const C = x.shape[x.shape.length - 1];
  if (slope.shape[0] !== C && slope.shape[0] !== 1) {
    throw new Error(`${fn}: slope must have shape [${C}] (one per channel of x.shape ${JSON.stringify(x.shape)}) or [1], got ${JSON.stringify(slope.shape)}`);
  }
  return slope.shape[0];
}

/** PReLU: y = x for x > 0, slope_c · x otherwise; the slope is learned, one per channel (last axis) or shared ([1]). */
export function preluForward(x: NdArray, slope: NdArray): NdArray {
  const S = checkSlope("preluForward", x, slope);
  const y = zeros(x.shape, resultDtype(x, slope));
  for (let k = 0; k < y.data.length; k++) {
    const v = x.data[k];
    y.data[k] = v > 0 ? v : slope.data[k % S] * v;
  }
  return y;
}

/** dx = dy·(1 or slope); dslope_c = Σ over x ≤ 0 of dy·x (the slope is shared by all pixels of a channel). */
export function preluBackward(dy: NdArray, x: NdArray, slope: NdArray): { dx: NdArray; dslope: NdArray } {
  const fn = "preluBackward";
  const S = checkSlope(fn, x, slope);
  expectSameShape(fn, "x", x, "dy", dy);
  const dtype = resultDtype(dy, x, slope);
  const dx = zeros(x.shape, dtype);
  const dslope = zeros(slope.shape, dtype);
  for (let k = 0; k < dx.data.length; k++) {
    const v = x.data[k];
    dx.data[k] = v > 0 ? dy.data[k] : dy.data[k] * slope.data[k % S];
    if (v <= 0) dslope.data[k % S] += dy.data[k] * v;
  }
  return { dx, dslope };
}

