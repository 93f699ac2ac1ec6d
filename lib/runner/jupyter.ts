/**
 * Running a notebook through the real Jupyter kernel (`cnnlab run --jupyter`): nbconvert
 * executes it with the `cnnlab` kernelspec, then exports HTML — what students get in Jupyter.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cellSource, joinText, readNotebook, writeNotebook } from "../notebook/io";
import { stripOutputs } from "../notebook/strip";
import type { Notebook } from "../notebook/types";
import { JUPYTER_INSTALL_HINT, KERNEL_NAME } from "../../kernel-ext/kernelspec";

/** The kernelspec name `cnnlab kernel install` registers, and how to get Jupyter. */
export { KERNEL_NAME, JUPYTER_INSTALL_HINT };

/** `jupyter --version`'s jupyter_core line, or null when Jupyter is not on PATH. */
export function jupyterVersion(env: NodeJS.ProcessEnv = process.env): string | null {
  const r = spawnSync("jupyter", ["--version"], { encoding: "utf8", env });
  if (r.error || r.status !== 0) return null;
  const core = r.stdout.split("\n").find((l) => l.startsWith("jupyter_core"));
  return (core ?? r.stdout.trim().split("\n")[0] ?? "jupyter").replace(/\s+/g, " ").trim();
}

/**
 * Names of the installed kernelspecs: folders with a kernel.json under `<data dir>/kernels`
 * for each Jupyter data dir (`jupyter --paths --json`, which honours JUPYTER_PATH). Read
 * directly because Debian's Jupyter may ship without the `jupyter kernelspec` command.
 */
export function kernelNames(env: NodeJS.ProcessEnv = process.env): string[] {
  const r = spawnSync("jupyter", ["--paths", "--json"], { encoding: "utf8", env });
  if (r.error || r.status !== 0) return [];
  let dataDirs: string[];
  try {
    dataDirs = (JSON.parse(r.stdout) as { data?: string[] }).data ?? [];
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const dir of dataDirs) {
    const kernels = path.join(dir, "kernels");
    if (!fs.existsSync(kernels)) continue;
    for (const name of fs.readdirSync(kernels)) {
      if (fs.existsSync(path.join(kernels, name, "kernel.json"))) names.add(name);
    }
  }
  return [...names].sort();
}

/** Throws a message saying what to install when Jupyter or the cnnlab kernel is missing. */
export function requireJupyterKernel(env: NodeJS.ProcessEnv = process.env): void {
  if (jupyterVersion(env) === null) throw new Error(`--jupyter needs Jupyter, which was not found on PATH; ${JUPYTER_INSTALL_HINT}`);
  const kernels = kernelNames(env);
  if (!kernels.includes(KERNEL_NAME)) {
    throw new Error(`--jupyter needs the "${KERNEL_NAME}" Jupyter kernel, which is not installed (found: ${kernels.join(", ") || "none"}); install it with \`cnnlab kernel install --user\``);
  }
}

export interface JupyterRunArgs {
  /** Variables added to nbconvert's (and so the kernel's) environment. Default: none. */
  env?: Record<string, string>;
  /** Seconds one cell may run; 0 means no limit. Default: 0. */
  cellTimeoutS?: number;
}

export interface JupyterRunResult {
  ok: boolean;
  seconds: number;
  /** The executed notebook (absent when execution failed: nbconvert writes none then). */
  notebook?: Notebook;
  /** nbconvert's HTML export (absent when execution failed). */
  html?: string;
  /** 1-based number of the failing cell, found by matching nbconvert's error against cell sources. */
  failedCellNumber?: number;
  error?: string;
}

