/**
 * The student edition of a course notebook: each `// BEGIN SOLUTION` … `// END SOLUTION` region
 * becomes the stub the assignments use, each written answer (a markdown cell with metadata
 * `{"cnnlab": {"solution": true}}`) becomes ANSWER_STUB, and outputs are cleared. Assignment
 * notebooks (`x.instructor.ipynb`) go through the assignments' own studentVersion.
 */
import { hasSolution, stubSolutions, studentVersion } from "../grading/assign";
import { cnnlabMeta } from "../grading/spec";
import { isWrittenSolution, stubWrittenSolution } from "./written-answers";
import { cellSource, splitLines } from "../notebook/io";
import { stripOutputs } from "../notebook/strip";
import { notebookLang } from "../i18n/notebook";
import type { Cell, Notebook } from "../notebook/types";

/** True for an assignment's instructor notebook (by its file name or its `cnnlab.assignment` metadata). */
export function isInstructorNotebook(nb: Notebook, file: string): boolean {
  return /\.instructor\.ipynb$/.test(file) || cnnlabMeta(nb).assignment !== undefined;
}

/**
 * The student edition of `nb` (read from `file`, named in errors). A course notebook without
 * exercises comes back with its outputs cleared and nothing else changed.
 */
export function studentEdition(nb: Notebook, file: string): Notebook {
  if (isInstructorNotebook(nb, file)) return studentVersion(nb, file);
  const cells = nb.cells.map((cell, i): Cell => {
    if (isWrittenSolution(cell)) return stubWrittenSolution(cell, notebookLang(nb));
    if (cell.cell_type === "code" && hasSolution(cell)) {
      return { ...cell, source: splitLines(stubSolutions(cellSource(cell), `${file}: cell ${i + 1}`)) };
    }
    return cell;
  });
  return stripOutputs({ ...nb, cells });
}
