/**
 * Checks for assignment test cells: `import { check } from "cnnlab"`.
 *
 * In Jupyter a check prints ✓ or throws with expected vs got. Under `cnnlab grade` it throws
 * nothing: it reports the value it received, as plain data, to the grader, which compares it in
 * its own process with the value the instructor solution gave there (so patching Math, tf or
 * this module inside a submission cannot make a check pass).
 */
import { compareAccuracy, compareAtLeast, compareClose, compareEqual, Comparison, Numeric, toValue, Value } from "./values";

/** What one check reports: the value it got, plus what it was compared with in the notebook. */
export type CheckRecord =
  | { kind: "close"; what: string; got: Value; want: Value; tol: number; ok: boolean; message: string }
  | { kind: "equal"; what: string; got: Value; want: Value; ok: boolean; message: string }
  | { kind: "atLeast"; what: string; got: Value; floor: number; ok: boolean; message: string }
  | { kind: "accuracy"; what: string; got: Value; labels: Value; floor: number; ok: boolean; message: string };

/** The global through which the grader's notebook process receives check records. */
export const CHECK_SINK = Symbol.for("cnnlab.grading.checkSink");

type Sink = (record: CheckRecord) => void;

function sink(): Sink | undefined {
  const s = (globalThis as Record<symbol, unknown>)[CHECK_SINK];
  return typeof s === "function" ? (s as Sink) : undefined;
}

/** A value, or text describing why it is not one (so the check fails with a reason instead of crashing). */
function capture(v: unknown, what: string): Value {
  try {
    return toValue(v, what);
  } catch (err) {
    return { text: `<${(err as Error).message}>` };
  }
}

function requireWhat(fn: string, what: unknown): string {
  if (typeof what !== "string" || what.trim() === "") {
    throw new Error(`check.${fn}: the first argument "what" must describe the check, e.g. "conv output for a 5x5 input", got ${JSON.stringify(what)}`);
  }
  return what;
}

function finish(record: CheckRecord): boolean {
  const report = sink();
  if (report) {
    report(record);
    return record.ok;
  }
  if (!record.ok) {
    const err = new Error(`${record.what}: ${record.message}`);
    err.name = "CheckFailed";
    throw err;
  }
  console.log(`✓ ${record.what}: ${record.message}`);
  return true;
}

function withComparison<T extends object>(r: T, c: Comparison): T & { ok: boolean; message: string } {
  return { ...r, ok: c.ok, message: c.message };
}

/** Frozen, so a submission cannot replace a method; test cells import it themselves, so a notebook's own `check` cannot stand in. */
export const check = Object.freeze({
  /** `got` matches `want` element-wise within tol·(1 + |want|). Default tol 1e-5. */
  close(what: string, got: Numeric, want: Numeric, tol = 1e-5): boolean {
    requireWhat("close", what);
    if (typeof tol !== "number" || !(tol >= 0)) throw new Error(`check.close: tol must be a number >= 0, got ${JSON.stringify(tol)}`);
    const g = capture(got, `${what} (got)`);
    const w = toValue(want, `${what} (expected)`);
    return finish(withComparison({ kind: "close" as const, what, got: g, want: w, tol }, compareClose(g, w, tol)));
  },
  /** `got` equals `want` exactly: shapes, integers, strings, booleans. */
  equal(what: string, got: Numeric, want: Numeric): boolean {
    requireWhat("equal", what);
    const g = capture(got, `${what} (got)`);
    const w = toValue(want, `${what} (expected)`);
    return finish(withComparison({ kind: "equal" as const, what, got: g, want: w }, compareEqual(g, w)));
  },
  /** The number `got` is at least `floor` (e.g. a final training accuracy). */
  atLeast(what: string, got: number, floor: number): boolean {
    requireWhat("atLeast", what);
    if (typeof floor !== "number" || Number.isNaN(floor)) throw new Error(`check.atLeast: floor must be a number, got ${JSON.stringify(floor)}`);
    const g = capture(got, `${what} (got)`);
    return finish(withComparison({ kind: "atLeast" as const, what, got: g, floor }, compareAtLeast(g, floor)));
  },
  /**
   * The fraction of `predicted` class labels equal to `labels` is at least `floor`. Under the
   * grader only the predictions come from the submission; the labels are the instructor run's.
   */
  accuracy(what: string, predicted: Numeric, labels: Numeric, floor: number): boolean {
    requireWhat("accuracy", what);
    if (typeof floor !== "number" || !(floor >= 0 && floor <= 1)) throw new Error(`check.accuracy: floor must be a fraction in [0, 1], got ${JSON.stringify(floor)}`);
    const g = capture(predicted, `${what} (predicted labels)`);
    const y = toValue(labels, `${what} (labels)`);
    return finish(withComparison({ kind: "accuracy" as const, what, got: g, labels: y, floor }, compareAccuracy(g, y, floor)));
  },
});
