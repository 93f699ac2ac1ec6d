/** The report's stylesheet: plain, readable, printable; no web fonts beyond KaTeX's. */
export const REPORT_CSS = `
:root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --code-bg: #f6f8fa; --bad: #cf222e; --good: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main { max-width: 960px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; border-bottom: 1px solid var(--line); margin-bottom: 16px; }
.report-title { margin: 0 0 4px; font-size: 1.6em; }
.summary { color: var(--muted); font-size: 0.9em; margin: 0 0 12px; }
.good { color: var(--good); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
.cell { margin: 12px 0; }
.cell.markdown img { max-width: 100%; }
.cell.code { border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.cell.code.failed { border-color: var(--bad); box-shadow: 0 0 0 1px var(--bad); }
.cell.code.not-run { opacity: 0.55; }
.cell-head { display: flex; justify-content: space-between; font-size: 0.75em; color: var(--muted); padding: 2px 10px; background: var(--code-bg); border-bottom: 1px solid var(--line); }
pre { margin: 0; padding: 8px 12px; overflow-x: auto; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-word; }
pre.source { background: var(--code-bg); }
.output { border-top: 1px dashed var(--line); }
div.output { padding: 8px 12px; overflow-x: auto; }
div.output img { max-width: 100%; image-rendering: pixelated; }
.output.plotly-library { display: none; } /* the library's <script> runs; nothing to see */
pre.stderr { background: #fff8c5; }
pre.error { background: #ffebe9; color: #82071e; }
pre.note { color: var(--muted); font-style: italic; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: right; }
th { background: var(--code-bg); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
.cell.markdown code { background: var(--code-bg); padding: 1px 4px; border-radius: 4px; }
.katex-display { overflow-x: auto; overflow-y: hidden; }
@media print { .cell.code { break-inside: avoid; } }
`;
