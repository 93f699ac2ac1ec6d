/**
 * `cnnlab run`: executes notebooks one after another, each in fresh state, and writes the
 * executed .ipynb and an HTML report per notebook. A failing cell stops its notebook (later
 * cells depend on it); the run goes on with the next notebook.
 */
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../fs/atomic-write";
import { translator } from "../i18n/t";
import { currentLang } from "../i18n/lang";
import type { Lang } from "../i18n/lang";
import { localiseFile } from "../i18n/notebook";
import { readNotebook, writeNotebook } from "../notebook/io";
import type { Notebook } from "../notebook/types";
import { quickMode } from "../quick";
import { executeNotebook, type CellReport } from "./execute";
import { findNotebooks } from "./find";
import { requireJupyterKernel, runWithJupyter } from "./jupyter";
import { renderIndex, writeLanguageLinks } from "./index-page";
import { renderReport } from "./report";
import { LiveProgress, type ProgressOutput } from "./progress";
import { readTimings, recordTiming } from "./timings";

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
  /**
   * Run the notebooks localised into this language (markdown from notebooks/i18n/<lang>/, CNNLAB_LANG
   * set for the kernel) and write them to <outDir>/<lang>/; "en" or none writes to outDir. Default: none.
   */
  lang?: Lang;
  /**
   * A live progress line (course position and ETA, the running cell, a training dashboard's
   * epoch, batch, images/s and ETA) on this output, e.g. process.stdout; the lines of `log` are
   * then written there too. Default: none.
   */
  progress?: ProgressOutput;
  /** With `progress` not on a terminal: least seconds between two progress lines (0: every update). Default 30. */
  progressEveryS?: number;
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

type Tr = ReturnType<typeof translator>;

/** The first line of a (possibly multi-line) error, for one-line progress output. */
function firstLine(tr: Tr, text: string | undefined): string {
  const lines = (text ?? "unknown error").split("\n");
  return lines.length > 1 ? `${lines[0]} ${tr("run.moreLines", { count: lines.length - 1 })}` : lines[0];
}

function progressLine(tr: Tr, c: CellReport): string {
  const head = tr("run.cell", { code: c.codeNumber, codes: c.codeCount, cell: c.cellNumber, status: tr(c.ok ? "run.cellOk" : "run.cellFailed"), seconds: c.seconds.toFixed(1) });
  return c.ok ? head : `${head}: ${firstLine(tr, c.error)}`;
}

/** Runs every notebook; resolves with one summary each (never rejects for a failing notebook). */
export async function runNotebooks(args: RunArgs): Promise<NotebookSummary[]> {
  const lang = args.lang ?? "en";
  // Progress lines in the language of the run (--lang), else the user's (CNNLAB_LANG).
  const tr = translator(args.lang ?? currentLang());
  const reportsRoot = args.outDir ?? "reports";
  // Each language's reports in their own folder; reports/index.html links them all.
  const outDir = lang === "en" ? reportsRoot : path.join(reportsRoot, lang);
  const live = args.progress ? new LiveProgress({ out: args.progress, everyS: args.progressEveryS, tr }) : null;
  const log = live ? (line: string) => live.log(line) : (args.log ?? ((line: string) => console.log(line)));
  const cellTimeoutS = args.cellTimeoutS ?? 0;
  if (!(cellTimeoutS >= 0)) throw new Error(`cnnlab run: --cell-timeout must be a number of seconds >= 0 (0 = no limit), got ${args.cellTimeoutS}`);
  const quick = args.quick === true || quickMode(); // quickMode() also rejects a malformed CNNLAB_QUICK early
  const env: Record<string, string> = { ...(args.quick ? { CNNLAB_QUICK: "1" } : {}), ...(args.lang ? { CNNLAB_LANG: args.lang } : {}) };
  const targets = findNotebooks(args.paths);
  const clash = targets.find((t) => t.outName === "index");
  if (clash) throw new Error(`cnnlab run: ${JSON.stringify(clash.file)} would overwrite the run's index.html in ${JSON.stringify(outDir)}; rename the notebook`);
  if (lang !== "en") requireTranslations(targets.map((t) => t.file), lang); // before any notebook runs
  if (args.jupyter) requireJupyterKernel({ ...process.env, ...env }); // once, before any notebook
  const summaries: NotebookSummary[] = [];
  const timings = readTimings(outDir);
  const lastRun = timings[quick ? "quick" : "full"];
  live?.startCourse(targets.map((t) => ({ name: t.outName, expectedS: lastRun[t.outName] })));
  try {
    for (const [n, target] of targets.entries()) {
      live?.startNotebook(n);
      const summary = await runOne(target, n);
      if (summary.ok) recordTiming(outDir, timings, quick, target.outName, summary.seconds);
    }
  } finally {
    live?.finish();
  }
  const index = path.join(outDir, "index.html");
  writeFileAtomic(index, renderIndex(summaries, outDir, lang));
  writeLanguageLinks(reportsRoot);
  log(finalLine(tr, summaries, index));
  return summaries;

  async function runOne(target: (typeof targets)[number], n: number): Promise<NotebookSummary> {
    const notes = `${args.jupyter ? tr("run.throughJupyter") : ""}${quick ? tr("run.quickMode") : ""}${lang !== "en" ? tr("run.language", { lang }) : ""}`;
    log(tr("run.notebook", { file: target.file, n: n + 1, total: targets.length, how: notes }));
    // The report links back to index.html, which sits in outDir above any subfolders.
    const indexHref = path.relative(path.dirname(path.join(outDir, target.outName)), path.join(outDir, "index.html")).split(path.sep).join("/");
    const how: How = { env, cellTimeoutS, quick, log, indexHref, lang, tr, live };
    let outcome: Outcome;
    try {
      outcome = args.jupyter ? runThroughJupyter(target.file, how) : await runInProcess(target.file, how);
    } catch (err) {
      outcome = { summary: { file: target.file, ok: false, seconds: 0, error: (err as Error).message } };
    }
    const summary = writeOutcome(outcome, path.join(outDir, target.outName));
    summaries.push(summary);
    log(notebookLine(tr, outcome.summary));
    return summary;
  }
}

