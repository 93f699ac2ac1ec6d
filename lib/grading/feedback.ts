/**
 * What the grader writes: a feedback page per student (Markdown and HTML: each test's points and
 * why; hidden tests by description, never their code), a CSV summary, gradebooks for Moodle and
 * Canvas, and JSON. Everything a submission can influence (its file name, error text, values it
 * returned) is escaped for the format it lands in.
 */
import * as path from "path";
import { writeFileAtomic } from "../fs/atomic-write";
import type { GradeReport, SubmissionGrade } from "./grade";

const fmt = (x: number): string => String(Math.round(x * 100) / 100);

/** Text for Markdown: HTML is shown as text and Markdown syntax is taken literally; one line. */
export function escapeMarkdown(s: string): string {
  return String(s)
    .replace(/[\r\n]+/g, " ⏎ ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_{}[\]()#+\-.!|~])/g, "\\$1");
}

/** Text for HTML (element content and quoted attributes). */
export function escapeHtml(s: string): string {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const md = escapeMarkdown;
const esc = escapeHtml;

function sandboxLine(g: SubmissionGrade): string[] {
  return g.notes.filter((n) => n.startsWith("graded WITHOUT a sandbox"));
}

/** Markdown feedback for one submission. Hidden tests show their name, points and check descriptions, never their code. */
export function feedbackMarkdown(g: SubmissionGrade): string {
  const lines = [`# ${md(g.assignment)}: feedback for ${md(g.student)}`, "", `**Score: ${fmt(g.earned)} / ${fmt(g.possible)} (${g.percent}%)** · time used ${g.seconds.toFixed(1)} s`, ""];
  for (const n of sandboxLine(g)) lines.push(`> **Warning:** ${md(n)}`, "");
  lines.push("| test | kind | points | result |", "|---|---|---|---|");
  for (const t of g.tests) lines.push(`| ${md(t.id)} | ${t.hidden ? "hidden" : "visible"} | ${fmt(t.earned)} / ${fmt(t.points)} | ${t.status}: ${md(t.explanation)} |`);
  for (const t of g.tests) {
    lines.push("", `## ${md(t.id)} (${t.hidden ? "hidden test" : "visible test"}): ${fmt(t.earned)} / ${fmt(t.points)}`, "", md(t.explanation));
    for (const c of t.checks) lines.push(`- ${c.ok ? "✓" : "✗"} ${md(c.what)}: ${md(c.message)}`);
  }
  if (g.cellProblems.length > 0) {
    lines.push("", "## Cells of your notebook that did not run cleanly", "");
    for (const c of g.cellProblems) lines.push(`- cell ${c.cellNumber} (${c.seconds.toFixed(1)} s): ${md(c.error)}`);
  }
  if (g.notes.length > 0) lines.push("", "## Notes", "", ...g.notes.map((n) => `- ${md(n)}`));
  return lines.join("\n") + "\n";
}

const COLOURS = { passed: "#1a7f37", partial: "#9a6700", failed: "#cf222e" };

/** The same feedback as a self-contained HTML page. */
export function feedbackHtml(g: SubmissionGrade): string {
  const rows = g.tests
    .map((t) => {
      const checks = t.checks.length ? `<ul>${t.checks.map((c) => `<li>${c.ok ? "✓" : "✗"} ${esc(c.what)}: ${esc(c.message)}</li>`).join("")}</ul>` : "";
      return `<tr><td><code>${esc(t.id)}</code></td><td>${t.hidden ? "hidden" : "visible"}</td><td>${fmt(t.earned)} / ${fmt(t.points)}</td><td style="color:${COLOURS[t.status]}">${t.status}</td><td>${esc(t.explanation)}${checks}</td><td>${t.seconds.toFixed(1)} s</td></tr>`;
    })
    .join("\n");
  const cells = g.cellProblems.length
    ? `<h2>Cells of your notebook that did not run cleanly</h2><ul>${g.cellProblems.map((c) => `<li>cell ${c.cellNumber} (${c.seconds.toFixed(1)} s): ${esc(c.error)}</li>`).join("")}</ul>`
    : "";
  const notes = g.notes.length ? `<h2>Notes</h2><ul>${g.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : "";
  const warning = sandboxLine(g).map((n) => `<p><strong>Warning:</strong> ${esc(n)}</p>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${esc(g.assignment)}: ${esc(g.student)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}ul{margin:.3rem 0}</style>
</head><body>
<h1>${esc(g.assignment)}: feedback for ${esc(g.student)}</h1>
<p><strong>Score: ${fmt(g.earned)} / ${fmt(g.possible)} (${g.percent}%)</strong> · time used ${g.seconds.toFixed(1)} s</p>
${warning}<table><thead><tr><th>test</th><th>kind</th><th>points</th><th>result</th><th>why</th><th>time</th></tr></thead><tbody>
${rows}
</tbody></table>
${cells}${notes}
</body></html>
`;
}

/**
 * One CSV field: a text starting with = + - @ (or tab, CR) gets a leading ' so spreadsheets do not
 * run it as a formula (numbers stay numbers); quoted when it holds a quote, comma or line break.
 */
export function csvField(s: string): string {
  let v = String(s);
  if (/^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?$/.test(v)) v = `'${v}`;
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function csv(rows: string[][]): string {
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** One row per submission: student, file, total, possible, percent, then the points of each test. */
export function summaryCsv(report: GradeReport): string {
  const ids = report.grades[0]?.tests.map((t) => t.id) ?? [];
  const header = ["student", "file", "earned", "possible", "percent", "seconds", ...ids];
  const rows = report.grades.map((g) => [g.student, g.file, fmt(g.earned), fmt(g.possible), String(g.percent), g.seconds.toFixed(1), ...g.tests.map((t) => fmt(t.earned))]);
  const note = report.sandbox.startsWith("NONE") ? [[`# ${report.sandbox}`]] : [];
  return csv([header, ...rows, ...note]);
}

/**
 * The gradebook for Moodle's CSV grade import (map "student" to the user field the file names
 * carry, e.g. username or ID number, and "<assignment>" to the grade item; "out of" is ignored).
 */
export function gradebookCsv(report: GradeReport): string {
  const rows = report.grades.map((g) => [g.student, fmt(g.earned), fmt(g.possible), String(g.percent)]);
  return csv([["student", report.assignment, "out of", "percent"], ...rows]);
}

/** The gradebook for Canvas's Gradebook import: the student key as SIS Login ID, a Points Possible row. */
export function gradebookCanvasCsv(report: GradeReport): string {
  const possible = report.grades[0] ? fmt(report.grades[0].possible) : "";
  const rows = report.grades.map((g) => ["", "", "", g.student, "", fmt(g.earned)]);
  return csv([["Student", "ID", "SIS User ID", "SIS Login ID", "Section", report.assignment], ["Points Possible", "", "", "", "", possible], ...rows]);
}

/** Writes `<student>.md` and `<student>.html` for one submission into `dir`; returns the paths. */
export function writeFeedbackFor(g: SubmissionGrade, dir: string): string[] {
  const files: string[] = [];
  for (const [ext, text] of [["md", feedbackMarkdown(g)], ["html", feedbackHtml(g)]] as const) {
    const file = path.join(dir, `${g.student}.${ext}`);
    writeFileAtomic(file, text);
    files.push(file);
  }
  return files;
}

/** Writes the feedback pages of every submission into `dir`; returns the paths. */
export function writeFeedback(report: GradeReport, dir: string): string[] {
  return report.grades.flatMap((g) => writeFeedbackFor(g, dir));
}
