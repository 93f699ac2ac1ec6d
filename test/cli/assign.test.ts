/** `cnnlab assign` on a tiny instructor notebook, from a fresh process in a temporary folder. */
import * as fs from "fs";
import * as path from "path";
import { cellSource, readNotebook } from "../../lib/notebook/io";
import type { CodeCell, Notebook } from "../../lib/notebook/types";
import { code, markdown, notebook, writeNotebooks } from "../notebooks/fixtures";
import { cnnlab, removeTempDirs, tempDir } from "./spawn";

afterAll(removeTempDirs);

function graded(source: string, grade: Record<string, unknown>): CodeCell {
  const cell = code(source);
  cell.metadata = { cnnlab: { grade } };
  return cell;
}

function instructorNotebook(): Notebook {
  const solution = code("function double(x: number): number {\n  // BEGIN SOLUTION\n  return 2 * x;\n  // END SOLUTION\n}");
  solution.execution_count = 1;
  solution.outputs = [{ output_type: "stream", name: "stdout", text: "ran\n" }];
  const nb = notebook(
    markdown("# Doubling\n\nWrite `double`."),
    solution,
    graded('if (double(2) !== 4) throw new Error("double(2) should be 4");', { id: "visible", points: 1 }),
    graded('if (double(-3) !== -6) throw new Error("double(-3) should be -6");', { id: "hidden", points: 2, hidden: true }),
  );
  nb.metadata.cnnlab = { assignment: { name: "doubling" } };
  return nb;
}

describe("cnnlab assign", () => {
  it("writes x.ipynb from x.instructor.ipynb: solutions stubbed, hidden tests gone, outputs cleared", () => {
    const dir = writeNotebooks(tempDir(), { "hw.instructor.ipynb": instructorNotebook() });
    const r = cnnlab(["assign", "hw.instructor.ipynb"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe("wrote hw.ipynb");
    const student = readNotebook(path.join(dir, "hw.ipynb"));
    const sources = student.cells.map(cellSource);
    expect(sources).toHaveLength(3);
    expect(sources[1]).toBe('function double(x: number): number {\n  throw new Error("not implemented");\n}');
    expect(sources.join("\n")).not.toContain("2 * x");
    expect(sources.join("\n")).not.toContain("double(-3)");
    expect(sources[2]).toContain("double(2) !== 4");
    expect((student.cells[1] as CodeCell).outputs).toEqual([]);
    expect(student.metadata.cnnlab).toMatchObject({ role: "student", assignment: { name: "doubling" } });
  });

  it("-o names the student file", () => {
    const dir = writeNotebooks(tempDir(), { "hw.instructor.ipynb": instructorNotebook() });
    const r = cnnlab(["assign", "hw.instructor.ipynb", "-o", "handout.ipynb"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(["handout.ipynb", "hw.instructor.ipynb"]);
  });

  it.each([
    { case: "not a notebook", argv: ["hw.txt"], msg: /^cnnlab assign: <instructor> must be an \.ipynb notebook, got "hw\.txt"$/m },
    { case: "--out is the instructor notebook", argv: ["hw.instructor.ipynb", "-o", "hw.instructor.ipynb"], msg: /--out "hw\.instructor\.ipynb" would overwrite the instructor notebook/ },
    { case: "no solution regions", argv: ["plain.ipynb"], msg: /^cnnlab assign: plain\.ipynb: no "\/\/ BEGIN SOLUTION" … "\/\/ END SOLUTION" regions; is this an instructor notebook\?$/m },
  ])("$case: a message saying so, exit code 1, nothing written", ({ argv, msg }) => {
    const dir = writeNotebooks(tempDir(), { "hw.instructor.ipynb": instructorNotebook(), "plain.ipynb": notebook(code("1 + 1")) });
    const before = fs.readdirSync(dir).sort();
    const r = cnnlab(["assign", ...argv], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(msg);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });
});
