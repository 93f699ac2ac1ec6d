/**
 * `cnnlab run`: executes notebooks one after another, each in fresh state, and writes the
 * executed .ipynb and an HTML report per notebook. A failing cell stops its notebook (later
 * cells depend on it); the run goes on with the next notebook.
 */
import * as path from "path";
import { writeFileAtomic } from "../fs/atomic-write";
import { readNotebook, writeNotebook } from "../notebook/io";
import type { Notebook } from "../notebook/types";
import { quickMode } from "../quick";
import { executeNotebook, type CellReport } from "./execute";
import { findNotebooks } from "./find";
import { requireJupyterKernel, runWithJupyter } from "./jupyter";
import { renderIndex } from "./index-page";
import { renderReport } from "./report";

export interface RunArgs {
  /** Notebook files and folders (searched recursively, run in sorted order). Required. */
  paths: string[];
  /** Folder for the executed notebooks and HTML reports. Default: "reports". */
  outDir?: string;
  /** Execute through Jupyter's nbconvert and the cnnlab kernel instead of in-process. Default: false. */
  jupyter?: boolean;
  /** Set CNNLAB_QUICK=1 for the notebooks. Default: false (CNNLAB_QUICK passes through as set). */
  quick?: boolean;
  /** Seconds one cell may run; 0 means no limit. Default: 0. */
  cellTimeoutS?: number;
  /** Where progress lines go. Default: console.log. */
  log?: (line: string) => void;
}

/** The outcome of one notebook. */
export interface NotebookSummary {
  file: string;
  ok: boolean;
  seconds: number;
  /** 1-based number of the cell that failed. */
  failedCellNumber?: number;
  /** The failing cell's error, or why the notebook could not run. */
  error?: string;
  /** Files written (absent when nothing could be written). */
  executedNotebook?: string;
  report?: string;
}

/** The first line of a (possibly multi-line) error, for one-line progress output. */
function firstLine(text: string | undefined): string {
  const lines = (text ?? "unknown error").split("\n");
  return lines.length > 1 ? `${lines[0]} (+${lines.length - 1} more line${lines.length > 2 ? "s" : ""} in the report)` : lines[0];
}

function progressLine(c: CellReport): string {
  const head = `  [${c.codeNumber}/${c.codeCount}] cell ${c.cellNumber} ${c.ok ? "ok" : "FAILED"} ${c.seconds.toFixed(1)}s`;
  return c.ok ? head : `${head}: ${firstLine(c.error)}`;
}

/** Runs every notebook; resolves with one summary each (never rejects for a failing notebook). */
export async function runNotebooks(args: RunArgs): Promise<NotebookSummary[]> {
  const log = args.log ?? ((line: string) => console.log(line));
  const outDir = args.outDir ?? "reports";
  const cellTimeoutS = args.cellTimeoutS ?? 0;
  if (!(cellTimeoutS >= 0)) throw new Error(`cnnlab run: --cell-timeout must be a number of seconds >= 0 (0 = no limit), got ${args.cellTimeoutS}`);
  const quick = args.quick === true || quickMode(); // quickMode() also rejects a malformed CNNLAB_QUICK early
  const env: Record<string, string> = args.quick ? { CNNLAB_QUICK: "1" } : {};
  const targets = findNotebooks(args.paths);
  const clash = targets.find((t) => t.outName === "index");
  if (clash) throw new Error(`cnnlab run: ${JSON.stringify(clash.file)} would overwrite the run's index.html in ${JSON.stringify(outDir)}; rename the notebook`);
  if (args.jupyter) requireJupyterKernel({ ...process.env, ...env }); // once, before any notebook
  const summaries: NotebookSummary[] = [];

  for (const [n, target] of targets.entries()) {
    log(`${target.file} (${n + 1}/${targets.length}${args.jupyter ? ", through Jupyter" : ""}${quick ? ", quick mode" : ""})`);
    const outBase = path.join(outDir, target.outName);
    const summary: NotebookSummary = { file: target.file, ok: false, seconds: 0 };
    summaries.push(summary);
    let executed: Notebook | undefined;
    let html: string | undefined;
    try {
      if (args.jupyter) {
        const r = runWithJupyter(target.file, { env, cellTimeoutS });
        Object.assign(summary, { ok: r.ok, seconds: r.seconds, failedCellNumber: r.failedCellNumber, error: r.error });
        executed = r.notebook;
        html = r.html;
      } else {
        const source = readNotebook(target.file);
        const r = await executeNotebook(source, { dir: path.dirname(target.file), env, cellTimeoutS, onCell: (c) => log(progressLine(c)) });
        Object.assign(summary, { ok: r.ok, seconds: r.seconds, failedCellNumber: r.failedCell?.cellNumber, error: r.failedCell?.error ?? r.error });
        executed = r.notebook;
        executed.metadata.cnnlab_run = { ok: r.ok, seconds: r.seconds, quick, failed_cell: r.failedCell?.cellNumber ?? null, finished: new Date().toISOString() };
        html = renderReport(executed, {
          title: path.basename(target.file, ".ipynb"),
          source: target.file,
          ok: r.ok,
          seconds: r.seconds,
          failedCellNumber: r.failedCell?.cellNumber,
          error: r.error,
          quick,
        });
      }
    } catch (err) {
      summary.error = (err as Error).message;
    }
    if (executed) {
      writeNotebook(`${outBase}.ipynb`, executed);
      summary.executedNotebook = `${outBase}.ipynb`;
    }
    if (html) {
      writeFileAtomic(`${outBase}.html`, html);
      summary.report = `${outBase}.html`;
    }
    log(notebookLine(summary));
  }
  const index = path.join(outDir, "index.html");
  writeFileAtomic(index, renderIndex(summaries, outDir));
  log(finalLine(summaries, index));
  return summaries;
}

function notebookLine(s: NotebookSummary): string {
  const where = s.report ? ` -> ${s.report}` : s.executedNotebook ? ` -> ${s.executedNotebook}` : "";
  if (s.ok) return `  done in ${s.seconds.toFixed(1)} s${where}`;
  if (s.failedCellNumber !== undefined) return `  stopped at cell ${s.failedCellNumber} after ${s.seconds.toFixed(1)} s: ${firstLine(s.error)}${where}`;
  return `  FAILED: ${firstLine(s.error)}${where}`;
}

function finalLine(all: NotebookSummary[], index: string): string {
  const failed = all.filter((s) => !s.ok);
  const total = all.reduce((t, s) => t + s.seconds, 0);
  const head = `${all.length} notebook${all.length === 1 ? "" : "s"} in ${total.toFixed(1)} s: ${all.length - failed.length} ok, ${failed.length} failed`;
  const which = failed.map((s) => (s.failedCellNumber !== undefined ? `${s.file} (cell ${s.failedCellNumber})` : s.file)).join(", ");
  return `${head}${failed.length ? ` — ${which}` : ""}. Open ${path.resolve(index)} to read the reports.`;
}
