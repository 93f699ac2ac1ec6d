/**
 * The student version of an instructor notebook: every `// BEGIN SOLUTION` … `// END SOLUTION`
 * region becomes `throw new Error("not implemented");` (the function signature around it stays),
 * hidden test cells are removed and outputs cleared.
 */
import { cellSource, splitLines } from "../notebook/io";
import { stripOutputs } from "../notebook/strip";
import type { Cell, Notebook } from "../notebook/types";
import { cnnlabMeta, testOf } from "./spec";
import { isWrittenSolution, stubWrittenSolution } from "../course/written-answers";

const BEGIN = /^(\s*)\/\/\s*BEGIN SOLUTION\s*$/;
const END = /^\s*\/\/\s*END SOLUTION\s*$/;
/** What a student finds in place of a solution. */
export const STUB = 'throw new Error("not implemented");';

/** Replaces the solution regions of one cell's source; throws naming the cell on unbalanced markers. */
export function stubSolutions(source: string, where: string): string {
  const out: string[] = [];
  let open: { indent: string; line: number } | null = null;
  splitLines(source).forEach((line, k) => {
    const text = line.replace(/\n$/, "");
    const begin = BEGIN.exec(text);
    if (begin) {
      if (open) throw new Error(`${where}: line ${k + 1} opens a BEGIN SOLUTION inside the one opened on line ${open.line}`);
      open = { indent: begin[1], line: k + 1 };
      out.push(`${open.indent}${STUB}\n`);
    } else if (END.test(text)) {
      if (!open) throw new Error(`${where}: line ${k + 1} has END SOLUTION without a BEGIN SOLUTION before it`);
      open = null;
    } else if (!open) {
      out.push(line);
    }
  });
  if (open) throw new Error(`${where}: the BEGIN SOLUTION on line ${(open as { line: number }).line} has no END SOLUTION`);
  return out.join("");
}

/** True when the cell's source has a solution region. */
export function hasSolution(cell: Cell): boolean {
  return splitLines(cellSource(cell)).some((l) => BEGIN.test(l.replace(/\n$/, "")));
}

/** The student notebook made from `instructor` (read from `file`, named in errors). */
export function studentVersion(instructor: Notebook, file: string): Notebook {
  const cells: Cell[] = [];
  let regions = 0;
  instructor.cells.forEach((cell, i) => {
    const test = testOf(cell, i + 1, file);
    if (test?.hidden) return;
    if (isWrittenSolution(cell)) {
      regions += 1;
      cells.push(stubWrittenSolution(cell));
      return;
    }
    if (cell.cell_type !== "code" || !hasSolution(cell)) {
      cells.push(cell);
      return;
    }
    regions += 1;
    cells.push({ ...cell, source: splitLines(stubSolutions(cellSource(cell), `${file}: cell ${i + 1}`)) });
  });
  if (regions === 0) throw new Error(`${file}: no "// BEGIN SOLUTION" … "// END SOLUTION" regions; is this an instructor notebook?`);
  const metadata = { ...instructor.metadata };
  const cnnlab = { ...cnnlabMeta(instructor), role: "student" };
  metadata.cnnlab = cnnlab;
  return stripOutputs({ ...instructor, metadata, cells });
}

/** Default student file name: `x.instructor.ipynb` → `x.ipynb`, else `x.student.ipynb`. */
export function defaultStudentPath(instructorFile: string): string {
  if (/\.instructor\.ipynb$/.test(instructorFile)) return instructorFile.replace(/\.instructor\.ipynb$/, ".ipynb");
  return instructorFile.replace(/\.ipynb$/, ".student.ipynb");
}
