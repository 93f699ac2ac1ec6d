/**
 * A tiny assignment for grader tests: `double(x)` doubles an array. Its instructor notebook has a
 * visible test (1 point) and a hidden test (2 points: two checks); submissions are the student
 * version with chosen cells, written into a fresh folder under test-output/ (gitignored).
 */
import * as fs from "fs";
import * as path from "path";
import { writeNotebook } from "../../lib/notebook/io";
import type { Cell, Notebook } from "../../lib/notebook/types";

export const PACKAGE_ROOT = path.resolve(__dirname, "../..");

export const SOLUTION = "function double(x: number[]): number[] {\n  // BEGIN SOLUTION\n  return x.map((v) => 2 * v);\n  // END SOLUTION\n}\n";
export const VISIBLE_TEST = 'import { check } from "cnnlab";\ncheck.close("double([1, 2])", double([1, 2]), [2, 4]);\n';
export const HIDDEN_TEST = 'import { check } from "cnnlab";\ncheck.close("double of a hidden array", double([3, -1.5, 0]), [6, -3, 0]);\ncheck.equal("length of double([1, 2, 3, 4])", double([1, 2, 3, 4]).length, 4);\n';

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
    metadata: { kernelspec: { name: "cnnlab", language: "typescript", display_name: "TypeScript (cnnlab)" }, cnnlab: { assignment: { name: "tiny", default_cell_timeout_s: 10, total_timeout_s: 200, memory_mb: 256, ...assignment } } },
    cells: [
      code('import { check } from "cnnlab";\n'),
      code(SOLUTION),
      code(VISIBLE_TEST, { cnnlab: { grade: { id: "double_visible", points: 1 } } }),
      code(HIDDEN_TEST, { cnnlab: { grade: { id: "double_hidden", points: 2, hidden: true, timeout_s: 8 } } }),
    ],
  };
}

/** A submission: the instructor notebook without the hidden test, `double` replaced by `body` cells. */
export function submission(...cells: string[]): Notebook {
  const nb = instructorNotebook();
  return { ...nb, cells: [nb.cells[0], ...cells.map((s) => code(s)), nb.cells[2]] };
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
