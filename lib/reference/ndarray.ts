/**
 * The plain tensors of the reference implementations: a shape and a flat,
 * row-major typed array. No tfjs inside, so a student can read every loop.
 * Images are NHWC; conv weights are [kh, kw, cin, cout] (the tfjs layout).
 */
export type Data = Float32Array | Float64Array;

/** A dense row-major array: `data[((n * H + i) * W + j) * C + c]` for NHWC. */
export interface NdArray {
  shape: number[];
  data: Data;
}

export type DType = "float32" | "float64";

/** Nested JavaScript arrays of numbers, e.g. [[1, 2], [3, 4]]. */
export type Nested = number | Nested[];

export function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function checkShape(shape: number[], where: string): void {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
}

export function allocate(size: number, dtype: DType): Data {
  return dtype === "float64" ? new Float64Array(size) : new Float32Array(size);
}

export function dtypeOf(t: NdArray): DType {
  return t.data instanceof Float64Array ? "float64" : "float32";
}

/** float64 when any input is float64 (so gradient checks keep full precision), else float32. */
export function resultDtype(...ts: (NdArray | undefined)[]): DType {
  return ts.some((t) => t !== undefined && t.data instanceof Float64Array) ? "float64" : "float32";
}

export function zeros(shape: number[], dtype: DType = "float32"): NdArray {
  checkShape(shape, "zeros");
  return { shape: [...shape], data: allocate(sizeOf(shape), dtype) };
}

/**
 * `tensor([2, 2], [1, 2, 3, 4])` or `tensor([2, 2], 0)` (fill). The dtype follows a
 * typed array given as data, else `dtype` (default float32).
 */
export function tensor(shape: number[], data: ArrayLike<number> | number, dtype?: DType): NdArray {
  checkShape(shape, "tensor");
  const size = sizeOf(shape);
  const type: DType = dtype ?? (data instanceof Float64Array ? "float64" : "float32");
  const out = allocate(size, type);
  if (typeof data === "number") {
    out.fill(data);
  } else {
    if (data.length !== size) {
      throw new Error(
        `tensor: data has ${data.length} values but shape ${JSON.stringify(shape)} needs ${size}`,
      );
    }
    for (let i = 0; i < size; i++) out[i] = data[i];
  }
  return { shape: [...shape], data: out };
}

/** `fromNested([[1, 2], [3, 4]])` → shape [2, 2]. Ragged arrays are rejected. */
export function fromNested(nested: Nested, dtype: DType = "float32"): NdArray {
  const shape: number[] = [];
  let level: Nested = nested;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  const flat: number[] = [];
  const walk = (node: Nested, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof node !== "number") {
        throw new Error(`fromNested: value at ${path} is ${JSON.stringify(node)}, expected a number (ragged array?)`);
      }
      flat.push(node);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new Error(
        `fromNested: element at ${path} is ${JSON.stringify(node)}, expected an array of length ${shape[depth]} (ragged array?)`,
      );
    }
    node.forEach((child, k) => walk(child, depth + 1, `${path}[${k}]`));
  };
  walk(nested, 0, "nested");
  return tensor(shape, flat, dtype);
}

/** The inverse of fromNested: shape [2, 2] → [[a, b], [c, d]]. */
export function toNested(t: NdArray): Nested {
  if (t.shape.length === 0) return t.data[0];
  let offset = 0;
  const build = (depth: number): Nested[] => {
    const out: Nested[] = [];
    for (let k = 0; k < t.shape[depth]; k++) {
      out.push(depth === t.shape.length - 1 ? t.data[offset++] : build(depth + 1));
    }
    return out;
  };
  return build(0);
}

/** Throws unless `t` has rank `rank`; `what` names the argument and its axes, e.g. "x [N, H, W, C]". */
export function expectRank(fn: string, name: string, t: NdArray, axes: string): void {
  const rank = axes.split(",").length;
  if (t === null || typeof t !== "object" || !Array.isArray(t.shape) || !(t.data instanceof Float32Array || t.data instanceof Float64Array)) {
    throw new Error(`${fn}: ${name} must be an NdArray { shape, data: Float32Array | Float64Array }, got ${String(t)}`);
  }
  if (t.shape.length !== rank) {
    throw new Error(`${fn}: ${name} must have rank ${rank} ${axes}, got shape ${JSON.stringify(t.shape)}`);
  }
  if (sizeOf(t.shape) !== t.data.length) {
    throw new Error(`${fn}: ${name} has shape ${JSON.stringify(t.shape)} but ${t.data.length} values`);
  }
}

/** Throws unless two arrays have the same shape. */
export function expectSameShape(fn: string, nameA: string, a: NdArray, nameB: string, b: NdArray): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, k) => d !== b.shape[k])) {
    throw new Error(
      `${fn}: ${nameB} must have the shape of ${nameA} ${JSON.stringify(a.shape)}, got ${JSON.stringify(b.shape)}`,
    );
  }
}

/** Element-wise map into a new array of the same dtype. */
export function map(t: NdArray, f: (v: number, k: number) => number): NdArray {
  const out = zeros(t.shape, dtypeOf(t));
  for (let k = 0; k < t.data.length; k++) out.data[k] = f(t.data[k], k);
  return out;
}
