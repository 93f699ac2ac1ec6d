/**
 * Scores a submission's test outcomes against the instructor solution's, in the grader's own
 * process: the submission supplies only the values its code produced; what they are compared
 * with (expected values, tolerances, floors, true labels) comes from the instructor run.
 */
import type { CheckRecord } from "./checks";
import type { TestOutcome } from "./tester";
import type { TestSpec } from "./spec";
import { compareAccuracy, compareAtLeast, compareClose, compareEqual, Comparison } from "./values";
import type { Lang } from "../i18n/lang";
import { t } from "../i18n/t";

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

/** Compares one submitted check with the instructor's check of the same position; messages in `lang` (the submission's). */
export function gradeCheck(expected: CheckRecord, got: CheckRecord | undefined, lang: Lang = "en"): CheckGrade {
  const what = expected.what;
  if (!got) return { what, ok: false, message: t("grade.notReached", {}, lang) };
  if (got.kind !== expected.kind) return { what, ok: false, message: t("grade.otherCheck", { got: got.kind, want: expected.kind }, lang) };
  let c: Comparison;
  switch (expected.kind) {
    case "close":
      c = compareClose(got.got, expected.got, expected.tol, lang);
      break;
    case "equal":
      c = compareEqual(got.got, expected.got, lang);
      break;
    case "atLeast":
      c = compareAtLeast(got.got, expected.floor, lang);
      break;
    case "accuracy":
      c = compareAccuracy(got.got, expected.labels, expected.floor, lang);
      break;
  }
  return { what, ok: c.ok, message: c.message };
}

/** JavaScript's own error types and the compiler's: the only error types a hidden test's feedback names. */
const BUILTIN_ERRORS = new Set(["Error", "TypeError", "RangeError", "ReferenceError", "SyntaxError", "EvalError", "URIError", "AggregateError", "TypeScriptError"]);

/** What a hidden test's check says: its description and whether it passed; the values compared could be its inputs. */
function hiddenCheck(c: CheckGrade, lang: Lang): CheckGrade {
  return { what: c.what, ok: c.ok, message: c.ok ? t("grade.hiddenPassed", {}, lang) : c.message === t("grade.notReached", {}, lang) ? c.message : t("grade.hiddenFailed", {}, lang) };
}

/**
 * The error a test ended with, as the student may see it: in full for a visible test; for a hidden
 * test only its type, whoever threw it — the test's message could quote its code or inputs, and so
 * could the submission's own (a function that throws its arguments would read the hidden inputs out).
 */
function shownError(spec: TestSpec, got: TestOutcome, lang: Lang): string {
  const error = got.error ?? t("grade.testFailed", {}, lang);
  if (!spec.hidden || !got.errorType || got.status === "timeout" || got.status === "crashed") return error;
  // The type is the error's `name`, which a submission sets at will (`e.name = JSON.stringify(x)`): only the built-in names are shown.
  const type = BUILTIN_ERRORS.has(got.errorType) ? got.errorType : "Error";
  // English puts an article before the type ("an Error", "a TypeError"); the other catalogues name it after a noun ("błąd typu Error").
  const named = lang === "en" ? `${/^[AEIOU]/i.test(type) ? "an" : "a"} ${type}` : type;
  return t(got.errorFromSubmission ? "grade.hiddenErrorYours" : "grade.hiddenErrorTest", { type: named }, lang);
}

/**
 * Points: the fraction of the instructor's checks that pass, times the test's points; a test
 * without checks passes when its cell runs without error. A test that fails on the instructor
 * solution scores nothing and says so (the assignment needs fixing, not the student). What the
 * student reads is in `lang`, the submission's language.
 */
export function gradeTest(spec: TestSpec, expected: TestOutcome, got: TestOutcome, lang: Lang = "en"): TestGrade {
  const base = { id: spec.id, hidden: spec.hidden, points: spec.points, seconds: got.seconds };
  const expectedBroken = expected.status !== "ok" || expected.checks.some((c) => !c.ok);
  if (expectedBroken) {
    const why = expected.error ?? expected.checks.find((c) => !c.ok)?.message ?? "unknown";
    return { ...base, earned: 0, status: "failed", checks: [], explanation: t("grade.instructorFails", { why }, lang) };
  }
  const compared = expected.checks.map((e, k) => gradeCheck(e, got.checks[k], lang));
  const checks = spec.hidden ? compared.map((c) => hiddenCheck(c, lang)) : compared;
  const error = got.status === "ok" ? undefined : shownError(spec, got, lang);
  let fraction: number;
  if (checks.length === 0) fraction = error ? 0 : 1;
  else fraction = checks.filter((c) => c.ok).length / checks.length;
  const earned = Math.round(spec.points * fraction * 1000) / 1000;
  const status = fraction === 1 && !error ? "passed" : earned > 0 ? "partial" : "failed";
  const passedCount = checks.filter((c) => c.ok).length;
  const explanation =
    status === "passed"
      ? checks.length
        ? t("grade.allPassed", { count: checks.length }, lang)
        : t("grade.ranClean", {}, lang)
      : [checks.length ? t("grade.somePassed", { passed: passedCount, count: checks.length }, lang) : "", error ? t("grade.endedWith", { error }, lang) : ""].filter(Boolean).join("; ");
  return { ...base, earned: status === "passed" ? spec.points : earned, status, checks, ...(error ? { error } : {}), explanation };
}
