/**
 * What the grader writes: a feedback page per student (Markdown and HTML: each test's points and
 * why; hidden tests by description, never their code), a CSV summary, gradebooks for Moodle and
 * Canvas, and JSON. Everything a submission can influence (its file name, error text, values it
 * returned) is escaped for the format it lands in.
 */
import * as path from "path";
import { writeFileAtomic } from "../fs/atomic-write";
import type { GradeReport, SubmissionGrade } from "./grade";
import { translator } from "../i18n/t";

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

/**
 * The seconds a student's page shows: the run's, less the hidden tests' own. A function can take as long as
 * its hidden arguments say (sleep x[0] seconds), so a hidden test's time would read those arguments out
 * (a red-team finding); hidden tests run last (grade.ts: runOrder), so nothing after them carries it.
 */
export function shownSeconds(g: SubmissionGrade): number {
  const hidden = g.tests.filter((t) => t.hidden).reduce((sum, t) => sum + t.seconds, 0);
  return Math.max(0, g.seconds - hidden);
}

/** The warning that the submission ran without a sandbox, in its language (from the structured field, not from a note's text). */
function sandboxLine(g: SubmissionGrade, tr: ReturnType<typeof translator>): string[] {
  return g.unsafeNoSandbox !== undefined ? [tr("grade.noSandbox", { why: g.unsafeNoSandbox })] : [];
}

/** Markdown feedback for one submission. Hidden tests show their name, points and check descriptions, never their code. */
export function feedbackMarkdown(g: SubmissionGrade): string {
  const tr = translator(g.lang ?? "en");
  const lines = [`# ${md(tr("feedback.title", { assignment: g.assignment, student: g.student }))}`, "", `**${tr("feedback.score", { earned: fmt(g.earned), possible: fmt(g.possible), percent: g.percent })}** · ${tr("feedback.timeUsed", { seconds: shownSeconds(g).toFixed(1) })}`, ""];
  for (const n of sandboxLine(g, tr)) lines.push(`> **${tr("feedback.warning")}** ${md(n)}`, "");
  lines.push(`| ${tr("feedback.test")} | ${tr("feedback.kind")} | ${tr("feedback.points")} | ${tr("feedback.result")} |`, "|---|---|---|---|");
  for (const t of g.tests) lines.push(`| ${md(t.id)} | ${tr(t.hidden ? "feedback.hidden" : "feedback.visible")} | ${fmt(t.earned)} / ${fmt(t.points)} | ${tr(`feedback.${t.status}`)}: ${md(t.explanation)} |`);
  for (const t of g.tests) {
    lines.push("", `## ${md(t.id)} (${tr(t.hidden ? "feedback.hiddenTest" : "feedback.visibleTest")}): ${fmt(t.earned)} / ${fmt(t.points)}`, "", md(t.explanation));
    for (const c of t.checks) lines.push(`- ${c.ok ? "✓" : "✗"} ${md(c.what)}: ${md(c.message)}`);
  }
  if (g.cellProblems.length > 0) {
    lines.push("", `## ${tr("feedback.cellsHeading")}`, "");
    for (const c of g.cellProblems) lines.push(`- ${tr("feedback.cell", { cell: c.cellNumber, seconds: c.seconds.toFixed(1), error: md(c.error) })}`);
  }
  if (g.notes.length > 0) lines.push("", `## ${tr("feedback.notes")}`, "", ...g.notes.map((n) => `- ${md(n)}`));
  return lines.join("\n") + "\n";
}

const COLOURS = { passed: "#1a7f37", partial: "#9a6700", failed: "#cf222e" };

/** The same feedback as a self-contained HTML page. */
export function feedbackHtml(g: SubmissionGrade): string {
  const lang = g.lang ?? "en";
  const tr = translator(lang);
  const rows = g.tests
    .map((t) => {
      const checks = t.checks.length ? `<ul>${t.checks.map((c) => `<li>${c.ok ? "✓" : "✗"} ${esc(c.what)}: ${esc(c.message)}</li>`).join("")}</ul>` : "";
      return `<tr><td><code>${esc(t.id)}</code></td><td>${esc(tr(t.hidden ? "feedback.hidden" : "feedback.visible"))}</td><td>${fmt(t.earned)} / ${fmt(t.points)}</td><td style="color:${COLOURS[t.status]}">${esc(tr(`feedback.${t.status}`))}</td><td>${esc(t.explanation)}${checks}</td><td>${t.hidden ? "–" : `${t.seconds.toFixed(1)} s`}</td></tr>`;
    })
    .join("\n");
  const cells = g.cellProblems.length
    ? `<h2>${esc(tr("feedback.cellsHeading"))}</h2><ul>${g.cellProblems.map((c) => `<li>${esc(tr("feedback.cell", { cell: c.cellNumber, seconds: c.seconds.toFixed(1), error: c.error }))}</li>`).join("")}</ul>`
    : "";
  const notes = g.notes.length ? `<h2>${esc(tr("feedback.notes"))}</h2><ul>${g.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : "";
  const warning = sandboxLine(g, tr).map((n) => `<p><strong>${esc(tr("feedback.warning"))}</strong> ${esc(n)}</p>`).join("");
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${esc(g.assignment)}: ${esc(g.student)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}ul{margin:.3rem 0}</style>
</head><body>
<h1>${esc(tr("feedback.title", { assignment: g.assignment, student: g.student }))}</h1>
<p><strong>${esc(tr("feedback.score", { earned: fmt(g.earned), possible: fmt(g.possible), percent: g.percent }))}</strong> · ${esc(tr("feedback.timeUsed", { seconds: shownSeconds(g).toFixed(1) }))}</p>
${warning}<table><thead><tr><th>${esc(tr("feedback.test"))}</th><th>${esc(tr("feedback.kind"))}</th><th>${esc(tr("feedback.points"))}</th><th>${esc(tr("feedback.result"))}</th><th>${esc(tr("feedback.why"))}</th><th>${esc(tr("feedback.time"))}</th></tr></thead><tbody>
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
  const note = report.unsafeNoSandbox !== undefined ? [[`# ${report.sandbox}`]] : [];
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
