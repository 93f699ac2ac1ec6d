/**
 * The one cell-execution core of cnnlab's notebook processes: tslab's executor (the one its
 * Jupyter kernel uses) plus the recorder that turns what the executor reports through
 * console.error into a cell's error. Used by the runner's notebook process (lib/runner/worker.ts),
 * a graded submission's sandboxed process and the grader's test process (lib/grading/*-worker.ts).
 */
import * as util from "util";
import { createExecutor, type ConsoleInterface } from "tslab/dist/executor";
import { converterSet } from "./converters";

/** How tslab's executor prints a TypeScript diagnostic (see its printDiagnostics). */
const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";

/** Frames of the executor, node:vm and the notebook processes are noise for a student: keep the cell's own. */
const RUNNER_FRAME = /node:vm|tslab[\\/]dist[\\/]executor\.js|runner[\\/](worker|cells)\.js|grading[\\/]\w+-worker\.js/;

/** Characters of an error message or stack kept: a cell can throw text of any size (200M characters were seen). */
const MAX_ERROR_CHARS = 100_000;

const cut = (s: string): string => (s.length > MAX_ERROR_CHARS ? `${s.slice(0, MAX_ERROR_CHARS)}… [${s.length - MAX_ERROR_CHARS} more characters cut]` : s);

/** Why a cell failed, as Jupyter shows it. */
export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** What running one cell did. */
export interface CellResult {
  ok: boolean;
  /** Set when the cell failed. */
  error?: CellError;
  /** Diagnostics and errors the executor reported for a cell that still ran (module warnings). */
  warnings: string[];
}

export interface CellCore {
  /** Runs one cell's source; never throws for anything the cell does. */
  run(source: string): Promise<CellResult>;
  /** The notebook's top-level names (tslab's locals). */
  readonly locals: Record<string, unknown>;
  close(): void;
}

/** util.format that survives hostile objects (throwing getters, Proxies). */
export function safeFormat(v: unknown): string {
  try {
    return util.format(v);
  } catch {
    return "an unprintable value";
  }
}

function cellTraceback(stack: string): string[] {
  return stack.split("\n").filter((line) => !RUNNER_FRAME.test(line));
}

/** What the executor reports through console.error while a cell runs: diagnostics or the thrown value. */
class ErrorRecorder implements ConsoleInterface {
  private diagnostics: string[] = [];
  private thrown: unknown[] = [];

  constructor(readonly log: (...args: unknown[]) => void) {}

  error = (...args: unknown[]): void => {
    if (args[0] === DIAGNOSTIC_FORMAT) {
      const [, file, line, column, message] = args;
      this.diagnostics.push(`${file}line ${line}, column ${column}: ${message}`);
    } else {
      this.thrown.push(args.length === 1 ? args[0] : safeFormat(args));
    }
  };

  take(ok: boolean): CellResult {
    const { diagnostics, thrown } = this;
    this.diagnostics = [];
    this.thrown = [];
    if (ok) return { ok, warnings: [...diagnostics, ...thrown.map(safeFormat)] };
    if (diagnostics.length > 0) {
      // Jupyter front ends show only the traceback, so it carries the whole message.
      const evalue = diagnostics.join("\n");
      return { ok, warnings: [], error: { ename: "TypeScriptError", evalue, traceback: [`TypeScriptError: ${evalue}`] } };
    }
    const value = thrown[0];
    if (thrown.length === 0) return { ok, warnings: [], error: { ename: "Error", evalue: "the cell failed without reporting why", traceback: [] } };
    try {
      if (typeof value === "object" && value !== null && "message" in value) {
        const err = value as Error;
        const ename = cut(String(err.name || "Error"));
        const message = String(err.message);
        const evalue = cut(message);
        // The stack repeats the message: for a huge one, building it would cost its size again.
        const stack = message.length <= MAX_ERROR_CHARS && typeof err.stack === "string" ? err.stack : `${ename}: ${evalue}`;
        return { ok, warnings: [], error: { ename, evalue, traceback: cellTraceback(cut(stack)) } };
      }
    } catch {
      // a thrown object with a hostile getter: fall back to its formatted text
    }
    const evalue = cut(safeFormat(value));
    return { ok, warnings: [], error: { ename: "Error", evalue, traceback: [`Error: ${evalue}`] } };
  }
}

/** An executor rooted at `rootDir` (imports resolve from there); `log` receives what tslab itself prints. */
export function createCellCore(rootDir: string, log: (text: string) => void): CellCore {
  const recorder = new ErrorRecorder((...args: unknown[]) => log(util.format(...args) + "\n"));
  const convs = converterSet();
  void convs.node; // load TypeScript before the first cell, so its time is not charged to it
  const executor = createExecutor(rootDir, convs, recorder);
  return {
    async run(source: string): Promise<CellResult> {
      const ok = await executor.execute(source);
      // Let output from promises that settled with the cell arrive before the result.
      await new Promise((resolve) => setImmediate(resolve));
      return recorder.take(ok);
    },
    get locals() {
      return executor.locals;
    },
    close() {
      executor.close(); // closes the converters too
    },
  };
}
