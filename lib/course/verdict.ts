/**
 * The verdict of a self-check: is an answer right, and if not, what kind of wrong — without
 * ever putting the expected value into the message (a student reads it; the shape of the
 * expected answer may be named, its numbers never).
 */
import { toValue, type Value } from "../grading/values";

/** What a self-check decides. */
export type SelfCheckStatus = "right" | "wrong" | "not-done";

export interface Verdict {
  status: SelfCheckStatus;
  /** What the student reads after the exercise's name: "right", "wrong sign", "not done yet", … */
  message: string;
}

/** The message of the error a stubbed solution throws (the student edition's `throw new Error("not implemented");`). */
export const NOT_IMPLEMENTED = "not implemented";

const RIGHT: Verdict = { status: "right", message: "right" };
const NOT_DONE: Verdict = { status: "not-done", message: "not done yet" };
const wrong = (message: string): Verdict => ({ status: "wrong", message });

/** The verdict when `answer()` threw `err`: not done for the stub's error, else wrong, with the error's message (it is the student's own). */
export function verdictOfError(err: unknown): Verdict {
  const message = err instanceof Error ? err.message : String(err);
  if (message === NOT_IMPLEMENTED) return NOT_DONE;
  return wrong(`your answer threw an error: ${message}`);
}

/**
 * Compares `got` with `expected`. Numbers (scalars, nested arrays, typed arrays, `{shape, data}`,
 * tf tensors) match element-wise when |got − expected| ≤ tol·(1 + |expected|); text matches
 * ignoring case and surrounding space; booleans exactly; a plain object field by field (extra
 * fields in the answer are ignored). `undefined` means the exercise is not done yet.
 */
export function judge(got: unknown, expected: unknown, tol: number): Verdict {
  if (got === undefined) return NOT_DONE;
  return compare(got, expected, tol, "");
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  const o = v as Record<string, unknown>;
  if (typeof o.dataSync === "function") return false; // a tf.Tensor
  if (Array.isArray(o.shape) && o.data !== undefined) return false; // an NdArray {shape, data}
  return true;
}

function compare(got: unknown, expected: unknown, tol: number, at: string): Verdict {
  const where = at ? `${at}: ` : "";
  if (isPlainRecord(expected)) {
    if (!isPlainRecord(got)) return wrong(`${where}wrong type — expected an object with fields ${Object.keys(expected).join(", ")}, got ${kindOf(got)}`);
    for (const key of Object.keys(expected)) {
      const field = at ? `${at}.${key}` : key;
      if (got[key] === undefined) return wrong(`${field}: missing from the answer`);
      const v = compare(got[key], expected[key], tol, field);
      if (v.status !== "right") return v;
    }
    return RIGHT;
  }
  if (typeof expected === "boolean") {
    if (typeof got !== "boolean") return wrong(`${where}wrong type — expected true or false, got ${kindOf(got)}`);
    return got === expected ? RIGHT : wrong(`${where}not the expected value`);
  }
  const want = toValue(expected, "selfCheck: the expected value");
  let have: Value;
  try {
    have = toValue(got, "the answer");
  } catch {
    return wrong(`${where}wrong type — expected ${kindOfValue(want)}, got ${kindOf(got)}`);
  }
  if ("text" in want || "text" in have) {
    if (!("text" in want && "text" in have)) return wrong(`${where}wrong type — expected ${kindOfValue(want)}, got ${kindOf(got)}`);
    return have.text.trim().toLowerCase() === want.text.trim().toLowerCase() ? RIGHT : wrong(`${where}not the expected value`);
  }
  return where ? prefixed(where, compareNumbers(have, want, tol)) : compareNumbers(have, want, tol);
}

function prefixed(where: string, v: Verdict): Verdict {
  return v.status === "right" ? v : wrong(where + v.message);
}

type Numbers = { shape: number[]; data: number[] };

function compareNumbers(got: Numbers, want: Numbers, tol: number): Verdict {
  if (got.shape.length !== want.shape.length) {
    const expectedDims = want.shape.length === 0 ? "a single number" : `${want.shape.length} dimension${want.shape.length === 1 ? "" : "s"} [${want.shape.map(() => "?").join(", ")}]`;
    const gotDims = got.shape.length === 0 ? "a single number" : `${got.shape.length} dimension${got.shape.length === 1 ? "" : "s"} ${JSON.stringify(got.shape)}`;
    return wrong(`wrong shape — expected ${expectedDims}, got ${gotDims}`);
  }
  if (got.shape.some((d, i) => d !== want.shape[i])) {
    return wrong(`wrong shape — expected shape ${JSON.stringify(want.shape)}, got ${JSON.stringify(got.shape)}`);
  }
  if (got.data.some((x) => Number.isNaN(x))) return wrong("not the expected value — the answer contains NaN");
  const g = got.data;
  const w = want.data;
  const within = (a: (k: number) => number): boolean => w.every((x, k) => Math.abs(a(k) - x) <= tol * (1 + Math.abs(x)));
  if (within((k) => g[k])) return RIGHT;
  const anyNonZero = w.some((x) => Math.abs(x) > tol);
  if (anyNonZero && within((k) => -g[k])) return wrong("wrong sign");
  // The least-squares scale r with got ≈ r·expected; a clean multiple is a typical slip (a missing 1/n, a doubled sum).
  const ww = w.reduce((s, x) => s + x * x, 0);
  const r = ww > 0 ? w.reduce((s, x, k) => s + x * g[k], 0) / ww : 0;
  const factor = Math.abs(r) >= 1 ? Math.abs(r) : 1 / Math.abs(r);
  if (r !== 0 && Number.isFinite(factor) && factor > 1.01 && within((k) => g[k] / r)) {
    const about = `off by a factor of about ${Number(factor.toPrecision(2))} (${Math.abs(r) > 1 ? "too large" : "too small"})`;
    return wrong(r < 0 ? `wrong sign and ${about}` : about);
  }
  if (w.every((x, k) => Math.abs(g[k] - x) <= 0.01 * (1 + Math.abs(x)))) {
    return wrong(`not the expected value — close, but not within the tolerance ${tol}`);
  }
  return wrong("not the expected value");
}

function kindOfValue(v: Value): string {
  if ("text" in v) return "text";
  return v.shape.length === 0 ? "a number" : `an array of shape ${JSON.stringify(v.shape)}`;
}

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "string") return "text";
  if (typeof v === "number") return "a number";
  if (typeof v === "boolean") return "a boolean";
  if (typeof v === "function") return "a function (call it?)";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return isPlainRecord(v) ? `an object with fields ${Object.keys(v).slice(0, 6).join(", ")}` : "an array";
  return typeof v;
}
