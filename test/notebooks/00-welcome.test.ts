/** notebooks/00-welcome.ipynb runs top to bottom in quick mode and shows what it promises; its example exercise passes with the solution in. */
import * as path from "path";
import { describeFailure, PACKAGE_ROOT, runNotebookForTest, type NotebookRun } from "./harness";
import { lastJson, rawJsonLines, selfChecks } from "./cell-outputs";
import { cellSource, readNotebook } from "../../lib/notebook/io";

let run: NotebookRun;

beforeAll(async () => {
  run = await runNotebookForTest(path.join(PACKAGE_ROOT, "notebooks/00-welcome.ipynb"));
}, 600_000); // a slow shared machine can take minutes; the cells have their own timeouts

describe("00-welcome notebook", () => {
  it("runs every cell without error", () => {
    expect(describeFailure(run)).toBe("ok");
  });

  it("reports the backend initBackend() chose", () => {
    expect(run.stdout("backend")).toMatch(/^TensorFlow\.js computes with: .+\n.*\b(tensorflow|wasm|cpu)\b/);
  });

  it("computes the hand-checked convolution (every entry is X[i][j] - X[i+1][j+1] = -4)", () => {
    expect(lastJson(run, "first-conv")).toEqual({ Y: [[-4, -4], [-4, -4]] });
    expect(String(run.bundles("first-conv")[0]["text/latex"])).toMatch(/\\begin\{bmatrix\}\s*-4 & -4 \\\\\s*-4 & -4\s*\\end\{bmatrix\}/);
  });

  it("its example exercise's self-check says right with the solution in, in one line", () => {
    expect(selfChecks(run)).toEqual([{ name: "Exercise 0.1", status: "right", tags: ["check:self-check"] }]);
    expect(run.stdout("self-check")).toBe("✓ Exercise 0.1: right\n");
  });

  it("shows the student no raw JSON lines, cites no 'seed 00N', ends with its references", () => {
    expect(rawJsonLines(run)).toEqual([]);
    const nb = readNotebook(path.join(PACKAGE_ROOT, "notebooks/00-welcome.ipynb"));
    expect(nb.cells.map((c) => cellSource(c)).join("\n")).not.toMatch(/seed 00\d/i);
    expect(cellSource(nb.cells[nb.cells.length - 1])).toMatch(/## References/);
  });

  it("sees quick mode and picks the quick value", () => {
    expect(run.stdout("quick")).toBe("quick mode: on; this course would train for 1 epoch(s)\n");
  });
});
