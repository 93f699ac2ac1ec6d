/**
 * The HTML report of an executed notebook: one self-contained, offline file with the
 * markdown (and its formulas) rendered, each code cell's source and its outputs as they are.
 */
import { cellSource, joinText } from "../notebook/io";
import type { Cell, MimeBundle, Notebook, Output } from "../notebook/types";
import { katexCss, renderLatex, renderMarkdown } from "./markdown";
import { drawsPlotlyChart, isPlotlyBundle, plotlyScript } from "./plotly";
import { REPORT_CSS } from "./report-css";
import { RECORD_MIME } from "../course/record";
import { translator } from "../i18n/t";
import type { Lang } from "../i18n/lang";

export interface ReportArgs {
  /** Heading of the report. Required. */
  title: string;
  /** The notebook file the report is about, as given on the command line. Required. */
  source: string;
  /** Whether every code cell ran. Required. */
  ok: boolean;
  /** Wall-clock seconds of the whole run. Required. */
  seconds: number;
  /** 1-based number of the cell that failed and stopped the notebook. Default: none. */
  failedCellNumber?: number;
  /** Why the notebook could not run at all. Default: none. */
  error?: string;
  /** Whether the run was in quick mode (CNNLAB_QUICK). Default: false. */
  quick?: boolean;
  /** When the run finished. Default: now. */
  finished?: Date;
  /** Link back to the run's index page, relative to the report. Default: none. */
  indexHref?: string;
  /** The language of the report's own words (the notebook's are its own). Default: "en". */
  lang?: Lang;
}

/**
 * MIME types a report can show, most preferred first (as nbconvert orders them), except that
 * LaTeX comes first: the report typesets it with KaTeX, better than a bundle's HTML fallback.
 */
const MIME_ORDER = [
  "text/latex",
  "text/html",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "image/gif",
  "text/markdown",
  "application/javascript",
  "text/javascript",
  "application/json",
  "text/plain",
];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return joinText(value as string[]);
  return JSON.stringify(value, null, 2);
}

/** Per-report state: the Plotly library goes in once, however many outputs carry it. */
class OutputRenderer {
  plotlyBundleShown = false;
  chartsDrawn = false;

  render(out: Output): string {
    switch (out.output_type) {
      case "stream":
        return `<pre class="output stream ${out.name}">${escapeHtml(joinText(out.text))}</pre>`;
      case "error": {
        const headline = `${out.ename}: ${out.evalue}`;
        const trace = out.traceback.filter((l) => l !== headline).join("\n");
        return `<pre class="output error"><strong>${escapeHtml(headline)}</strong>${trace ? "\n" + escapeHtml(trace) : ""}</pre>`;
      }
      default:
        return this.bundle(out.data, out.metadata);
    }
  }

  private bundle(data: MimeBundle, metadata: Record<string, unknown>): string {
    const mime = MIME_ORDER.find((m) => data[m] !== undefined);
    // A cnnlab record (values kept for the notebook's tests) is not for readers, like in Jupyter.
    if (!mime && Object.keys(data).every((m) => m === RECORD_MIME)) return "";
    if (!mime) return `<pre class="output note">[output of type ${escapeHtml(Object.keys(data).join(", "))} not shown]</pre>`;
    const value = text(data[mime]);
    switch (mime) {
      case "text/html":
        return this.html(value);
      case "image/svg+xml":
        return `<div class="output display">${value}</div>`;
      case "image/png":
      case "image/jpeg":
      case "image/gif": {
        const size = (metadata[mime] ?? {}) as { width?: number; height?: number };
        const dims = `${size.width ? ` width="${Number(size.width)}"` : ""}${size.height ? ` height="${Number(size.height)}"` : ""}`;
        const alt = typeof data["text/plain"] === "string" || Array.isArray(data["text/plain"]) ? escapeHtml(text(data["text/plain"])) : "";
        return `<div class="output display"><img src="data:${mime};base64,${value.replace(/\s/g, "")}"${dims} alt="${alt}"></div>`;
      }
      case "text/latex":
        return `<div class="output display latex">${renderLatex(value)}</div>`;
      case "text/markdown":
        return `<div class="output display markdown">${renderMarkdown(value)}</div>`;
      case "application/javascript":
      case "text/javascript":
        return `<script>${value.replace(/<\/script/gi, "<\\/script")}</script>`;
      default: // application/json (pretty-printed by text()) and text/plain
        return `<pre class="output">${escapeHtml(value)}</pre>`;
    }
  }

