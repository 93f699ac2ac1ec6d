/** reports/index.html: one line per notebook of the run, linking its report. */
import * as path from "path";
import { escapeHtml } from "./report";
import { REPORT_CSS } from "./report-css";
import type { NotebookSummary } from "./run";

/** The index page for `summaries`, with links relative to `outDir`. */
export function renderIndex(summaries: NotebookSummary[], outDir: string): string {
  const rows = summaries.map((s) => {
    const name = escapeHtml(path.basename(s.file, ".ipynb"));
    const link = s.report ? `<a href="${escapeHtml(path.relative(outDir, s.report).split(path.sep).join("/"))}">${name}</a>` : name;
    const status = s.ok ? `<span class="good">ok</span>` : `<span class="bad">${s.failedCellNumber !== undefined ? `failed at cell ${s.failedCellNumber}` : "failed"}</span>`;
    const error = s.error && !s.ok ? escapeHtml(s.error.split("\n")[0]) : "";
    return `<tr><td style="text-align:left">${link}</td><td>${status}</td><td>${s.seconds.toFixed(1)} s</td><td style="text-align:left">${error}</td></tr>`;
  });
  const failed = summaries.filter((s) => !s.ok).length;
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>cnnlab reports</title><style>${REPORT_CSS}</style></head>
<body>
<header><h1 class="report-title">cnnlab reports</h1><p class="summary">${summaries.length} notebook${summaries.length === 1 ? "" : "s"}, ${failed === 0 ? `<span class="good">all ran</span>` : `<span class="bad">${failed} failed</span>`} · ${new Date().toISOString().replace("T", " ").slice(0, 19)} UTC</p></header>
<main><table><tr><th style="text-align:left">notebook</th><th>status</th><th>time</th><th style="text-align:left">error</th></tr>
${rows.join("\n")}
</table></main>
</body>
</html>
`;
}
