/**
 * The notebook test harness: runs a notebook with the runner (quick mode by default) and
 * gives its outputs per cell, found by tag (`"tags": ["check:NAME"]` in the cell's metadata)
 * rather than by position, so notebooks can be edited without breaking their tests.
 */
import * as fs from "fs";
import * as path from "path";
import { cellSource, cellTags, joinText, readNotebook } from "../../lib/notebook/io";
import type { CodeCell, MimeBundle, Notebook, Output } from "../../lib/notebook/types";
import { executeNotebook, type ExecutionResult } from "../../lib/runner/execute";

/** The package under test (this checkout), whose dist/ notebooks import as "cnnlab". */
export const PACKAGE_ROOT = path.resolve(__dirname, "../..");

export interface NotebookRun {
  result: ExecutionResult;
  /** The executed notebook. */
  notebook: Notebook;
  /** The outputs of the code cell tagged `check:NAME`; throws naming the tag if no cell has it. */
  outputs(name: string): Output[];
  /** Everything the tagged cell printed (stdout and stderr), as one string. */
  text(name: string): string;
  /** What the tagged cell printed to stdout only (warnings on stderr left out). */
  stdout(name: string): string;
  /** The error output of the tagged cell, if it failed. */
  error(name: string): Output | undefined;
  /** The MIME bundles the tagged cell displayed (display_data / execute_result), in order. */
  bundles(name: string): MimeBundle[];
}

export interface RunForTestArgs {
  /** Set CNNLAB_QUICK=1. Default: true. */
  quick?: boolean;
  /** Seconds a cell may run. Default: 120. */
  cellTimeoutS?: number;
}

/** True when `import "cnnlab"` from inside this checkout resolves to this checkout (not so in a worktree sharing node_modules). */
function selfLinked(): boolean {
  try {
    return fs.realpathSync(path.join(PACKAGE_ROOT, "node_modules", "cnnlab")) === fs.realpathSync(PACKAGE_ROOT);
  } catch {
    return false;
  }
}

/**
 * Runs a notebook of this checkout in its own folder when `cnnlab` resolves to this checkout
 * (as in CI and for students). Otherwise (a worktree, or a notebook made in a temp folder)
 * it runs in a staging folder inside this checkout (test-output/, gitignored) whose node_modules/cnnlab links here, so the code under test is what the
 * notebook imports. Needs dist/ built (`npx tsc -p .`).
 */
export async function runNotebookForTest(file: string, args: RunForTestArgs = {}): Promise<NotebookRun> {
  const nb = readNotebook(file);
  const env: Record<string, string> = args.quick === false ? {} : { CNNLAB_QUICK: "1" };
  const cellTimeoutS = args.cellTimeoutS ?? 120;
  const inside = !path.relative(PACKAGE_ROOT, path.resolve(file)).startsWith("..");
  if (inside && selfLinked()) return harnessView(await executeNotebook(nb, { dir: path.dirname(path.resolve(file)), env, cellTimeoutS }));
  const stage = fs.mkdtempSync(path.join(ensureDir(path.join(PACKAGE_ROOT, "test-output")), "notebook-"));
  try {
    fs.mkdirSync(path.join(stage, "node_modules"));
    fs.symlinkSync(PACKAGE_ROOT, path.join(stage, "node_modules", "cnnlab"), "dir");
    return harnessView(await executeNotebook(nb, { dir: stage, env, cellTimeoutS }));
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Tag lookups over an execution result. */
export function harnessView(result: ExecutionResult): NotebookRun {
  const tagged = (name: string): CodeCell => {
    const tag = `check:${name}`;
    const cells = result.notebook.cells.filter((c): c is CodeCell => c.cell_type === "code" && cellTags(c).includes(tag));
    if (cells.length !== 1) {
      throw new Error(`expected exactly one code cell tagged "${tag}", found ${cells.length}${cells.length ? ": " + cells.map((c) => JSON.stringify(cellSource(c).slice(0, 40))).join(", ") : ""}`);
    }
    return cells[0];
  };
  return {
    result,
    notebook: result.notebook,
    outputs: (name) => tagged(name).outputs,
    text: (name) => tagged(name).outputs.map((o) => (o.output_type === "stream" ? joinText(o.text) : "")).join(""),
    stdout: (name) => tagged(name).outputs.map((o) => (o.output_type === "stream" && o.name === "stdout" ? joinText(o.text) : "")).join(""),
    error: (name) => tagged(name).outputs.find((o) => o.output_type === "error"),
    bundles: (name) => tagged(name).outputs.flatMap((o) => (o.output_type === "display_data" || o.output_type === "execute_result" ? [o.data] : [])),
  };
}

/** A readable account of why a notebook failed, for assertion messages. */
export function describeFailure(run: NotebookRun): string {
  const r = run.result;
  if (r.ok) return "ok";
  return r.error ?? `cell ${r.failedCell?.cellNumber} failed: ${r.failedCell?.error}`;
}
