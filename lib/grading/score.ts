/**
 * Scores a submission's test outcomes against the instructor solution's, in the grader's own
 * process: the submission supplies only the values its code produced; what they are compared
 * with (expected values, tolerances, floors, true labels) comes from the instructor run.
 */
import type { CheckRecord } from "./checks";
import type { TestOutcome } from "./tester";
import type { TestSpec } from "./spec";
import { compareAccuracy, compareAtLeast, compareClose, compareEqual, Comparison } from "./values";

export interface CheckGrade {
  what: string;
  ok: boolean;
  message: string;
}

/** One test's result, as reported to the student. */
export interface TestGrade {
  id: string;
  hidden: boolean;
  points: number;
  earned: number;
  status: "passed" | "partial" | "failed";
  /** One line: why points were lost, or that all checks passed. */
  explanation: string;
  checks: CheckGrade[];
  /** The error the test cell ended with, if any. */
  error?: string;
  seconds: number;
}

/** Compares one submitted check with the instructor's check of the same position. */
export function gradeCheck(expected: CheckRecord, got: CheckRecord | undefined): CheckGrade {
  const what = expected.what;
  if (!got) return { what, ok: false, message: "not reached: the test stopped before this check" };
  if (got.kind !== expected.kind) return { what, ok: false, message: `a different check ran here (${got.kind} instead of ${expected.kind})` };
  let c: Comparison;
  switch (expected.kind) {
    case "close":
      c = compareClose(got.got, expected.got, expected.tol);
      break;
    case "equal":
      c = compareEqual(got.got, expected.got);
      break;
    case "atLeast":
      c = compareAtLeast(got.got, expected.floor);
      break;
    case "accuracy":
      c = compareAccuracy(got.got, expected.labels, expected.floor);
      break;
  }
  return { what, ok: c.ok, message: c.message };
}

/** JavaScript's own error types and the compiler's: the only error types a hidden test's feedback names. */
const BUILTIN_ERRORS = new Set(["Error", "TypeError", "RangeError", "ReferenceError", "SyntaxError", "EvalError", "URIError", "AggregateError", "TypeScriptError"]);

/** What a hidden test's check says: its description and whether it passed; the values compared could be its inputs. */
function hiddenCheck(c: CheckGrade): CheckGrade {
  return { what: c.what, ok: c.ok, message: c.ok ? "passed" : c.message.startsWith("not reached") ? c.message : "failed (values are not shown for hidden tests)" };
}

/**
 * The error a test ended with, as the student may see it: in full for a visible test; for a hidden
 * test only its type, whoever threw it — the test's message could quote its code or inputs, and so
 * could the submission's own (a function that throws its arguments would read the hidden inputs out).
 */
function shownError(spec: TestSpec, got: TestOutcome): string {
  const error = got.error ?? "the test failed";
  if (!spec.hidden || !got.errorType || got.status === "timeout" || got.status === "crashed") return error;
  // The type is the error's `name`, which a submission sets at will (`e.name = JSON.stringify(x)`): only the built-in names are shown.
  const type = BUILTIN_ERRORS.has(got.errorType) ? got.errorType : "Error";
  const article = /^[AEIOU]/i.test(type) ? "an" : "a";
  const where = got.errorFromSubmission ? "thrown by your code" : "in the hidden test's code";
  return `${article} ${type} ${where} (details are not shown for hidden tests: they could reveal its inputs)`;
}

/**
 * Points: the fraction of the instructor's checks that pass, times the test's points; a test
 * without checks passes when its cell runs without error. A test that fails on the instructor
 * solution scores nothing and says so (the assignment needs fixing, not the student).
 */
export function gradeTest(spec: TestSpec, expected: TestOutcome, got: TestOutcome): TestGrade {
  const base = { id: spec.id, hidden: spec.hidden, points: spec.points, seconds: got.seconds };
  const expectedBroken = expected.status !== "ok" || expected.checks.some((c) => !c.ok);
  if (expectedBroken) {
    const why = expected.error ?? expected.checks.find((c) => !c.ok)?.message ?? "unknown";
    return { ...base, earned: 0, status: "failed", checks: [], explanation: `this test fails on the instructor solution too (${why}); please tell the instructor` };
  }
  const compared = expected.checks.map((e, k) => gradeCheck(e, got.checks[k]));
  const checks = spec.hidden ? compared.map(hiddenCheck) : compared;
  const error = got.status === "ok" ? undefined : shownError(spec, got);
  let fraction: number;
  if (checks.length === 0) fraction = error ? 0 : 1;
  else fraction = checks.filter((c) => c.ok).length / checks.length;
  const earned = Math.round(spec.points * fraction * 1000) / 1000;
  const status = fraction === 1 && !error ? "passed" : earned > 0 ? "partial" : "failed";
  const passedCount = checks.filter((c) => c.ok).length;
  const explanation =
    status === "passed"
      ? checks.length
        ? `all ${checks.length} checks passed`
        : "ran without error"
      : [checks.length ? `${passedCount} of ${checks.length} checks passed` : "", error ? `the test ended with ${error}` : ""].filter(Boolean).join("; ");
  return { ...base, earned: status === "passed" ? spec.points : earned, status, checks, ...(error ? { error } : {}), explanation };
}
