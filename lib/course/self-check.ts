/**
 * `selfCheck(name, answer, expected)`: the cell after an exercise. It tells the student right or
 * wrong — and what kind of wrong — in one line, never showing the expected value, and records
 * `{selfCheck: {name, status}}` for the notebook tests (see record.ts).
 */
import { record } from "./record";
import { judge, verdictOfError, type SelfCheckStatus, type Verdict } from "./verdict";

export type { SelfCheckStatus } from "./verdict";

export interface SelfCheckArgs {
  /**
   * Numbers match when |answer − expected| ≤ tol·(1 + |expected|) element-wise (absolute near
   * zero, relative for large values; the rule of `check.close`). Default: 1e-4, loose enough for
   * float32 arithmetic, tight enough that a wrong formula never passes.
   */
  tol?: number;
}

const MARK: Record<SelfCheckStatus, string> = { right: "✓", wrong: "✗", "not-done": "…" };

/**
 * Runs `answer()` and compares what it returns with `expected`; prints one line such as
 * `✓ Exercise 2.1: right`, `✗ Exercise 2.1: off by a factor of about 2 (too large)` or
 * `… Exercise 2.1: not done yet` (when `answer()` throws the stub's "not implemented" error or
 * returns undefined). `name` is printed as given ("Exercise 2.1"). When `answer` returns a
 * Promise, so does selfCheck: `await selfCheck(...)`. It returns nothing else, so that a cell
 * ending with it shows only the line.
 */
export function selfCheck(name: string, answer: () => Promise<unknown>, expected: unknown, args?: SelfCheckArgs): Promise<void>;
export function selfCheck(name: string, answer: () => unknown, expected: unknown, args?: SelfCheckArgs): void;
export function selfCheck(name: string, answer: () => unknown, expected: unknown, args: SelfCheckArgs = {}): void | Promise<void> {
  if (typeof name !== "string" || name.trim() === "") throw new Error(`selfCheck: name must name the exercise, e.g. "Exercise 2.1", got ${JSON.stringify(name)}`);
  if (typeof answer !== "function") throw new Error(`selfCheck("${name}"): answer must be a function that computes the answer, e.g. () => outputSize(28, 5), got ${typeof answer}`);
  const tol = args.tol ?? 1e-4;
  if (typeof tol !== "number" || !(tol >= 0)) throw new Error(`selfCheck("${name}"): tol must be a number >= 0, got ${JSON.stringify(tol)}`);
  let got: unknown;
  try {
    got = answer();
  } catch (err) {
    return report(name, verdictOfError(err));
  }
  if (isThenable(got)) {
    return Promise.resolve(got).then(
      (value) => report(name, judge(value, expected, tol)),
      (err) => report(name, verdictOfError(err)),
    );
  }
  return report(name, judge(got, expected, tol));
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === "object" && v !== null && typeof (v as PromiseLike<unknown>).then === "function";
}

function report(name: string, verdict: Verdict): void {
  console.log(`${MARK[verdict.status]} ${name}: ${verdict.message}`);
  record({ selfCheck: { name, status: verdict.status } });
}
