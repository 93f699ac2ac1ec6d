/** The student edition of one course notebook: code solutions stubbed, written answers blanked, outputs cleared, the rest kept. */
import { studentEdition } from "../../lib/course/student-edition";
import { ANSWER_STUB } from "../../lib/course/written-answers";
import { cellSource } from "../../lib/notebook/io";
import type { Cell, Notebook } from "../../lib/notebook/types";
import { instructorNotebook } from "../grading/fixtures";

const exercise = 'function outSize(n: number, k: number): number {\n  // BEGIN SOLUTION\n  return n - k + 1;\n  // END SOLUTION\n}\n';
const written: Cell = { cell_type: "markdown", metadata: { cnnlab: { solution: true } }, source: "**Solution.** Because the border pixels are seen by fewer windows." };

function course(): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "cnnlab", display_name: "TypeScript (cnnlab)", language: "typescript" } },
    cells: [
      { cell_type: "markdown", metadata: {}, source: "### Exercises\n\n**Exercise 1.1** Why?" },
      { cell_type: "code", metadata: { tags: ["check:ex"] }, source: exercise, execution_count: 3, outputs: [{ output_type: "stream", name: "stdout", text: "x\n" }] },
      written,
      { cell_type: "code", metadata: {}, source: 'selfCheck("Exercise 1.1", () => outSize(28, 5), 24);', execution_count: null, outputs: [] },
    ],
  };
}

describe("studentEdition", () => {
  it("stubs the solution region, blanks the written answer and clears outputs, keeping everything else", () => {
    const nb = studentEdition(course(), "c.ipynb");
    expect(nb.cells).toHaveLength(4);
    expect(cellSource(nb.cells[0])).toBe("### Exercises\n\n**Exercise 1.1** Why?");
    expect(cellSource(nb.cells[1])).toBe('function outSize(n: number, k: number): number {\n  throw new Error("not implemented");\n}\n');
    expect(nb.cells[1].metadata).toEqual({ tags: ["check:ex"] });
    expect(nb.cells[1].cell_type === "code" && nb.cells[1].outputs).toEqual([]);
    expect(cellSource(nb.cells[2])).toBe(ANSWER_STUB);
    expect(nb.cells[2].metadata).toEqual({ cnnlab: { solution: true } });
    expect(cellSource(nb.cells[3])).toBe(cellSource(course().cells[3]));
  });

  it("leaves a notebook without exercises as it is, outputs cleared", () => {
    const nb = course();
    nb.cells = [nb.cells[0], nb.cells[3]];
    expect(studentEdition(nb, "c.ipynb").cells).toEqual(nb.cells);
  });

  it("names the cell with unbalanced markers", () => {
    const nb = course();
    nb.cells[1] = { ...nb.cells[1], source: "// BEGIN SOLUTION\nreturn 1;\n" } as Cell;
    expect(() => studentEdition(nb, "c.ipynb")).toThrow(/c\.ipynb: cell 2: the BEGIN SOLUTION on line 1 has no END SOLUTION/);
  });

  it("makes an assignment's student version (hidden tests removed) and blanks its written answers too", () => {
    const nb = instructorNotebook();
    nb.cells.push(written);
    const student = studentEdition(nb, "tiny.instructor.ipynb");
    expect(student.cells.map((c) => cellSource(c)).join("\n")).not.toContain("hidden array");
    expect(cellSource(student.cells[student.cells.length - 1])).toBe(ANSWER_STUB);
    expect((student.metadata.cnnlab as { role: string }).role).toBe("student");
  });
});
