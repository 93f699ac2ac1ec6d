/** notebooks/01-image-kernels.ipynb in quick mode: the decks' numbers come out of its cells, recorded by cell tag; its exercises pass with the solutions in. */
import * as path from "path";
import { describeFailure, PACKAGE_ROOT, runNotebookForTest, type NotebookRun } from "./harness";
import { itEndsEverySectionWithExercises, itMeetsCourseStandards } from "./course-outputs";
import { cellsWithStderr, chartCount, imageCount, lastJson, matrixCount, tableCount } from "./cell-outputs";

let run: NotebookRun;

beforeAll(async () => {
  run = await runNotebookForTest(path.join(PACKAGE_ROOT, "notebooks/01-image-kernels.ipynb"));
}, 600_000); // a slow shared machine can take minutes; the cells have their own timeouts

describe("01-image-kernels notebook", () => {
  it("runs every cell without error or warning", () => {
    expect(describeFailure(run)).toBe("ok");
    expect(cellsWithStderr(run)).toEqual([]);
  });

  it("1D by hand: convolution with (1, −1) gives +1s, correlation −1s", () => {
    expect(lastJson(run, "conv1d")).toEqual({ convolution: [1, 1, 1], correlation: [-1, -1, -1] });
  });

  it("simple cell: only a vertical bar on its centre; complex cell: a vertical bar anywhere; neither a horizontal bar", () => {
    const rows = lastJson(run, "cells").cells as Record<string, number | string>[];
    expect(rows.map((r) => [r["simple cell (centre only)"], r["complex cell (max over places)"]])).toEqual([[0, 6], [-3, 6], [6, 6], [-3, 6], [0, 6], [0, 0]]);
  });

  it("lists the Polish deck's seven kernels: edge detectors sum to 0, the rest to 1, all flip-symmetric", () => {
    const rows = lastJson(run, "kernel-table").rows as { kernel: string; "sum of entries": number; "symmetric under flip": boolean }[];
    expect(rows.map((r) => r.kernel)).toEqual(["identity", "edge detection 1", "edge detection 2", "edge detection 3", "sharpen", "box blur", "Gaussian blur"]);
    expect(rows.map((r) => r["sum of entries"])).toEqual([1, 0, 0, 0, 1, 1, 1]);
    expect(rows.every((r) => r["symmetric under flip"])).toBe(true);
  });

  it("shows every kernel as a matrix next to the filtered cat and digit", () => {
    expect(matrixCount(run, "apply-kernels")).toBe(7);
    expect(imageCount(run, "apply-kernels")).toBe(7);
    const rows = lastJson(run, "apply-kernels").rows as { kernel: string; catMean: number; catStd: number }[];
    const by = Object.fromEntries(rows.map((r) => [r.kernel, r]));
    // Blurs keep the mean (up to the zero border) and lower the spread; sharpen raises it; edge maps have mean ≈ 0.
    expect(Math.abs(by["box blur"].catMean - by.identity.catMean)).toBeLessThan(0.01);
    expect(by["box blur"].catStd).toBeLessThan(by.identity.catStd);
    expect(by["Gaussian blur"].catStd).toBeLessThan(by.identity.catStd);
    expect(by.sharpen.catStd).toBeGreaterThan(by.identity.catStd);
    for (const k of ["edge detection 1", "edge detection 2", "edge detection 3"]) expect(Math.abs(by[k].catMean)).toBeLessThan(0.02);
  });

  it("an edge detector gives exactly 0 on a flat region; the others give the flat value back", () => {
    const rows = lastJson(run, "flat").rows as { kernel: string; min: number; max: number }[];
    for (const r of rows) {
      const expected = r.kernel.startsWith("edge") ? 0 : 0.7;
      expect([r.kernel, r.min, r.max]).toEqual([r.kernel, expected, expected]);
    }
  });

  it("template matching (Russian deck): diagonal → max 2, other diagonal → max 1", () => {
    const j = lastJson(run, "template");
    expect(j.diagonal).toEqual([[0, 0, 0], [0, 1, 0], [0, 0, 2]]);
    expect(j.antiDiagonal).toEqual([[0, 0, 0], [0, 0, 1], [0, 1, 0]]);
    expect([j.diagonalMax, j.antiDiagonalMax]).toEqual([2, 1]);
  });

  it("shifting commutes with convolution (exactly, for shifts 1..3)", () => {
    const j = lastJson(run, "shift");
    expect(j.topLeft).toEqual([[2, 0, 0], [0, 1, 0], [0, 0, 0]]);
    expect(j.shifts).toEqual([0, 0, 0]);
  });

  it("reproduces the Spanish deck's 7×7 example, including the row the slide lost", () => {
    const { result } = lastJson(run, "spanish");
    expect(result[0]).toEqual([79.2, 81.6, 62.0, 77.2, 118.4, 112.0, 61.0]);
    expect(result[1]).toEqual([111.4, 134.2, 79.4, 108.0, 161.0, 156.4, 82.8]);
    expect(result[6]).toEqual([90.8, 114.8, 61.0, 73.4, 76.8, 109.2, 65.0]);
    const missing = lastJson(run, "spanish-missing");
    expect(missing.slideRowsFoundAt).toEqual([0, 1, 2, 4, 5, 6]);
    expect(missing.missing).toEqual([[159.6, 172.8, 139.2, 102.4, 68.4, 72.6, 70.0]]);
  });

  it("convolution = correlation with the flipped kernel (Sobel: = −correlation)", () => {
    const j = lastJson(run, "flip");
    expect(j.convVsCorrFlipped).toBe(0);
    expect(j.convEqualsMinusCorr).toBe(0);
    expect(j.convVsCorr).toBeGreaterThan(100);
  });

  it("applies setosa.io's kernels to the cat; top + bottom Sobel = 0", () => {
    expect(imageCount(run, "setosa")).toBe(1);
    expect(lastJson(run, "setosa").topPlusBottomSobelMaxAbs).toBe(0);
  });

  it("MLP n^4 vs CNN 3n^2 (Polish deck)", () => {
    expect(tableCount(run, "mlp-vs-cnn")).toBe(1);
    expect(imageCount(run, "mlp-vs-cnn")).toBe(1);
    const rows = lastJson(run, "mlp-vs-cnn").rows as Record<string, number>[];
    expect(rows.map((r) => [r.n, r["MLP weights n^4"], r["CNN weights"], r["CNN operations 3n^2"]])).toEqual([
      [28, 614656, 2, 2352],
      [100, 1e8, 2, 30000],
      [320, 10485760000, 2, 307200],
    ]);
  });

  it("1D: a box kernel lowers the noise of a signal, a difference kernel finds its step", () => {
    const j = lastJson(run, "signal-1d");
    expect(j.rmsSmoothed).toBeLessThan(j.rmsNoisy);
    expect(Math.abs(j.stepAt - 120)).toBeLessThanOrEqual(5);
    expect(chartCount(run, "signal-1d")).toBe(2);
  });

  it("3D: a temporal difference kernel is zero on the still square and not on the moving one", () => {
    expect(lastJson(run, "video-3d")).toEqual({ motionShape: [1, 7, 16, 16, 1], stillMax: 0, movingMax: 1 });
    expect(imageCount(run, "video-3d")).toBe(1);
  });

  itMeetsCourseStandards(() => run, "01-image-kernels");
  itEndsEverySectionWithExercises(() => run, "01-image-kernels");

  it("leaves no tensors behind and states its run time", () => {
    expect(run.text("runtime")).toMatch(/^notebook run time: \d+\.\d s; tensors alive: 0\n$/);
  });
});
