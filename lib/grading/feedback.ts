/**
 * What the grader writes: a feedback page per student (Markdown and HTML: each test's points and
 * why, hidden tests by name only, cells that failed, time used), a CSV summary, and JSON.
 */
import * as path from "path";
import { writeFileAtomic } from "../fs/atomic-write";
import type { GradeReport, SubmissionGrade } from "./grade";

const fmt = (x: number): string => String(Math.round(x * 100) / 100);

/** Markdown feedback for one submission. Hidden tests show their name, points and failure reasons, never their code. */
export function feedbackMarkdown(g: SubmissionGrade): string {
  const lines = [`# ${g.assignment}: feedback for ${g.student}`, "", `**Score: ${fmt(g.earned)} / ${fmt(g.possible)} (${g.percent}%)** · time used ${g.seconds.toFixed(1)} s`, ""];
  lines.push("| test | kind | points | result |", "|---|---|---|---|");
  for (const t of g.tests) lines.push(`| ${t.id} | ${t.hidden ? "hidden" : "visible"} | ${fmt(t.earned)} / ${fmt(t.points)} | ${t.status}: ${escapeCell(t.explanation)} |`);
  for (const t of g.tests) {
    lines.push("", `## ${t.id} (${t.hidden ? "hidden test" : "visible test"}): ${fmt(t.earned)} / ${fmt(t.points)}`, "", t.explanation);
    for (const c of t.checks) lines.push(`- ${c.ok ? "✓" : "✗"} ${c.what}: ${c.message}`);
  }
  if (g.cellProblems.length > 0) {
    lines.push("", "## Cells of your notebook that did not run cleanly", "");
    for (const c of g.cellProblems) lines.push(`- cell ${c.cellNumber} (${c.seconds.toFixed(1)} s): ${c.error}`);
  }
  if (g.notes.length > 0) lines.push("", "## Notes", "", ...g.notes.map((n) => `- ${n}`));
  return lines.join("\n") + "\n";
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
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
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(g.assignment)}: ${esc(g.student)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}ul{margin:.3rem 0}</style>
</head><body>
<h1>${esc(g.assignment)}: feedback for ${esc(g.student)}</h1>
<p><strong>Score: ${fmt(g.earned)} / ${fmt(g.possible)} (${g.percent}%)</strong> · time used ${g.seconds.toFixed(1)} s</p>
<table><thead><tr><th>test</th><th>kind</th><th>points</th><th>result</th><th>why</th><th>time</th></tr></thead><tbody>
${rows}
</tbody></table>
${cells}${notes}
</body></html>
`;
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per submission: student, file, total, possible, percent, then the points of each test. */
export function summaryCsv(report: GradeReport): string {
  const ids = report.grades[0]?.tests.map((t) => t.id) ?? [];
  const header = ["student", "file", "earned", "possible", "percent", "seconds", ...ids];
  const rows = report.grades.map((g) => [g.student, g.file, fmt(g.earned), fmt(g.possible), String(g.percent), g.seconds.toFixed(1), ...g.tests.map((t) => fmt(t.earned))]);
  return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}

/** Writes `<student>.md` and `<student>.html` for each submission into `dir`; returns the paths. */
export function writeFeedback(report: GradeReport, dir: string): string[] {
  const written: string[] = [];
  const used = new Map<string, number>();
  for (const g of report.grades) {
    // Two submissions may share a file name (from different folders): number the later ones.
    const n = used.get(g.student) ?? 0;
    used.set(g.student, n + 1);
    const name = n === 0 ? g.student : `${g.student}-${n + 1}`;
    for (const [ext, text] of [["md", feedbackMarkdown(g)], ["html", feedbackHtml(g)]] as const) {
      const file = path.join(dir, `${name}.${ext}`);
      writeFileAtomic(file, text);
      written.push(file);
    }
  }
  return written;
}
