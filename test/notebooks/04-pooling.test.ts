/** notebooks/04-pooling.ipynb in quick mode: the max-pool example, gradient routing, shift invariance, maxout. */
import * as path from "path";
import { describeFailure, PACKAGE_ROOT, runNotebookForTest, type NotebookRun } from "./harness";
import { itMeetsCourseStandards } from "./course-outputs";
import { cellsWithStderr, chartCount, imageCount, lastJson, matrixCount } from "./cell-outputs";

let run: NotebookRun;

beforeAll(async () => {
  // Generous limits: the tests check what the notebook shows, not how fast a loaded machine runs it.
  run = await runNotebookForTest(path.join(PACKAGE_ROOT, "notebooks/04-pooling.ipynb"), { cellTimeoutS: 900 });
}, 1_800_000);

describe("04-pooling notebook", () => {
  it("runs every cell without error or warning", () => {
    expect(describeFailure(run)).toBe("ok");
    expect(cellsWithStderr(run)).toEqual([]);
  });

  it("the Slovak deck's example: max pool → [[6, 8], [3, 4]] (and tf.maxPool agrees); average and L2 by hand", () => {
    const j = lastJson(run, "maxpool-example");
    expect(j.max).toEqual([[6, 8], [3, 4]]);
    expect(j.tfMax).toEqual([[6, 8], [3, 4]]);
    expect(j.avg).toEqual([[3.25, 5.25], [2, 2]]);
    // √(1 + 1 + 25 + 36), √(4 + 16 + 49 + 64), √(9 + 4 + 1 + 4), √(1 + 0 + 9 + 16)
    expect(j.l2).toEqual([[63, 133], [18, 26]].map((r) => r.map((v) => Number(Math.sqrt(v).toFixed(4)))));
    expect(matrixCount(run, "maxpool-example")).toBe(4);
  });

  it("max-pool gradient goes to the arg-max (the Russian deck), as tf.grad routes it", () => {
    const j = lastJson(run, "maxpool-grad");
    expect(j.nudges.map((n: Record<string, number>) => [n["max before"], n["max after"]])).toEqual([[8, 8], [8, 9]]);
    expect(j.routed).toEqual([[0, 1], [0, 0]]);
    expect(j.routed4).toEqual([[0, 0, 0, 0], [0, 10, 0, 20], [30, 0, 0, 0], [0, 0, 0, 40]]);
    expect(j.tfRouted).toEqual(j.routed4);
  });

  it("shift by one pixel (the Spanish deck): the detector changes everywhere, the pooled output only half", () => {
    expect(lastJson(run, "shift-1d")).toEqual({ detectorChanged: 1, pooledChanged: 0.5 });
    expect(chartCount(run, "shift-1d")).toBe(2);
  });

  it("on MNIST digits pooling changes a smaller fraction of outputs than the edge map", () => {
    const j = lastJson(run, "shift-mnist");
    expect(j.convChanged).toBeGreaterThan(0.9);
    expect(j.pool2x2Changed).toBeLessThan(j.convChanged - 0.1);
    expect(j.pool3x3stride1Changed).toBeLessThan(j.convChanged - 0.1);
    expect(imageCount(run, "shift-mnist")).toBe(1);
  });

  it("overlapping 3×3 stride-2 pooling: pixels in 1, 2 or 4 windows; 55 → 27 as in AlexNet", () => {
    const j = lastJson(run, "overlapping");
    expect(j.coverage3x3s2[0]).toEqual([1, 1, 2, 1, 2, 1, 2, 1, 1]);
    expect(j.coverage3x3s2[2]).toEqual([2, 2, 4, 2, 4, 2, 4, 2, 2]);
    expect(j.coverage2x2s2Max).toBe(1);
    expect(j.alexnetPoolOutput).toEqual([1, 27, 27, 96]);
    expect(chartCount(run, "overlapping")).toBe(1);
  });

  it("pooling across feature maps: each oriented filter depends on the angle, their max does not", () => {
    const rows = lastJson(run, "across-maps").responses as Record<string, number | string>[];
    expect(rows.map((r) => [r["filter 0°"], r["filter 45°"], r["filter 90°"], r["max over maps"]])).toEqual([
      [4, 0, 0, 4],
      [0, 4, 0, 4],
      [0, 0, 4, 4],
    ]);
  });

  itMeetsCourseStandards(() => run, "04-pooling", ["Exercise 1.1", "Exercise 1.2", "Exercise 2.1", "Exercise 3.1", "Exercise 4.1"]);

  it("leaves no tensors behind and states its run time", () => {
    expect(run.text("runtime")).toMatch(/^notebook run time: \d+\.\d s; tensors alive: 0\n$/);
  });
});
