/**
 * A tiny assignment for grader tests: `double(x)` doubles an array. Its instructor notebook has a
 * visible test (1 point) and a hidden test (2 points: two checks); its answer key blocks
 * `reference.conv2dForward`. Submissions are the student version with chosen cells, written into a
 * fresh folder under test-output/ (gitignored); the instructor notebook goes in a folder of its own.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { writeNotebook } from "../../lib/notebook/io";
import type { Cell, Notebook } from "../../lib/notebook/types";

export const PACKAGE_ROOT = path.resolve(__dirname, "../..");

export const SOLUTION = "function double(x: number[]): number[] {\n  // BEGIN SOLUTION\n  return x.map((v) => 2 * v);\n  // END SOLUTION\n}\n";
export const VISIBLE_TEST = 'import { check } from "cnnlab";\ncheck.close("double([1, 2])", await double([1, 2]), [2, 4]);\n';
/** A marker that appears only in the hidden test's code (never as an argument): it must never reach a submission or its feedback. */
export const HIDDEN_MARKER = "HIDDEN-TEST-CODE-7f3a";
export const HIDDEN_TEST = `import { check } from "cnnlab";\n// ${HIDDEN_MARKER}\ncheck.close("double of a hidden array", await double([3, -1.5, 0]), [6, -3, 0]);\ncheck.equal("length of double([1, 2, 3, 4])", (await double([1, 2, 3, 4])).length, 4);\n`;

let counter = 0;
function code(source: string, metadata: Record<string, unknown> = {}): Cell {
  counter += 1;
  return { cell_type: "code", id: `c${counter}`, metadata, source, execution_count: null, outputs: [] };
}

/** The instructor notebook's cells; `setup` replaces the first cell. */
export function instructorNotebook(assignment: Record<string, unknown> = {}): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "cnnlab", language: "typescript", display_name: "TypeScript (cnnlab)" }, cnnlab: { assignment: { name: "tiny", default_cell_timeout_s: 10, total_timeout_s: 400, memory_mb: 512, student_api: ["double"], answer_key: ["conv2dForward"], ...assignment } } },
    cells: [
      code('import { check } from "cnnlab";\n'),
      // (its limit lets a submission's cells claim up to 60 s: the hostile corpus's slow cells on a loaded machine)
      code(SOLUTION, { cnnlab: { timeout_s: 60 } }),
      code(VISIBLE_TEST, { cnnlab: { grade: { id: "double_visible", points: 1 } } }),
      code(HIDDEN_TEST, { cnnlab: { grade: { id: "double_hidden", points: 2, hidden: true, timeout_s: 8 } } }),
    ],
  };
}

/** A submission: the instructor notebook without the hidden test, `double` replaced by `body` cells. */
export function submission(...cells: Array<string | { source: string; timeoutS: number }>): Notebook {
  const nb = instructorNotebook();
  const made = cells.map((c) => (typeof c === "string" ? code(c) : code(c.source, { cnnlab: { timeout_s: c.timeoutS } })));
  return { ...nb, cells: [nb.cells[0], ...made, nb.cells[2]] };
}

/** A fresh folder under test-output/grading-*. */
export function freshDir(tag: string): string {
  const base = path.join(PACKAGE_ROOT, "test-output");
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, `grading-${tag}-`));
}

/** Writes notebooks into `dir` and returns their paths, in order. */
export function writeAll(dir: string, notebooks: Record<string, Notebook>): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const [name, nb] of Object.entries(notebooks)) {
    paths[name] = path.join(dir, `${name}.ipynb`);
    writeNotebook(paths[name], nb);
  }
  return paths;
}

/** Writes the instructor notebook as `<dir>/tiny.instructor.ipynb` (its own folder, as an instructor keeps it); returns the folder. */
export function instructorDir(dir: string, nb: Notebook = instructorNotebook()): string {
  const folder = path.join(dir, "instructor");
  fs.mkdirSync(folder, { recursive: true });
  writeNotebook(path.join(folder, "tiny.instructor.ipynb"), nb);
  return folder;
}

/** Why grading cannot run sandboxed here (bubblewrap missing or namespaces refused), or null when it can. */
export function noSandboxReason(): string | null {
  const r = spawnSync("bwrap", ["--unshare-user", "--unshare-pid", "--unshare-net", "--ro-bind", "/", "/", "true"], { encoding: "utf8" });
  if (r.error) return `bubblewrap (bwrap) is not installed: ${r.error.message}`;
  return r.status === 0 ? null : `bubblewrap cannot create namespaces here: ${r.stderr.trim().split("\n")[0]}`;
}

/** Runs `node bin/cnnlab.js …` as a user does, in `cwd`; resolves with its exit code and output. */
export function cnnlab(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(PACKAGE_ROOT, "bin", "cnnlab.js"), ...args], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Pids of processes (other than this one) whose command line or environment mentions `marker`: the grader's children, found after it died. */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const text = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8") + fs.readFileSync(`/proc/${pid}/environ`, "utf8");
      if (text.includes(marker) && Number(pid) !== process.pid) found.push(Number(pid));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}
