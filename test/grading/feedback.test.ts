/** What a submission can put into the reports is escaped: CSV formulas neutralised, Markdown and HTML shown as text. */
import { csvField, escapeHtml, escapeMarkdown, feedbackMarkdown } from "../../lib/grading/feedback";
import type { SubmissionGrade } from "../../lib/grading/grade";

it.each([
  ["=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""],
  ["+1+cmd", "'+1+cmd"],
  ["-2+3", "'-2+3"],
  ["@SUM(A1)", "'@SUM(A1)"],
  ["\tlead", "'\tlead"],
  ["\rlead", "\"'\rlead\""],
  ["-1.5", "-1.5"],
  ["3", "3"],
  ["plain, with comma", '"plain, with comma"'],
])("csvField(%j) = %j", (input, out) => {
  expect(csvField(input)).toBe(out);
});

it("Markdown: HTML is shown as text, Markdown syntax literally, on one line", () => {
  const text = escapeMarkdown('<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) | **b**\nnext');
  expect(text).not.toMatch(/<|>|\n/);
  expect(text).toBe("&lt;script&gt;alert\\(1\\)&lt;/script&gt; &lt;img src=x onerror=alert\\(2\\)&gt; \\[x\\]\\(javascript:alert\\(3\\)\\) \\| \\*\\*b\\*\\* ⏎ next");
});

it("HTML: the five special characters become entities", () => {
  expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
});

it("a feedback page escapes every field a submission can influence", () => {
  const evil = "<img src=x onerror=alert(1)>";
  const g: SubmissionGrade = {
    assignment: "tiny",
    file: evil,
    student: "s",
    earned: 0,
    possible: 1,
    percent: 0,
    tests: [{ id: "t", hidden: true, points: 1, earned: 0, status: "failed", explanation: evil, checks: [{ what: "w", ok: false, message: evil }], seconds: 0 }],
    cellProblems: [{ cellNumber: 2, status: "error", error: evil, seconds: 0 }],
    notes: [evil],
    seconds: 1,
    notebookHash: "",
    assignmentHash: "",
  };
  expect(feedbackMarkdown(g)).not.toContain("<img");
});
