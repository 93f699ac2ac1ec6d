/** Reads tensors and nested number arrays into one flat form: shape + row-major data. */
import * as tf from "@tensorflow/tfjs";

/** A tensor, or a (rectangular) nested array of numbers; or a tensor already read by `readTensors`. */
export type NumericInput = tf.Tensor | number | NestedNumbers | TensorValues;
export interface NestedNumbers extends ReadonlyArray<number | NestedNumbers> {}

/** Row-major values: float32 as tensors hold them, float64 for JS arrays (no rounding of 0.3). */
export type Values = Float32Array | Float64Array;

export interface Dense {
  shape: number[];
  data: Values;
}

/** A tensor's shape and values, read with `await` (see `readTensors`); displays take it where they take the tensor. */
export class TensorValues {
  constructor(
    readonly shape: number[],
    readonly data: Float32Array,
  ) {}
}

/**
 * `x` with every tensor in it (at any depth of arrays and plain objects) replaced by its values,
 * read with `await t.data()`: a display reads tensors asynchronously, so it works on backends
 * that cannot read synchronously (webgpu in Node). Anything else is returned as it is.
 */
export async function readTensors<T>(x: T): Promise<T> {
  if (x instanceof tf.Tensor) {
    if (x.isDisposed) return x; // toDense names the argument in its error
    return new TensorValues(x.shape.slice(), Float32Array.from((await x.data()) as ArrayLike<number>)) as unknown as T;
  }
  if (Array.isArray(x)) {
    // Plain number arrays (the common case, possibly large) need no copy.
    if (!x.some((v) => v !== null && typeof v === "object")) return x;
    return (await Promise.all(x.map((v) => readTensors(v)))) as unknown as T;
  }
  if (x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype) {
    const entries = await Promise.all(Object.entries(x as Record<string, unknown>).map(async ([k, v]) => [k, await readTensors(v)] as const));
    return Object.fromEntries(entries) as T;
  }
  return x;
}

/** Shape as users write it in messages, e.g. [28, 28, 1]. */
export const describeShape = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

/**
 * Flattens `x` (named `argName` in errors). Ragged arrays and non-numbers are rejected
 * with the path of the first offending element, because a silent reshape would draw
 * garbage.
 */
export function toDense(x: NumericInput, argName: string): Dense {
  if (x instanceof TensorValues) return { shape: x.shape.slice(), data: x.data };
  if (x instanceof tf.Tensor) {
    if (x.isDisposed) throw new Error(`${argName}: the tensor was already disposed`);
    return { shape: x.shape.slice(), data: Float32Array.from(x.dataSync() as ArrayLike<number>) };
  }
  if (typeof x === "number") return { shape: [], data: Float64Array.of(x) };
  if (!Array.isArray(x)) {
    throw new Error(`${argName}: expected a tf.Tensor or a nested array of numbers, received ${typeName(x)}`);
  }
  const shape: number[] = [];
  for (let level: unknown = x; Array.isArray(level); level = level[0]) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const data = new Float64Array(shape.reduce((a, b) => a * b, 1));
  let offset = 0;
  const walk = (node: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof node !== "number") {
        throw new Error(`${argName}${path}: expected a number, received ${typeName(node)}`);
      }
      data[offset++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      const got = Array.isArray(node) ? `an array of length ${node.length}` : typeName(node);
      throw new Error(
        `${argName}${path}: ragged array — expected an array of length ${shape[depth]} ` +
          `(shape ${describeShape(shape)}), received ${got}`,
      );
    }
    node.forEach((child, k) => walk(child, depth + 1, `${path}[${k}]`));
  };
  walk(x, 0, "");
  return { shape, data };
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return `${typeof v} ${String(v)}`;
}

/** Minimum and maximum over finite values (NaN, NaN if there are none). */
export function finiteRange(data: ArrayLike<number>): { min: number; max: number; nonFinite: number; integers: boolean } {
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  let integers = true; // every finite value is a whole number (byte images are)
  for (let k = 0; k < data.length; k++) {
    const v = data[k];
    if (!Number.isFinite(v)) nonFinite++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
      if (integers && v !== Math.round(v)) integers = false;
    }
  }
  return min <= max ? { min, max, nonFinite, integers } : { min: NaN, max: NaN, nonFinite, integers };
}
