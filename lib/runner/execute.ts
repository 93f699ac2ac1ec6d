/**
 * Executes one notebook headlessly: a fresh notebook process (lib/runner/worker.ts) runs the
 * code cells in order with tslab's executor; the first failing cell stops the notebook,
 * because later cells depend on it.
 */
import { fork, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { cellSource } from "../notebook/io";
import type { CodeCell, ErrorOutput, Notebook } from "../notebook/types";
import { NotebookOutputs } from "./outputs";
import type { FromWorker, ToWorker } from "./protocol";
import type { TrainingProgress } from "../../kernel-ext/progress-channel";

export interface ExecuteArgs {
  /** The notebook's folder: imports and relative paths resolve from here. Required. */
  dir: string;
  /** Variables added to the notebook process's environment (it inherits ours). Default: none. */
  env?: Record<string, string>;
  /** Seconds one cell may run before the notebook is stopped; 0 means no limit. Default: 0. */
  cellTimeoutS?: number;
  /** Called after each code cell, for progress lines. Default: nothing. */
  onCell?: (cell: CellReport) => void;
  /** Called when a code cell starts, for a live progress line. Default: nothing. */
  onCellStart?: (cell: Pick<CellReport, "cellNumber" | "codeNumber" | "codeCount">) => void;
  /** Called with a training dashboard's state while a cell trains (out of band: not in the outputs). Default: nothing. */
  onProgress?: (progress: TrainingProgress) => void;
}

/** What happened to one executed code cell. */
export interface CellReport {
  /** 1-based position among all cells, as the student sees it in Jupyter. */
  cellNumber: number;
  /** 1-based position among the code cells that run. */
  codeNumber: number;
  /** How many code cells the notebook has to run. */
  codeCount: number;
  ok: boolean;
  seconds: number;
  /** "Name: message" of the error output, when the cell failed. */
  error?: string;
}

export interface ExecutionResult {
  /** A copy of the notebook with outputs, execution counts and timings filled in. */
  notebook: Notebook;
  ok: boolean;
  /** Wall-clock seconds for the whole notebook, process start included. */
  seconds: number;
  cells: CellReport[];
  /** The cell that failed and stopped the notebook, if any. */
  failedCell?: CellReport;
  /** Why the notebook could not run at all (e.g. the notebook process did not start). */
  error?: string;
}

/** The compiled worker; from ts-jest (running lib/*.ts) it is the one tsc built into dist/. */
export function workerPath(): string {
  const here = path.join(__dirname, "worker.js");
  if (fs.existsSync(here)) return here;
  const built = path.resolve(__dirname, "../../dist/lib/runner/worker.js");
  if (fs.existsSync(built)) return built;
  throw new Error(`cannot find the notebook worker at ${here} or ${built}; build the package first with \`npx tsc -p .\``);
}

/** The notebook process and a way to wait for its next message of a kind. */
class NotebookProcess {
  private readonly child: ChildProcess;
  private waiting: { kind: FromWorker["kind"]; resolve: (m: FromWorker) => void; reject: (e: Error) => void } | null = null;
  private exited: Error | null = null;

  constructor(dir: string, env: Record<string, string>, private readonly onMessage: (m: FromWorker) => void) {
    this.child = fork(workerPath(), [dir], {
      cwd: dir,
      env: { ...process.env, ...env },
      execArgv: [],
      serialization: "advanced",
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    // Output written below JavaScript (native tfjs logging) arrives on the pipes.
    this.child.stdout!.on("data", (b: Buffer) => onMessage({ kind: "stream", name: "stdout", text: b.toString("utf8") }));
    this.child.stderr!.on("data", (b: Buffer) => onMessage({ kind: "stream", name: "stderr", text: b.toString("utf8") }));
    this.child.on("message", (m: FromWorker) => {
      this.onMessage(m);
      if (this.waiting && this.waiting.kind === m.kind) {
        const { resolve } = this.waiting;
        this.waiting = null;
        resolve(m);
      }
    });
    // "close" (not "exit"): the pipes are drained too, so a crash message is not lost.
    this.child.on("close", (code, signal) => {
      this.exited = new Error(`the notebook process exited${signal ? ` on signal ${signal}` : ` with code ${code}`}`);
      this.waiting?.reject(this.exited);
      this.waiting = null;
    });
    this.child.on("error", (err) => {
      this.waiting?.reject(err);
      this.waiting = null;
    });
  }

  /** Resolves with the next message of `kind`; rejects if the process exits or `timeoutS` passes. */
  next(kind: FromWorker["kind"], timeoutS: number): Promise<FromWorker> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      const timer =
        timeoutS > 0
          ? setTimeout(() => {
              this.waiting = null;
              reject(new TimeoutError(timeoutS));
            }, timeoutS * 1000)
          : null;
      const done = <T>(f: (v: T) => void) => (v: T) => {
        if (timer) clearTimeout(timer);
        f(v);
      };
      this.waiting = { kind, resolve: done(resolve), reject: done(reject) };
    });
  }

  send(msg: ToWorker): void {
    this.child.send(msg);
  }

  /** Ends the process: politely when it is idle, by SIGKILL when a cell is stuck. */
  async stop(force: boolean): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once("close", () => resolve()));
    if (force || !this.child.connected) this.child.kill("SIGKILL");
    else this.send({ kind: "close" });
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await gone;
    clearTimeout(timer);
  }
}

