/** notebooks/03-conv-from-scratch.ipynb in quick mode: forward, backward, gradient check, im2col, a learned kernel, recorded by cell tag; its exercises pass with the solutions in. */
import * as path from "path";
import { describeFailure, PACKAGE_ROOT, runNotebookForTest, type NotebookRun } from "./harness";
import { itEndsEverySectionWithExercises, itMeetsCourseStandards } from "./course-outputs";
import { cellsWithStderr, chartCount, lastJson, matrixCount } from "./cell-outputs";

let run: NotebookRun;

beforeAll(async () => {
  run = await runNotebookForTest(path.join(PACKAGE_ROOT, "notebooks/03-conv-from-scratch.ipynb"));
}, 600_000); // a slow shared machine can take minutes; the cells have their own timeouts

describe("03-conv-from-scratch notebook", () => {
  it("runs every cell without error or warning", () => {
    expect(describeFailure(run)).toBe("ok");
    expect(cellsWithStderr(run)).toEqual([]);
  });

  it("hand example: every entry is X[i][j] − X[i+1][j+1] + 0.5 = −3.5", () => {
    expect(lastJson(run, "forward-hand")).toEqual({ shape: [1, 2, 2, 1], Y: [-3.5, -3.5, -3.5, -3.5] });
    expect(matrixCount(run, "forward-hand")).toBe(1);
  });

  it("the loop forward pass matches tf.conv2d to float32 round-off (1e-4)", () => {
    const j = lastJson(run, "forward-tf");
    expect(j.shape).toEqual([2, 6, 6, 4]);
    expect(j.maxAbsDiffVsTf).toBeLessThan(1e-4);
  });

  it("gradient check: dK, dX, db (stride 1 and 2) agree with centred differences to 1e-5 relative", () => {
    const errors = lastJson(run, "gradcheck").maxRelErrors as number[];
    expect(errors).toHaveLength(5);
    for (const e of errors) expect(e).toBeLessThan(1e-5);
  });

  it("the backward pass matches tf.grads to 1e-4", () => {
    const j = lastJson(run, "grad-tf");
    expect(j.dXmaxAbsDiff).toBeLessThan(1e-4);
    expect(j.dKmaxAbsDiff).toBeLessThan(1e-4);
  });

  it("a shared weight's gradient is the sum over its uses (Russian deck): 1·1 − 1·2 + 2·3 + 0.5·4 = 7", () => {
    expect(lastJson(run, "shared-weights")).toEqual({ sumOfUses: [7, 9.5], conv2dBackward: [7, 9.5] });
  });

  it("im2col unfolds a 4×4 image into 9 windows of 4 and gives the same convolution", () => {
    const j = lastJson(run, "im2col");
    expect(j.colsShape).toEqual([9, 4]);
    expect(j.firstRow).toEqual([1, 2, 5, 6]);
    expect(j.maxAbsDiff).toBe(0);
    expect(matrixCount(run, "im2col")).toBe(1);
  });

  it("times naive, im2col and tf.conv2d (a bar chart) on results that agree", () => {
    const j = lastJson(run, "speed");
    expect(Object.keys(j.timingsMs)).toHaveLength(3);
    for (const ms of Object.values(j.timingsMs) as number[]) expect(ms).toBeGreaterThan(0);
    expect(j.maxAbsDiffNaiveVsTf).toBeLessThan(1e-3);
    expect(chartCount(run, "speed")).toBe(1);
  });

  it("gradient descent learns the Laplacian kernel from an image and its edge map", () => {
    const j = lastJson(run, "learn-kernel");
    expect(j.lastLoss).toBeLessThan(j.firstLoss * 1e-4);
    expect(j.maxAbsError).toBeLessThan(0.02);
    expect(chartCount(run, "learn-kernel")).toBe(1);
    expect(matrixCount(run, "learn-kernel")).toBe(2);
  });

  itMeetsCourseStandards(() => run, "03-conv-from-scratch");
  itEndsEverySectionWithExercises(() => run, "03-conv-from-scratch");

  it("leaves no tensors behind and states its run time", () => {
    expect(run.text("runtime")).toMatch(/^notebook run time: \d+\.\d s; tensors alive: 0\n$/);
  });
});