  private html(value: string): string {
    if (isPlotlyBundle(value)) {
      if (this.plotlyBundleShown) return "<!-- Plotly library already included above -->";
      this.plotlyBundleShown = true;
      return `<div class="output plotly-library">${value}</div>`;
    }
    if (drawsPlotlyChart(value)) this.chartsDrawn = true;
    return `<div class="output display">${value}</div>`;
  }
}

function seconds(cell: Cell): string {
  const t = cell.metadata.execution as Record<string, string> | undefined;
  if (!t || !t["iopub.execute_input"] || !t["shell.execute_reply"]) return "";
  const s = (Date.parse(t["shell.execute_reply"]) - Date.parse(t["iopub.execute_input"])) / 1000;
  return `${s.toFixed(1)} s`;
}

function renderCell(cell: Cell, index: number, outputs: OutputRenderer, tr: ReturnType<typeof translator>, failedCellNumber?: number): string {
  const number = index + 1;
  const source = cellSource(cell);
  if (cell.cell_type === "markdown") return `<section class="cell markdown" id="cell-${number}">${renderMarkdown(source)}</section>`;
  if (cell.cell_type === "raw") return `<section class="cell raw" id="cell-${number}"><pre>${escapeHtml(source)}</pre></section>`;
  const failed = number === failedCellNumber;
  const notRun = cell.execution_count === null && source.trim() !== "";
  const label = cell.execution_count === null ? (notRun ? tr("report.notRun") : "") : `[${cell.execution_count}]`;
  const classes = ["cell", "code", failed ? "failed" : "", notRun ? "not-run" : ""].filter(Boolean).join(" ");
  return [
    `<section class="${classes}" id="cell-${number}">`,
    `<div class="cell-head"><span>${escapeHtml(tr("report.cell", { cell: number }))} ${escapeHtml(label)}</span><span>${seconds(cell)}</span></div>`,
    `<pre class="source"><code>${escapeHtml(source)}</code></pre>`,
    cell.outputs.map((o) => outputs.render(o)).join("\n"),
    `</section>`,
  ].join("\n");
}

function summary(args: ReportArgs, tr: ReturnType<typeof translator>): string {
  const status = args.error
    ? `<span class="bad">${escapeHtml(tr("report.couldNotRun", { error: args.error }))}</span>`
    : args.ok
      ? `<span class="good">${escapeHtml(tr("report.allRan"))}</span>`
      : `<span class="bad">${escapeHtml(tr("report.stoppedAt"))} <a href="#cell-${args.failedCellNumber}">${escapeHtml(tr("report.cell", { cell: args.failedCellNumber ?? "?" }))}</a></span>`;
  const when = (args.finished ?? new Date()).toISOString().replace("T", " ").slice(0, 19) + " UTC";
  const back = args.indexHref ? `<a href="${escapeHtml(args.indexHref)}">${escapeHtml(tr("report.allReports"))}</a> · ` : "";
  return `<p class="summary">${back}${escapeHtml(args.source)} · ${status} · ${escapeHtml(tr("report.ranIn", { seconds: args.seconds.toFixed(1) }))}${args.quick ? ` · ${escapeHtml(tr("report.quickMode"))}` : ""} · ${when}</p>`;
}

/** Renders the executed notebook as a complete HTML document. */
export function renderReport(nb: Notebook, args: ReportArgs): string {
  const outputs = new OutputRenderer();
  const lang = args.lang ?? "en";
  const tr = translator(lang);
  const body = nb.cells.map((c, i) => renderCell(c, i, outputs, tr, args.failedCellNumber)).join("\n");
  // Charts whose library was not among the outputs (e.g. sent in an earlier session) still need it.
  const plotly = outputs.chartsDrawn && !outputs.plotlyBundleShown ? plotlyScript() : "";
  const math = body.includes('class="katex') ? `<style>${katexCss()}</style>` : "";
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(args.title)}</title>
<style>${REPORT_CSS}</style>
${math}
${plotly}
</head>
<body>
<header><h1 class="report-title">${escapeHtml(args.title)}</h1>${summary(args, tr)}</header>
<main>
${body}
</main>
</body>
</html>
`;
}
