/** notebooks/00-welcome.ipynb runs top to bottom in quick mode and shows what it promises. */
import * as path from "path";
import { describeFailure, PACKAGE_ROOT, runNotebookForTest, type NotebookRun } from "./harness";

let run: NotebookRun;

beforeAll(async () => {
  run = await runNotebookForTest(path.join(PACKAGE_ROOT, "notebooks/00-welcome.ipynb"));
});

describe("00-welcome notebook", () => {
  it("runs every cell without error", () => {
    expect(describeFailure(run)).toBe("ok");
  });

  it("reports the backend initBackend() chose", () => {
    expect(run.stdout("backend")).toMatch(/^TensorFlow\.js computes with: .+\n.*\b(tensorflow|wasm|cpu)\b/);
  });

  it("computes the hand-checked convolution (every entry is X[i][j] - X[i+1][j+1] = -4)", () => {
    const numbers = (run.stdout("first-conv").match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
    expect(numbers).toEqual([-4, -4, -4, -4]);
    expect(String(run.bundles("first-conv")[0]["text/latex"])).toMatch(/\\begin\{bmatrix\}\s*-4 & -4 \\\\\s*-4 & -4\s*\\end\{bmatrix\}/);
  });

  it("sees quick mode and picks the quick value", () => {
    expect(run.stdout("quick")).toBe("quick mode: on; this course would train for 1 epoch(s)\n");
  });
});
