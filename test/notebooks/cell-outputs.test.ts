/**
 * record() and selfCheck() through the real kernel, read back with the test helpers: a record is
 * a display bundle the cell's text never shows, found by cell tag; cells not yet converted are
 * still read from their JSON lines; selfChecks() lists every verdict of the run.
 */
import * as path from "path";
import { jsonLines, lastJson, selfChecks } from "./cell-outputs";
import { code, notebook, removeTempDirs, tempDir, writeNotebooks } from "./fixtures";
import { describeFailure, runNotebookForTest, type NotebookRun } from "./harness";

let run: NotebookRun;

beforeAll(async () => {
  const dir = writeNotebooks(tempDir(), {
    "t.ipynb": notebook(
      code('import { record, selfCheck } from "cnnlab";'),
      code('record({ step: 1 });\nrecord({ step: 2, xs: new Float32Array([0.5, 1.5]) });\nconsole.log("a line for the student");', ["check:recorded"]),
      code('console.log(JSON.stringify({ old: true }));', ["check:old"]),
      code('function half(x: number): number {\n  throw new Error("not implemented");\n}\nselfCheck("Exercise 1.1", () => half(8), 4);', ["check:stub"]),
      code('selfCheck("Exercise 1.2", () => 2 * 8, 4);\nrecord({ after: 1 });', ["check:wrong"]),
      code('await selfCheck("Exercise 1.3", async () => 8 / 2, 4);', ["check:async"]),
    ),
  });
  run = await runNotebookForTest(path.join(dir, "t.ipynb"), { cellTimeoutS: 60 });
});

afterAll(removeTempDirs);

describe("records and self-checks in a real kernel", () => {
  it("runs", () => expect(describeFailure(run)).toBe("ok"));

  it("reads records by cell tag, in order, and the cell's text shows none of them", () => {
    expect(jsonLines(run, "recorded")).toEqual([{ step: 1 }, { step: 2, xs: [0.5, 1.5] }]);
    expect(lastJson(run, "recorded")).toEqual({ step: 2, xs: [0.5, 1.5] });
    expect(run.text("recorded")).toBe("a line for the student\n");
  });

  it("still reads an unconverted cell's JSON lines", () => {
    expect(lastJson(run, "old")).toEqual({ old: true });
  });

  it("leaves self-check records out of a cell's values", () => {
    expect(jsonLines(run, "wrong")).toEqual([{ after: 1 }]);
    expect(() => jsonLines(run, "stub")).toThrow(/check:stub recorded no values/);
  });

  it("lists every self-check of the run with its verdict and prints one line each", () => {
    expect(selfChecks(run)).toEqual([
      { name: "Exercise 1.1", status: "not-done", tags: ["check:stub"] },
      { name: "Exercise 1.2", status: "wrong", tags: ["check:wrong"] },
      { name: "Exercise 1.3", status: "right", tags: ["check:async"] },
    ]);
    expect(run.stdout("stub")).toBe("… Exercise 1.1: not done yet\n");
    expect(run.stdout("wrong")).toBe("✗ Exercise 1.2: off by a factor of about 4 (too large)\n");
    expect(run.stdout("async")).toBe("✓ Exercise 1.3: right\n");
  });
});
