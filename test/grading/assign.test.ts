/** Student versions: solution regions stubbed, hidden tests removed, outputs cleared; metadata validated. */
import * as fs from "fs";
import * as path from "path";
import { stubSolutions, studentVersion, defaultStudentPath } from "../../lib/grading/assign";
import { assignmentSpec } from "../../lib/grading/spec";
import { cellSource, readNotebook, serializeNotebook } from "../../lib/notebook/io";
import { instructorNotebook, PACKAGE_ROOT } from "./fixtures";

describe("stubSolutions", () => {
  it.each([
    [
      "a function body",
      "function f(x: number): number {\n  // BEGIN SOLUTION\n  return x + 1;\n  // END SOLUTION\n}\n",
      'function f(x: number): number {\n  throw new Error("not implemented");\n}\n',
    ],
    [
      "two regions, indentation kept",
      "function a() {\n    //BEGIN SOLUTION\n    return 1;\n    //END SOLUTION\n}\nfunction b() {\n// BEGIN SOLUTION\nreturn 2;\n// END SOLUTION\n}",
      'function a() {\n    throw new Error("not implemented");\n}\nfunction b() {\nthrow new Error("not implemented");\n}',
    ],
    ["no region", "const x = 1;\n", "const x = 1;\n"],
  ])("%s", (_, source, expected) => {
    expect(stubSolutions(source, "cell 2")).toBe(expected);
  });

  it.each([
    ["an END without BEGIN", "x\n// END SOLUTION\n", "cell 2: line 2 has END SOLUTION without a BEGIN SOLUTION before it"],
    ["a BEGIN without END", "// BEGIN SOLUTION\nx\n", "cell 2: the BEGIN SOLUTION on line 1 has no END SOLUTION"],
    ["nested BEGINs", "// BEGIN SOLUTION\n// BEGIN SOLUTION\n", "cell 2: line 2 opens a BEGIN SOLUTION inside the one opened on line 1"],
  ])("rejects %s, naming the cell and line", (_, source, message) => {
    expect(() => stubSolutions(source, "cell 2")).toThrow(message);
  });
});

describe("studentVersion", () => {
  const student = studentVersion(instructorNotebook(), "tiny.ipynb");

  it("removes the hidden test and keeps the visible one", () => {
    const ids = student.cells.map((c) => (c.metadata.cnnlab as { grade?: { id: string } } | undefined)?.grade?.id).filter(Boolean);
    expect(ids).toEqual(["double_visible"]);
    expect(JSON.stringify(student)).not.toContain("hidden array");
  });

  it("stubs the solution and keeps the signature", () => {
    expect(cellSource(student.cells[1])).toBe('function double(x: number[]): number[] {\n  throw new Error("not implemented");\n}\n');
  });

  it("refuses a notebook without solution regions", () => {
    expect(() => studentVersion(student, "student.ipynb")).toThrow('student.ipynb: no "// BEGIN SOLUTION" … "// END SOLUTION" regions; is this an instructor notebook?');
  });

  it.each([
    ["x.instructor.ipynb", "x.ipynb"],
    ["x.ipynb", "x.student.ipynb"],
  ])("default output for %s is %s", (from, to) => {
    expect(defaultStudentPath(from)).toBe(to);
  });
});

describe("assignmentSpec", () => {
  it("reads tests, points, limits", () => {
    const spec = assignmentSpec(instructorNotebook(), "tiny.ipynb", "fallback");
    expect(spec).toMatchObject({ name: "tiny", totalTimeoutS: 400, memoryMb: 512, defaultCellTimeoutS: 10 }); // fixtures.ts's limits
    expect(spec.tests.map((t) => [t.id, t.points, t.hidden, t.timeoutS])).toEqual([["double_visible", 1, false, 10], ["double_hidden", 2, true, 8]]);
  });

  it.each([
    [{ id: "a b", points: 1 }, 'tiny.ipynb: cell 3 (metadata.cnnlab.grade): "id" must be a name of letters, digits, _ . - (1-64 characters), got "a b"'],
    [{ id: "a", points: -1 }, 'tiny.ipynb: cell 3 (metadata.cnnlab.grade): "points" must be a number >= 0, got -1'],
    [{ id: "a", points: 1, hidden: "yes" }, 'tiny.ipynb: cell 3 (metadata.cnnlab.grade): "hidden" must be true or false, got "yes"'],
    [{ id: "a", points: 1, timeout_s: 0 }, 'tiny.ipynb: cell 3 (metadata.cnnlab.grade): "timeout_s" must be a positive number, got 0'],
    [{ id: "double_hidden", points: 1 }, 'tiny.ipynb: cells 3 and 4 both declare the test id "double_hidden"; ids must be unique'],
  ])("rejects grade metadata %j", (grade, message) => {
    const nb = instructorNotebook();
    nb.cells[2].metadata = { cnnlab: { grade } };
    expect(() => assignmentSpec(nb, "tiny.ipynb", "x")).toThrow(message);
  });
});

describe("committed assignments", () => {
  const dir = path.join(PACKAGE_ROOT, "notebooks", "assignments");
  const instructors = fs.readdirSync(dir).filter((f) => f.endsWith(".instructor.ipynb")).sort();

  it("has an assignment for every chapter group: the eight of issue 18", () => {
    expect(instructors).toEqual([
      "a1-conv.instructor.ipynb", "a2-pool-bn.instructor.ipynb", "a3-lenet.instructor.ipynb", "a4-image-kernels.instructor.ipynb",
      "a5-conv-arithmetic.instructor.ipynb", "a6-activations-sgd.instructor.ipynb", "a7-resnet-block.instructor.ipynb", "a8-saliency.instructor.ipynb",
    ]);
  });

  it.each(instructors)("%s: the committed student version is exactly what `cnnlab assign` writes", (file) => {
    const generated = serializeNotebook(studentVersion(readNotebook(path.join(dir, file)), file));
    expect(fs.readFileSync(path.join(dir, defaultStudentPath(file)), "utf8")).toBe(generated);
  });

  it.each(instructors)("%s: every test cell imports its own check", (file) => {
    const spec = assignmentSpec(readNotebook(path.join(dir, file)), file, "x");
    for (const t of spec.tests) expect(t.source).toMatch(/^import \{[^}]*\bcheck\b[^}]*\} from "cnnlab";/);
  });
});