/** Throws, naming every notebook and cell, when some notebook has no up-to-date translation into `lang`. */
function requireTranslations(files: string[], lang: Lang): void {
  const problems: string[] = [];
  for (const file of files) {
    try {
      localiseFile(readNotebook(file), file, lang);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length > 0) throw new Error(`cnnlab run: --lang ${lang}: ${problems.length} notebook${problems.length === 1 ? "" : "s"} cannot be localised:\n${problems.join("\n")}`);
}

/** What running one notebook produced, before anything is written. */
interface Outcome {
  summary: NotebookSummary;
  executed?: Notebook;
  html?: string;
}

interface How {
  env: Record<string, string>;
  cellTimeoutS: number;
  quick: boolean;
  log: (line: string) => void;
  indexHref: string;
  lang: Lang;
  tr: Tr;
  live: LiveProgress | null;
}

async function runInProcess(file: string, how: How): Promise<Outcome> {
  const r = await executeNotebook(localiseFile(readNotebook(file), file, how.lang), {
    dir: path.dirname(file), env: how.env, cellTimeoutS: how.cellTimeoutS, onCell: (c) => how.log(progressLine(how.tr, c)),
    onCellStart: (c) => how.live?.startCell(c.codeNumber, c.codeCount),
    onProgress: (p) => how.live?.trainingProgress(p),
  });
  const failedCellNumber = r.failedCell?.cellNumber;
  const executed = r.notebook;
  executed.metadata.cnnlab_run = { ok: r.ok, seconds: r.seconds, quick: how.quick, failed_cell: failedCellNumber ?? null, finished: new Date().toISOString() };
  const html = renderReport(executed, { title: path.basename(file, ".ipynb"), source: file, ok: r.ok, seconds: r.seconds, failedCellNumber, error: r.error, quick: how.quick, indexHref: how.indexHref, lang: how.lang });
  return { summary: { file, ok: r.ok, seconds: r.seconds, failedCellNumber, error: r.failedCell?.error ?? r.error }, executed, html };
}

function runThroughJupyter(file: string, how: How): Outcome {
  if (how.lang === "en") return jupyterOutcome(file, runWithJupyter(file, { env: how.env, cellTimeoutS: how.cellTimeoutS }));
  // nbconvert runs the kernel in its input's folder, so the localised copy sits beside the original while it runs.
  const copy = path.join(path.dirname(file), `.${path.basename(file, ".ipynb")}.cnnlab-${how.lang}-${process.pid}.ipynb`);
  try {
    writeNotebook(copy, localiseFile(readNotebook(file), file, how.lang));
    return jupyterOutcome(file, runWithJupyter(copy, { env: how.env, cellTimeoutS: how.cellTimeoutS }));
  } finally {
    fs.rmSync(copy, { force: true });
  }
}

function jupyterOutcome(file: string, r: ReturnType<typeof runWithJupyter>): Outcome {
  return { summary: { file, ok: r.ok, seconds: r.seconds, failedCellNumber: r.failedCellNumber, error: r.error }, executed: r.notebook, html: r.html };
}

/** Writes the executed notebook and report (each atomically) beside `outBase`; returns the summary with their paths. */
function writeOutcome({ summary, executed, html }: Outcome, outBase: string): NotebookSummary {
  if (executed) {
    writeNotebook(`${outBase}.ipynb`, executed);
    summary.executedNotebook = `${outBase}.ipynb`;
  }
  if (html) {
    writeFileAtomic(`${outBase}.html`, html);
    summary.report = `${outBase}.html`;
  }
  return summary;
}

function notebookLine(tr: Tr, s: NotebookSummary): string {
  const where = s.report ? ` -> ${s.report}` : s.executedNotebook ? ` -> ${s.executedNotebook}` : "";
  if (s.ok) return tr("run.done", { seconds: s.seconds.toFixed(1), where });
  if (s.failedCellNumber !== undefined) return tr("run.stopped", { cell: s.failedCellNumber, seconds: s.seconds.toFixed(1), error: firstLine(tr, s.error), where });
  return tr("run.failed", { error: firstLine(tr, s.error), where });
}

function finalLine(tr: Tr, all: NotebookSummary[], index: string): string {
  const failed = all.filter((s) => !s.ok);
  const total = all.reduce((t, s) => t + s.seconds, 0);
  const head = tr("run.final", { count: all.length, seconds: total.toFixed(1), ok: all.length - failed.length, failed: failed.length });
  const which = failed.map((s) => (s.failedCellNumber !== undefined ? `${s.file} (cell ${s.failedCellNumber})` : s.file)).join(", ");
  return `${head}${failed.length ? ` — ${which}` : ""}. ${tr("run.open", { index: path.resolve(index) })}`;
}