function nbconvert(args: string[], env: NodeJS.ProcessEnv): { ok: boolean; stderr: string } {
  const r = spawnSync("jupyter", ["nbconvert", ...args], { encoding: "utf8", env, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) return { ok: false, stderr: r.error.message };
  return { ok: r.status === 0, stderr: r.stderr };
}

/** Which code cell nbconvert's CellExecutionError quotes (it prints the failing cell's source). */
function failingCell(nb: Notebook, stderr: string): number | undefined {
  const i = nb.cells.findIndex((c) => c.cell_type === "code" && cellSource(c).trim() !== "" && stderr.includes(cellSource(c).trim()));
  return i >= 0 ? i + 1 : undefined;
}

/** The error lines of nbconvert's report, without its long preamble. */
function errorSummary(stderr: string): string {
  const lines = stderr.trim().split("\n");
  const errLine = [...lines].reverse().find((l) => /Error|Exception/.test(l));
  return errLine?.trim() || lines.slice(-3).join("\n");
}

/** tslab's kernel puts a failing cell's message in its stderr stream, not in the error reply. */
function stderrMessage(cell: Notebook["cells"][number] | undefined): string | undefined {
  if (!cell || cell.cell_type !== "code") return undefined;
  const text = cell.outputs.map((o) => (o.output_type === "stream" && o.name === "stderr" ? joinText(o.text) : o.output_type === "error" ? `${o.ename}: ${o.evalue}` : "")).join("");
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^[A-Za-z]*(Error|Exception)\b|^\d+:\d+ - /.test(l)) ?? lines[0];
}

/**
 * Executes `file` through Jupyter; does not throw for failing cells. When a cell fails,
 * nbconvert writes nothing and tslab's reply lacks the message, so the cells up to the
 * failing one run again with errors allowed, to keep their outputs and the message.
 */
export function runWithJupyter(file: string, args: JupyterRunArgs = {}): JupyterRunResult {
  const env = { ...process.env, ...(args.env ?? {}) };
  requireJupyterKernel(env);
  const source = readNotebook(file);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-nbconvert-"));
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  const timeout = args.cellTimeoutS && args.cellTimeoutS > 0 ? args.cellTimeoutS : -1;
  const execute = (input: string, allowErrors: boolean) =>
    nbconvert(
      ["--to", "notebook", "--execute", `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`, `--ExecutePreprocessor.timeout=${timeout}`, ...(allowErrors ? ["--allow-errors"] : []), "--output-dir", tmp, "--output", "executed", input],
      env
    );
  const toHtml = (executedFile: string) => nbconvert(["--to", "html", "--output-dir", tmp, "--output", "executed", executedFile], env);
  try {
    const exec = execute(file, false);
    const executedFile = path.join(tmp, "executed.ipynb");
    if (exec.ok) {
      const notebook = readNotebook(executedFile);
      const html = toHtml(executedFile);
      if (!html.ok) return { ok: false, seconds: seconds(), notebook, error: `nbconvert --to html failed: ${errorSummary(html.stderr)}` };
      return { ok: true, seconds: seconds(), notebook, html: fs.readFileSync(path.join(tmp, "executed.html"), "utf8") };
    }
    const failedCellNumber = failingCell(source, exec.stderr);
    if (failedCellNumber === undefined) return { ok: false, seconds: seconds(), error: errorSummary(exec.stderr) };
    // The partial notebook sits beside the original: nbconvert runs the kernel in the input's folder.
    const partial = path.join(path.dirname(file), `.${path.basename(file, ".ipynb")}.cnnlab-partial-${process.pid}.ipynb`);
    try {
      writeNotebook(partial, { ...source, cells: source.cells.slice(0, failedCellNumber) });
      execute(partial, true);
    } finally {
      fs.rmSync(partial, { force: true });
    }
    if (!fs.existsSync(executedFile)) return { ok: false, seconds: seconds(), failedCellNumber, error: errorSummary(exec.stderr) };
    const ran = readNotebook(executedFile);
    const notebook: Notebook = { ...ran, cells: [...ran.cells, ...stripOutputs(source).cells.slice(failedCellNumber)] };
    writeNotebook(executedFile, notebook);
    const html = toHtml(executedFile);
    const error = stderrMessage(ran.cells[failedCellNumber - 1]) ?? errorSummary(exec.stderr);
    return { ok: false, seconds: seconds(), notebook, failedCellNumber, error, html: html.ok ? fs.readFileSync(path.join(tmp, "executed.html"), "utf8") : undefined };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
