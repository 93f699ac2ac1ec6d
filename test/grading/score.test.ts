/** Scoring a test from the instructor run's checks and the submission's: points, partial credit, explanations. */
import type { CheckRecord } from "../../lib/grading/checks";
import { gradeTest } from "../../lib/grading/score";
import type { TestOutcome } from "../../lib/grading/tester";
import type { TestSpec } from "../../lib/grading/spec";

const spec: TestSpec = { id: "t", points: 4, hidden: true, timeoutS: 10, source: "", cellNumber: 3 };
const close = (data: number[], ok = true): CheckRecord => ({ kind: "close", what: `got ${data}`, got: { shape: [data.length], data }, want: { shape: [data.length], data }, tol: 1e-6, ok, message: "" });
/** An outcome; an error is the submission's own (its function threw) unless `errorType` names an error of the test code. */
const outcome = (checks: CheckRecord[], error?: string, errorType?: string): TestOutcome => ({
  status: error ? "error" : "ok",
  error,
  ...(error ? { errorType: errorType ?? error.split(":")[0], errorFromSubmission: errorType === undefined } : {}),
  checks,
  seconds: 0.5,
});

const expected = outcome([close([1, 2]), close([3]), close([4]), close([5])]);

it.each([
  ["every check right", outcome([close([1, 2]), close([3]), close([4]), close([5])]), 4, "passed", "all 4 checks passed"],
  ["one value wrong", outcome([close([1, 2]), close([3]), close([0]), close([5])]), 3, "partial", "3 of 4 checks passed"],
  ["stopped after two checks", outcome([close([1, 2]), close([3])], "Error: not implemented"), 2, "partial", "2 of 4 checks passed; the test ended with an Error thrown by your code (details are not shown for hidden tests: they could reveal its inputs)"],
  ["nothing reached", outcome([], "Error: not implemented"), 0, "failed", "0 of 4 checks passed; the test ended with an Error thrown by your code (details are not shown for hidden tests: they could reveal its inputs)"],
  // The submission's own verdict (ok) is ignored: only its values count, compared with the instructor's.
  ["a submission claiming ok for wrong values", outcome([close([9, 9], true), close([3]), close([4]), close([5])]), 3, "partial", "3 of 4 checks passed"],
])("%s", (_, got, earned, status, explanation) => {
  expect(gradeTest(spec, expected, got)).toMatchObject({ earned, status, explanation });
});

it("names the missing and the mismatched checks of a visible test", () => {
  const g = gradeTest({ ...spec, hidden: false }, expected, outcome([close([1, 3])], "Error: boom"));
  expect(g.checks.map((c) => c.message)).toEqual([
    "1 of 2 values differ by more than 0.000001; worst at index [1]: expected 2, got 3",
    "not reached: the test stopped before this check",
    "not reached: the test stopped before this check",
    "not reached: the test stopped before this check",
  ]);
});

it("a test without checks passes when its cell runs", () => {
  expect(gradeTest(spec, outcome([]), outcome([])).earned).toBe(4);
  expect(gradeTest(spec, outcome([]), outcome([], "Error: x")).earned).toBe(0);
});

it("a test that fails on the instructor solution scores nothing and says so", () => {
  const g = gradeTest(spec, outcome([close([1], false)]), outcome([close([1])]));
  expect(g).toMatchObject({ earned: 0, status: "failed" });
  expect(g.explanation).toMatch(/^this test fails on the instructor solution too/);
});

it("a hidden test's errors show only their type, whoever threw them; visible tests' errors show in full", () => {
  const testCodeError = outcome([], "TypeError: Cannot read properties of undefined (reading 'secretField')", "TypeError");
  expect(gradeTest(spec, expected, testCodeError).explanation).toBe("0 of 4 checks passed; the test ended with a TypeError in the hidden test's code (details are not shown for hidden tests: they could reveal its inputs)");
  expect(gradeTest({ ...spec, hidden: false }, expected, testCodeError).explanation).toContain("secretField");
  // A submission that throws its arguments would read a hidden test's inputs out of the feedback.
  const leak = outcome([], "Error: LEAK [3,-1.5,0]");
  expect(gradeTest(spec, expected, leak).explanation).toBe("0 of 4 checks passed; the test ended with an Error thrown by your code (details are not shown for hidden tests: they could reveal its inputs)");
  expect(gradeTest({ ...spec, hidden: false }, expected, outcome([], "Error: not implemented")).explanation).toContain("Error: not implemented");
});

it("a hidden test's checks show their description and result, never the values compared (they could be its inputs)", () => {
  const g = gradeTest(spec, expected, outcome([close([1, 3]), close([3])], "Error: boom"));
  expect(g.checks).toEqual([
    { what: "got 1,2", ok: false, message: "failed (values are not shown for hidden tests)" },
    { what: "got 3", ok: true, message: "passed" },
    { what: "got 4", ok: false, message: "not reached: the test stopped before this check" },
    { what: "got 5", ok: false, message: "not reached: the test stopped before this check" },
  ]);
});

it("a hidden test names only built-in error types: a submission sets its error's name at will", () => {
  const named = outcome([], "LEAK [3,-1.5,0]: x"); // its type (name) is "LEAK [3,-1.5,0]"
  expect(gradeTest(spec, expected, named).explanation).toBe("0 of 4 checks passed; the test ended with an Error thrown by your code (details are not shown for hidden tests: they could reveal its inputs)");
  expect(gradeTest(spec, expected, outcome([], "RangeError: x")).explanation).toContain("a RangeError thrown by your code");
});
