/**
 * Plain values that cross the process boundary: whatever a check receives (numbers, nested arrays,
 * typed arrays, reference NdArrays, tf tensors, strings, booleans) becomes `{shape, data}` or
 * `{text}`, and comparisons of such values, used by the notebook's checks and by the grader.
 */

/** A check's value as plain data: numbers with a shape (a scalar has shape []), or text. */
export type Value = { shape: number[]; data: number[] } | { text: string };

import { currentLang, type Lang } from "../i18n/lang";
import { t } from "../i18n/t";

/** What `toValue` accepts. */
export type Numeric = number | boolean | string | ArrayLike<number> | NestedNumbers | { shape: number[]; data: ArrayLike<number> } | TensorLike;
export type NestedNumbers = Array<number | NestedNumbers>;
/** The part of a tf.Tensor that `toValue` reads. */
export interface TensorLike {
  shape: number[];
  dataSync(): ArrayLike<number>;
}

function isTensorLike(v: object): v is TensorLike {
  return typeof (v as TensorLike).dataSync === "function" && Array.isArray((v as TensorLike).shape);
}

/** The shape and flat data of nested arrays; throws on ragged arrays. */
function flattenNested(v: unknown[], what: string): { shape: number[]; data: number[] } {
  const shape: number[] = [];
  for (let level: unknown = v; Array.isArray(level); level = level[0]) shape.push(level.length);
  const data: number[] = [];
  const walk = (x: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof x !== "number") throw new Error(`${what}: ${t("value.notNumber", { found: String(JSON.stringify(x)) })}`);
      data.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) {
      throw new Error(`${what}: ${t("value.ragged", { want: shape[depth], depth, got: Array.isArray(x) ? x.length : String(JSON.stringify(x)) })}`);
    }
    for (const y of x) walk(y, depth + 1);
  };
  walk(v, 0);
  return { shape, data };
}

/**
 * Copies array-likes with an index loop into a fresh array: no Array.from or push, which a
 * submission could have replaced to swap the values a check reports.
 */
function copyNumbers(src: ArrayLike<number>): number[] {
  const n = src.length;
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) out[k] = +src[k];
  return out;
}

/** Converts what a check received into plain data; `what` names it in errors. */
export function toValue(v: Numeric | unknown, what: string): Value {
  if (typeof v === "number") return { shape: [], data: [v] };
  if (typeof v === "boolean") return { shape: [], data: [v ? 1 : 0] };
  if (typeof v === "string") return { text: v };
  if (typeof v === "object" && v !== null) {
    if (isTensorLike(v)) return { shape: copyNumbers(v.shape), data: copyNumbers(v.dataSync()) };
    if (Array.isArray(v)) return flattenNested(v, what);
    if (ArrayBuffer.isView(v)) return { shape: [(v as unknown as ArrayLike<number>).length], data: copyNumbers(v as unknown as ArrayLike<number>) };
    const o = v as { shape?: unknown; data?: unknown };
    if (Array.isArray(o.shape) && o.data !== undefined && (ArrayBuffer.isView(o.data) || Array.isArray(o.data))) {
      const data = copyNumbers(o.data as ArrayLike<number>);
      const size = (o.shape as number[]).reduce((a, b) => a * b, 1);
      if (size !== data.length) throw new Error(`${what}: ${t("value.shapeData", { shape: JSON.stringify(o.shape), size, count: data.length })}`);
      return { shape: copyNumbers(o.shape as number[]), data };
    }
  }
  throw new Error(`${what}: ${t("value.kind", { got: describe(v) })}`);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === "object") return t("value.objectWithKeys", { keys: JSON.stringify(Object.keys(v as object).slice(0, 6)) });
  return `${typeof v} ${String(v).slice(0, 40)}`;
}

/** Checks that data from another process really is a Value (it is not trusted). */
export function isValue(v: unknown): v is Value {
  if (typeof v !== "object" || v === null) return false;
  const o = v as Record<string, unknown>;
  if (typeof o.text === "string") return true;
  return (
    Array.isArray(o.shape) &&
    o.shape.every((d) => Number.isInteger(d) && (d as number) >= 0) &&
    Array.isArray(o.data) &&
    o.data.every((x) => typeof x === "number") &&
    (o.shape as number[]).reduce((a, b) => a * b, 1) === o.data.length
  );
}

/** Readable form of a value: text quoted, scalars as numbers, arrays by shape. */
export function showValue(v: Value, lang: Lang = currentLang()): string {
  if ("text" in v) return JSON.stringify(v.text.length > 200 ? v.text.slice(0, 197) + "..." : v.text);
  if (v.shape.length === 0) return fmt(v.data[0]);
  return t("check.kind.arrayOfShape", { shape: JSON.stringify(v.shape) }, lang);
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : Number(x.toPrecision(6)).toString();
}

/** The multi-index of flat position k in a row-major array of `shape`. */
function unflatten(k: number, shape: number[]): number[] {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(k % shape[d]);
    k = Math.floor(k / shape[d]);
  }
  return idx;
}

