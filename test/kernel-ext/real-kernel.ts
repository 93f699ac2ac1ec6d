/**
 * Executing code cells through the real cnnlab Jupyter kernel, as a student's Jupyter does: the
 * kernelspec installed into a temporary prefix (`cnnlab kernel install --prefix`), the notebook run
 * by `jupyter nbconvert --execute`, then exported to HTML. Shared by the end-to-end tests.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findJupyter } from "../../kernel-ext/kernelspec";

export const ROOT = path.resolve(__dirname, "..", "..");

/** Why these tests cannot run here (empty when they can): Jupyter on PATH and a built dist/. */
export function realKernelMissing(): string[] {
  return [
    findJupyter() ? "" : "jupyter is not on PATH (apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbclient)",
    fs.existsSync(path.join(ROOT, "dist", "lib", "index.js")) ? "" : "dist/ is not built (run npx tsc -p .)",
  ].filter(Boolean);
}

/** A cell's outputs as nbformat stores them. */
export interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

/** A multi-line nbformat string (a string or a list of lines) as one string; undefined as "". */
export const joined = (v: unknown): string => (Array.isArray(v) ? v.join("") : v === undefined ? "" : String(v));

/** What `executeThroughKernel` leaves: each cell's outputs, the HTML export, and what the kernel install printed. */
export interface KernelRun {
  cells: Output[][];
  htmlFile: string;
  installOutput: string;
  /** The temporary folder holding everything; remove it with `fs.rmSync(dir, { recursive: true, force: true })`. */
  dir: string;
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): string {
  const result = spawnSync(command, args, { ...options, encoding: "utf8", timeout: 240_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout + result.stderr;
}

/** Runs `sources` (one code cell each) through the cnnlab kernel and exports the result to HTML. */
export function executeThroughKernel(sources: string[], tempPrefix: string): KernelRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), tempPrefix));
  const prefix = path.join(dir, "prefix");
  const nbDir = path.join(dir, "notebook");
  const env = { ...process.env, JUPYTER_PATH: path.join(prefix, "share", "jupyter") };
  // tslab compiles cells against the notebook's folder: give it node_modules/cnnlab pointing at the
  // package under test (notebooks import only from "cnnlab").
  fs.mkdirSync(path.join(nbDir, "node_modules"), { recursive: true });
  fs.symlinkSync(ROOT, path.join(nbDir, "node_modules", "cnnlab"), "dir");
  const notebook = {
    cells: sources.map((source, k) => ({ cell_type: "code", execution_count: null, id: `cell-${k}`, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { name: "cnnlab", display_name: "TypeScript (cnnlab)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  fs.writeFileSync(path.join(nbDir, "test.ipynb"), JSON.stringify(notebook, null, 1));
  const installOutput = run(process.execPath, [path.join(ROOT, "bin", "cnnlab.js"), "kernel", "install", "--prefix", prefix], { cwd: ROOT, env });
  const jupyter = findJupyter() as string;
  // The one notebook execution; the HTML export only converts its result.
  run(jupyter, ["nbconvert", "--to", "notebook", "--execute", "test.ipynb", "--output", "executed.ipynb", "--ExecutePreprocessor.timeout=180"], { cwd: nbDir, env });
  run(jupyter, ["nbconvert", "--to", "html", "executed.ipynb", "--output", "executed.html"], { cwd: nbDir, env });
  const cells = JSON.parse(fs.readFileSync(path.join(nbDir, "executed.ipynb"), "utf8")).cells.map((c: { outputs: Output[] }) => c.outputs);
  return { cells, htmlFile: path.join(nbDir, "executed.html"), installOutput, dir };
}
