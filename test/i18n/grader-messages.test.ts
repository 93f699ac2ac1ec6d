/**
 * What a student reads in the grader's feedback comes from the message catalogue in the
 * submission's language: the checks' lines (right, wrong value, wrong shape, not reached), the
 * hidden tests' lines and each test's explanation. (Pages and the grade command: feedback.test.ts.)
 */
import type { CheckRecord } from "../../lib/grading/checks";
import { gradeTest } from "../../lib/grading/score";
import type { TestSpec } from "../../lib/grading/spec";
import type { TestOutcome } from "../../lib/grading/tester";
import { compareAccuracy, compareAtLeast, compareClose, compareEqual } from "../../lib/grading/values";
import { LANGS, type Lang } from "../../lib/i18n/lang";
import { t } from "../../lib/i18n/t";

const v = (shape: number[], data: number[]) => ({ shape, data });
const close = (data: number[]): CheckRecord => ({ kind: "close", what: "values", got: v([data.length], data), want: v([data.length], data), tol: 1e-6, ok: true, message: "" });
const outcome = (checks: CheckRecord[], error?: string): TestOutcome => ({
  status: error ? "error" : "ok",
  error,
  ...(error ? { errorType: "Error", errorFromSubmission: true } : {}),
  checks,
  seconds: 0.1,
});
const spec = (hidden: boolean): TestSpec => ({ id: "t", points: 3, hidden, timeoutS: 10, source: "", cellNumber: 2 });
const expected = outcome([close([1, 2]), close([3]), close([4])]);

/** Every English word of these messages (the translation of each is checked against the catalogue below). */
const ENGLISH = /\b(expected|got|within|values|differ|checks?|passed|failed|reached|thrown|hidden|right|required|equals)\b/;

describe.each(LANGS)("%s", (lang: Lang) => {
  it("check lines: within the tolerance, a wrong value, a wrong shape, equal, at least, accuracy", () => {
    const messages = [
      compareClose(v([2], [1, 2]), v([2], [1, 2]), 1e-6, lang),
      compareClose(v([2, 2], [1, 2, 3, 5]), v([2, 2], [1, 2, 3, 4]), 1e-6, lang),
      compareClose(v([3], [1, 2, 3]), v([1, 3], [1, 2, 3]), 1e-6, lang),
      compareEqual(v([2], [3, 4]), v([2], [3, 4]), lang),
      compareEqual(v([2], [3, 5]), v([2], [3, 4]), lang),
      compareAtLeast(v([], [0.7]), 0.8, lang),
      compareAccuracy(v([4], [1, 2, 3, 0]), v([4], [1, 2, 3, 4]), 0.75, lang),
    ].map((c) => c.message);
    expect(messages).toEqual([
      t("grade.allWithin", { count: 2, tol: 1e-6 }, lang),
      t("grade.worst", { bad: 1, count: 4, tol: 1e-6, index: "1, 1", want: 4, got: 5 }, lang),
      t("grade.expectedShape", { want: "[1,3]", got: "[3]" }, lang),
      t("grade.equalsArray", { shape: "[2]" }, lang),
      t("grade.expectedAt", { want: 4, got: 5, index: "1" }, lang),
      t("grade.atLeast", { floor: 0.8, got: 0.7 }, lang),
      t("grade.accuracy", { right: 3, count: 4, accuracy: "75.00%", op: "≥", floor: "75.00%" }, lang),
    ]);
    if (lang !== "en") for (const m of messages) expect(m).not.toMatch(ENGLISH);
  });

  it("test explanations and hidden tests' lines", () => {
    const hidden = gradeTest(spec(true), expected, outcome([close([1, 9])], "Error: LEAK [3,-1.5,0]"), lang);
    expect(hidden.checks.map((c) => c.message)).toEqual([t("grade.hiddenFailed", {}, lang), t("grade.notReached", {}, lang), t("grade.notReached", {}, lang)]);
    expect(hidden.explanation.startsWith(t("grade.somePassed", { passed: 0, count: 3 }, lang))).toBe(true);
    expect(hidden.explanation).not.toContain("LEAK");
    const passed = gradeTest(spec(false), expected, expected, lang);
    expect(passed.explanation).toBe(t("grade.allPassed", { count: 3 }, lang));
    if (lang !== "en") for (const text of [hidden.explanation, passed.explanation, ...hidden.checks.map((c) => c.message)]) expect(text).not.toMatch(ENGLISH);
  });
});

it("English reads as before: the article goes with the error's type", () => {
  const g = gradeTest(spec(true), expected, outcome([], "Error: x"), "en");
  expect(g.explanation).toBe("0 of 3 checks passed; the test ended with an Error thrown by your code (details are not shown for hidden tests: they could reveal its inputs)");
  expect(gradeTest(spec(true), expected, outcome([], "Error: x"), "pl").explanation).toContain("błąd typu Error zgłoszony przez twój kod");
});