export interface Comparison {
  ok: boolean;
  /** Why it failed (expected vs got), or what was checked when it passed. */
  message: string;
}

function sameShape(got: Value, want: Value, lang: Lang): Comparison | null {
  if ("text" in want || "text" in got) {
    if ("text" in want && "text" in got) return null;
    return { ok: false, message: t("grade.expectedGot", { want: showValue(want, lang), got: showValue(got, lang) }, lang) };
  }
  if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i])) {
    return { ok: false, message: t("grade.expectedShape", { want: JSON.stringify(want.shape), got: JSON.stringify(got.shape) }, lang) };
  }
  return null;
}

/**
 * Element-wise |got − want| ≤ tol·(1 + |want|) (absolute near zero, relative for large values);
 * NaN matches nothing. The message names the worst element, in `lang` (the submission's, in the grader).
 */
export function compareClose(got: Value, want: Value, tol: number, lang: Lang = currentLang()): Comparison {
  const shape = sameShape(got, want, lang);
  if (shape) return shape;
  if ("text" in got || "text" in want) return compareEqual(got, want, lang);
  let worst = -1;
  let worstErr = -Infinity;
  let bad = 0;
  for (let k = 0; k < want.data.length; k++) {
    const err = Math.abs(got.data[k] - want.data[k]);
    const excess = Number.isNaN(err) ? Infinity : err - tol * (1 + Math.abs(want.data[k]));
    if (excess > 0) bad += 1;
    if (excess > worstErr) {
      worstErr = excess;
      worst = k;
    }
  }
  const n = want.data.length;
  if (bad === 0) {
    return { ok: true, message: n === 1 ? t("grade.within", { got: fmt(got.data[0]), tol }, lang) : t("grade.allWithin", { count: n, tol }, lang) };
  }
  const pair = { want: fmt(want.data[worst]), got: fmt(got.data[worst]) };
  if (n === 1) return { ok: false, message: t("grade.expectedGot", pair, lang) };
  return { ok: false, message: t("grade.worst", { bad, count: n, tol, index: unflatten(worst, want.shape).join(", "), ...pair }, lang) };
}

/** Exact equality (shapes, numbers, text). */
export function compareEqual(got: Value, want: Value, lang: Lang = currentLang()): Comparison {
  const shape = sameShape(got, want, lang);
  if (shape) return shape;
  if ("text" in got && "text" in want) {
    return got.text === want.text
      ? { ok: true, message: t("grade.equals", { value: showValue(want, lang) }, lang) }
      : { ok: false, message: t("grade.expectedGot", { want: showValue(want, lang), got: showValue(got, lang) }, lang) };
  }
  const g = got as { shape: number[]; data: number[] };
  const w = want as { shape: number[]; data: number[] };
  const k = w.data.findIndex((x, i) => !Object.is(x, g.data[i]) && x !== g.data[i]);
  if (k < 0) return { ok: true, message: w.shape.length ? t("grade.equalsArray", { shape: JSON.stringify(w.shape) }, lang) : t("grade.equals", { value: fmt(w.data[0]) }, lang) };
  const pair = { want: fmt(w.data[k]), got: fmt(g.data[k]) };
  return { ok: false, message: w.shape.length ? t("grade.expectedAt", { ...pair, index: unflatten(k, w.shape).join(", ") }, lang) : t("grade.expectedGot", pair, lang) };
}

/** got ≥ floor for a scalar. */
export function compareAtLeast(got: Value, floor: number, lang: Lang = currentLang()): Comparison {
  if ("text" in got || got.data.length !== 1) return { ok: false, message: t("grade.singleNumber", { floor, got: showValue(got, lang) }, lang) };
  const x = got.data[0];
  return x >= floor ? { ok: true, message: t("grade.atLeastOk", { got: fmt(x), floor }, lang) } : { ok: false, message: t("grade.atLeast", { floor, got: fmt(x) }, lang) };
}

/** Fraction of predicted labels equal to the true labels, and whether it reaches `floor`. */
export function compareAccuracy(predicted: Value, labels: Value, floor: number, lang: Lang = currentLang()): Comparison & { accuracy: number } {
  const shape = sameShape(predicted, labels, lang);
  if (shape) return { ...shape, accuracy: 0 };
  const p = (predicted as { data: number[] }).data;
  const y = (labels as { data: number[] }).data;
  let right = 0;
  for (let k = 0; k < y.length; k++) if (p[k] === y[k]) right += 1;
  const accuracy = y.length ? right / y.length : 0;
  const pct = (a: number): string => `${(100 * a).toFixed(2)}%`;
  const message = t("grade.accuracy", { right, count: y.length, accuracy: pct(accuracy), op: accuracy >= floor ? "≥" : "<", floor: pct(floor) }, lang);
  return { ok: accuracy >= floor, message, accuracy };
}
