/**
 * The verdict of a self-check: is an answer right, and if not, what kind of wrong — without
 * ever putting the expected value into the message (a student reads it; the shape of the
 * expected answer may be named, its numbers never).
 */
import { toValue, type Value } from "../grading/values";
import { t } from "../i18n/t";

/** What a self-check decides. */
export type SelfCheckStatus = "right" | "wrong" | "not-done";

export interface Verdict {
  status: SelfCheckStatus;
  /** What the student reads after the exercise's name: "right", "wrong sign", "not done yet", … */
  message: string;
}

/** The message of the error a stubbed solution throws (the student edition's `throw new Error("not implemented");`). */
export const NOT_IMPLEMENTED = "not implemented";

// Messages in the current language (CNNLAB_LANG), built when a verdict is made so a kernel started in Polish prints Polish.
const right = (): Verdict => ({ status: "right", message: t("check.right") });
const notDone = (): Verdict => ({ status: "not-done", message: t("check.notDone") });
const wrong = (message: string): Verdict => ({ status: "wrong", message });

/** The verdict when `answer()` threw `err`: not done for the stub's error, else wrong, with the error's message (it is the student's own). */
export function verdictOfError(err: unknown): Verdict {
  const message = err instanceof Error ? err.message : String(err);
  if (message === NOT_IMPLEMENTED) return notDone();
  return wrong(t("check.threw", { message }));
}

/**
 * Compares `got` with `expected`. Numbers (scalars, nested arrays, typed arrays, `{shape, data}`,
 * tf tensors) match element-wise when |got − expected| ≤ tol·(1 + |expected|); text matches
 * ignoring case and surrounding space; booleans exactly; a plain object field by field (extra
 * fields in the answer are ignored). `undefined` means the exercise is not done yet.
 */
export function judge(got: unknown, expected: unknown, tol: number): Verdict {
  if (got === undefined) return notDone();
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
    if (!isPlainRecord(got)) return wrong(where + t("check.wrongType", { expected: t("check.kind.object", { fields: Object.keys(expected).join(", ") }), got: kindOf(got) }));
    for (const key of Object.keys(expected)) {
      const field = at ? `${at}.${key}` : key;
      if (got[key] === undefined) return wrong(t("check.missing", { field }));
      const v = compare(got[key], expected[key], tol, field);
      if (v.status !== "right") return v;
    }
    return right();
  }
  if (typeof expected === "boolean") {
    if (typeof got !== "boolean") return wrong(where + t("check.wrongType", { expected: t("check.kind.trueFalse"), got: kindOf(got) }));
    return got === expected ? right() : wrong(where + t("check.notExpected"));
  }
  const want = toValue(expected, "selfCheck: the expected value");
  let have: Value;
  try {
    have = toValue(got, "the answer");
  } catch {
    return wrong(where + t("check.wrongType", { expected: kindOfValue(want), got: kindOf(got) }));
  }
  if ("text" in want || "text" in have) {
    if (!("text" in want && "text" in have)) return wrong(where + t("check.wrongType", { expected: kindOfValue(want), got: kindOf(got) }));
    return have.text.trim().toLowerCase() === want.text.trim().toLowerCase() ? right() : wrong(where + t("check.notExpected"));
  }
  return where ? prefixed(where, compareNumbers(have, want, tol)) : compareNumbers(have, want, tol);
}

function prefixed(where: string, v: Verdict): Verdict {
  return v.status === "right" ? v : wrong(where + v.message);
}

type Numbers = { shape: number[]; data: number[] };

function compareNumbers(got: Numbers, want: Numbers, tol: number): Verdict {
  if (got.shape.length !== want.shape.length) {
    const expectedDims = want.shape.length === 0 ? t("check.kind.singleNumber") : t("check.kind.dims", { count: want.shape.length, shape: `[${want.shape.map(() => "?").join(", ")}]` });
    const gotDims = got.shape.length === 0 ? t("check.kind.singleNumber") : t("check.kind.dims", { count: got.shape.length, shape: JSON.stringify(got.shape) });
    return wrong(t("check.wrongShape", { expected: expectedDims, got: gotDims }));
  }
  if (got.shape.some((d, i) => d !== want.shape[i])) {
    return wrong(t("check.wrongShape", { expected: t("check.shape", { shape: JSON.stringify(want.shape) }), got: JSON.stringify(got.shape) }));
  }
  if (got.data.some((x) => Number.isNaN(x))) return wrong(t("check.nan"));
  const g = got.data;
  const w = want.data;
  const within = (a: (k: number) => number): boolean => w.every((x, k) => Math.abs(a(k) - x) <= tol * (1 + Math.abs(x)));
  if (within((k) => g[k])) return right();
  const anyNonZero = w.some((x) => Math.abs(x) > tol);
  if (anyNonZero && within((k) => -g[k])) return wrong(t("check.wrongSign"));
  // The least-squares scale r with got ≈ r·expected; a clean multiple is a typical slip (a missing 1/n, a doubled sum).
  const ww = w.reduce((s, x) => s + x * x, 0);
  const r = ww > 0 ? w.reduce((s, x, k) => s + x * g[k], 0) / ww : 0;
  const factor = Math.abs(r) >= 1 ? Math.abs(r) : 1 / Math.abs(r);
  if (r !== 0 && Number.isFinite(factor) && factor > 1.01 && within((k) => g[k] / r)) {
    const about = t("check.factor", { factor: Number(factor.toPrecision(2)), direction: t(Math.abs(r) > 1 ? "check.tooLarge" : "check.tooSmall") });
    return wrong(r < 0 ? t("check.wrongSignAnd", { about }) : about);
  }
  if (w.every((x, k) => Math.abs(g[k] - x) <= 0.01 * (1 + Math.abs(x)))) {
    return wrong(t("check.close", { tol }));
  }
  return wrong(t("check.notExpected"));
}

function kindOfValue(v: Value): string {
  if ("text" in v) return t("check.kind.text");
  return v.shape.length === 0 ? t("check.kind.number") : t("check.kind.arrayOfShape", { shape: JSON.stringify(v.shape) });
}

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "string") return t("check.kind.text");
  if (typeof v === "number") return t("check.kind.number");
  if (typeof v === "boolean") return t("check.kind.boolean");
  if (typeof v === "function") return t("check.kind.function");
  if (Array.isArray(v)) return t("check.kind.array");
  if (typeof v === "object") return isPlainRecord(v) ? t("check.kind.object", { fields: Object.keys(v).slice(0, 6).join(", ") }) : t("check.kind.array");
  return typeof v;
}