class TimeoutError extends Error {
  constructor(readonly seconds: number) {
    super(`the cell ran longer than the ${seconds} s limit (--cell-timeout) and was stopped`);
    this.name = "Timeout";
  }
}

function isRunnable(cell: Notebook["cells"][number]): cell is CodeCell {
  return cell.cell_type === "code" && cellSource(cell).trim() !== "";
}

/** Runs the code cells of `nb` in a fresh notebook process; never throws for a failing cell. */
export async function executeNotebook(nb: Notebook, args: ExecuteArgs): Promise<ExecutionResult> {
  if (typeof args.dir !== "string" || !fs.existsSync(args.dir)) {
    throw new Error(`executeNotebook: "dir" must be an existing folder, got ${JSON.stringify(args.dir)}`);
  }
  const cellTimeoutS = args.cellTimeoutS ?? 0;
  if (!(cellTimeoutS >= 0)) throw new Error(`executeNotebook: "cellTimeoutS" must be a number >= 0 (0 = no limit), got ${cellTimeoutS}`);

  const started = Date.now();
  const executed: Notebook = structuredClone(nb);
  for (const cell of executed.cells) {
    if (cell.cell_type !== "code") continue;
    cell.outputs = [];
    cell.execution_count = null;
    delete cell.metadata.execution;
  }
  const outputs = new NotebookOutputs();
  const codeCount = executed.cells.filter(isRunnable).length;
  const cells: CellReport[] = [];
  const finish = (extra: Partial<ExecutionResult>): ExecutionResult => ({
    notebook: executed,
    ok: false,
    seconds: (Date.now() - started) / 1000,
    cells,
    ...extra,
  });

  const proc = new NotebookProcess(path.resolve(args.dir), args.env ?? {}, (m) => {
    if (m.kind === "progress") args.onProgress?.(m.progress);
    else outputs.apply(m);
  });
  try {
    await proc.next("ready", 120);
  } catch (err) {
    await proc.stop(true);
    return finish({ error: `the notebook process did not start: ${(err as Error).message}` });
  }

  let count = 0;
  for (let i = 0; i < executed.cells.length; i++) {
    const cell = executed.cells[i];
    if (!isRunnable(cell)) continue;
    count += 1;
    cell.outputs = outputs.startCell();
    cell.execution_count = count;
    args.onCellStart?.({ cellNumber: i + 1, codeNumber: count, codeCount });
    const t0 = new Date();
    let ok = false;
    let stuck = false;
    try {
      proc.send({ kind: "execute", source: cellSource(cell) });
      const done = await proc.next("done", cellTimeoutS);
      ok = done.kind === "done" && done.ok;
    } catch (err) {
      stuck = err instanceof TimeoutError;
      const out: ErrorOutput = { output_type: "error", ename: stuck ? "Timeout" : "NotebookProcessExited", evalue: (err as Error).message, traceback: [(err as Error).message] };
      cell.outputs.push(out);
    }
    const t1 = new Date();
    cell.metadata.execution = { "iopub.execute_input": t0.toISOString(), "shell.execute_reply": t1.toISOString() };
    const errorOut = cell.outputs.find((o): o is ErrorOutput => o.output_type === "error");
    const report: CellReport = {
      cellNumber: i + 1,
      codeNumber: count,
      codeCount,
      ok,
      seconds: (t1.getTime() - t0.getTime()) / 1000,
      ...(ok ? {} : { error: errorOut ? `${errorOut.ename}: ${errorOut.evalue}` : "the cell failed" }),
    };
    cells.push(report);
    args.onCell?.(report);
    if (!ok) {
      await proc.stop(true);
      return finish({ failedCell: report });
    }
  }
  await proc.stop(false);
  return finish({ ok: true });
}
