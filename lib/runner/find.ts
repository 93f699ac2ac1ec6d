/** Which notebooks a `cnnlab run` argument names, and in which order they run. */
import * as fs from "fs";
import * as path from "path";

/**
 * Subfolders a folder argument does not descend into: Jupyter's autosaves, dependencies, and
 * the graded assignments (their student versions stop at "not implemented" by design; run
 * them by naming the folder, `cnnlab run notebooks/assignments`, or grade them with `cnnlab grade`).
 */
const SKIP_DIRS = new Set([".ipynb_checkpoints", "node_modules", ".git", "assignments"]);

/** A notebook to run and where its results go, relative to the output folder. */
export interface NotebookTarget {
  /** The .ipynb file. */
  file: string;
  /** Output path without extension, relative to --out (subfolders of a folder argument kept). */
  outName: string;
}

function walk(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) found.push(...walk(path.join(dir, entry.name)));
    } else if (entry.name.endsWith(".ipynb")) {
      found.push(path.join(dir, entry.name));
    }
  }
  return found;
}

/** Plain code-point order, so `00-`, `01-`, … run in course order on every machine and locale. */
function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Expands notebook files and folders (searched recursively, sorted) into targets.
 * Throws naming the argument when it does not exist, is not a notebook, or holds none.
 */
export function findNotebooks(paths: string[]): NotebookTarget[] {
  if (paths.length === 0) throw new Error("cnnlab run: give at least one notebook (.ipynb) or folder of notebooks");
  const targets: NotebookTarget[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new Error(`cnnlab run: no such notebook or folder: ${JSON.stringify(p)}`);
    if (fs.statSync(p).isDirectory()) {
      const files = walk(p).map((f) => path.relative(p, f)).sort(byPath);
      if (files.length === 0) throw new Error(`cnnlab run: folder ${JSON.stringify(p)} holds no .ipynb notebooks`);
      for (const rel of files) targets.push({ file: path.join(p, rel), outName: rel.replace(/\.ipynb$/, "") });
    } else {
      if (!p.endsWith(".ipynb")) throw new Error(`cnnlab run: expected a notebook ending in .ipynb or a folder, got ${JSON.stringify(p)}`);
      targets.push({ file: p, outName: path.basename(p, ".ipynb") });
    }
  }
  const seen = new Map<string, string>();
  for (const t of targets) {
    const other = seen.get(t.outName);
    if (other !== undefined) throw new Error(`cnnlab run: ${JSON.stringify(other)} and ${JSON.stringify(t.file)} would both write ${t.outName}.ipynb; run them with different --out folders`);
    seen.set(t.outName, t.file);
  }
  return targets;
}
