/** notebooks/11-keras-cnn.ipynb in quick mode: the deck's Keras CNN, its pattern, training outputs and plots. */
import type { NotebookRun } from "./harness";
import { chartCount, imageCount, lastJson } from "./cell-outputs";
import { dashboardCount, errorOutputs, runCourseNotebook } from "./course-outputs";

let run: NotebookRun;
beforeAll(async () => {
  run = await runCourseNotebook("11-keras-cnn");
}, 300_000);

describe("11-keras-cnn (quick mode)", () => {
  it("runs every cell without an error output", () => {
    expect(errorOutputs(run)).toEqual([]);
  });

  it("uses Fashion-MNIST when present, otherwise MNIST and says so", () => {
    const d = lastJson(run, "data");
    expect(["Fashion-MNIST", "MNIST"]).toContain(d.dataName);
    if (d.dataName === "MNIST") expect(run.text("data")).toMatch(/Fashion-MNIST is not available/);
    expect(d.classes).toBe(10);
    expect(imageCount(run, "data")).toBe(1);
  });

  it("builds the deck's layers: 1,413,834 parameters, maps 28→14→7→3 with 64, 128, 256 filters", () => {
    const m = lastJson(run, "model");
    // Conv 7x7x1x64, 3x3x64x128, 3x3x128x128, 3x3x128x256, 3x3x256x256 (+ biases), dense 2304→128→64→10.
    const conv = (k: number, i: number, o: number) => (k * k * i + 1) * o;
    const dense = (i: number, o: number) => (i + 1) * o;
    expect(m.params).toBe(conv(7, 1, 64) + conv(3, 64, 128) + conv(3, 128, 128) + conv(3, 128, 256) + conv(3, 256, 256) + dense(2304, 128) + dense(128, 64) + dense(64, 10));
    expect(m.params).toBe(1413834);
    expect(m.shapes[0]).toEqual([28, 28, 64]);
    expect(m.shapes[7]).toEqual([3, 3, 256]);
  });

  it("reads the typical pattern off the model: N = 1, 2, 2; M = 3; K = 2", () => {
    const p = lastJson(run, "pattern");
    expect(p).toMatchObject({ N: [1, 2, 2], M: 3, K: 2 });
    expect(p.pattern).toBe("INPUT → [CONV→RELU]×1 → POOL → [CONV→RELU]×2 → POOL → [CONV→RELU]×2 → POOL → [FC→RELU]×2 → FC (softmax)");
  });

  it("trains with the dashboard, plots curves, and draws the confusion matrix and prediction grids", () => {
    const t = lastJson(run, "train");
    expect(Number.isFinite(t.lastLoss)).toBe(true);
    expect(dashboardCount(run, "train")).toBeGreaterThanOrEqual(1);
    expect(chartCount(run, "train")).toBe(2);
    const c = lastJson(run, "confusion");
    expect(c.confusionTotal).toBe(t.count);
    expect(c.diagonal / c.confusionTotal).toBeCloseTo(t.testAccuracy, 10);
    expect(chartCount(run, "confusion")).toBe(1);
    expect(imageCount(run, "confusion")).toBe(2);
  });
});
