/** notebooks/11-keras-cnn.ipynb in quick mode: the deck's Keras CNN, its pattern, ConvNetJS, training with a validation split, segmentation. */
import type { NotebookRun } from "./harness";
import { chartCount, imageCount, lastJson, matrixCount } from "./cell-outputs";
import { dashboardCount, errorOutputs, itEndsEverySectionWithExercises, itMeetsCourseStandards, runCourseNotebook } from "./course-outputs";

let run: NotebookRun;
beforeAll(async () => {
  run = await runCourseNotebook("11-keras-cnn");
}, 900_000);

describe("11-keras-cnn (quick mode)", () => {
  it("runs every cell without an error output and leaves no tensor behind", () => {
    expect(errorOutputs(run)).toEqual([]);
    expect(run.stdout("elapsed")).toMatch(/tensors left: 0\n/);
  });

  it("uses Fashion-MNIST when it can be downloaded, otherwise MNIST and says so; a validation split apart from the test set", () => {
    const d = lastJson(run, "data");
    expect(["Fashion-MNIST", "MNIST"]).toContain(d.dataName);
    if (d.dataName === "MNIST") expect(run.text("data")).toMatch(/Fashion-MNIST is not in the cache and could not be downloaded here/);
    expect(run.stdout("data")).toContain(`${d.dataName}: ${d.train} training, ${d.validation} validation and ${d.test} test images`);
    expect(d.validation).toBeGreaterThan(0);
    expect(d.train).toBeGreaterThan(d.validation);
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

  it("the ConvNetJS CIFAR-10 demo as its page defines it: three conv5x5-pool stages (16, 20, 20 filters) and a softmax, 22,466 parameters", () => {
    const c = lastJson(run, "convnetjs");
    const conv = (k: number, i: number, o: number) => (k * k * i + 1) * o;
    expect(c.params).toBe(conv(5, 3, 16) + conv(5, 16, 20) + conv(5, 20, 20) + (4 * 4 * 20 + 1) * 10);
    expect(c.weightLayers).toBe(4);
    expect(c.pattern).toMatchObject({ N: [1, 1, 1], M: 3, K: 0 });
  });

  itMeetsCourseStandards(() => run, "11-keras-cnn");
  itEndsEverySectionWithExercises(() => run, "11-keras-cnn");

  it("trains with the dashboard and the validation set, then evaluates the test set once: a usable classifier", () => {
    const t = lastJson(run, "train");
    expect(t.valAccuracies).toHaveLength(t.epochs);
    expect(t.lastLoss).toBeLessThan(t.firstLoss);
    // The second epoch still improves on the first: quick mode stops while the network is learning fast.
    expect(t.valAccuracies[t.valAccuracies.length - 1]).toBeGreaterThan(t.valAccuracies[0]);
    expect(dashboardCount(run, "train")).toBeGreaterThanOrEqual(1);
    expect(chartCount(run, "train")).toBe(2);
    const c = lastJson(run, "confusion");
    expect(c.confusionTotal).toBe(c.count);
    expect(c.diagonal / c.confusionTotal).toBeCloseTo(c.testAccuracy, 10);
    // Quick mode still teaches: on digits a usable classifier (chance: 10%); Fashion-MNIST is harder, still five times chance.
    expect(c.testAccuracy).toBeGreaterThan(lastJson(run, "data").dataName === "MNIST" ? 0.8 : 0.5);
    expect(run.stdout("confusion")).toMatch(/most frequent confusions: /);
    expect(chartCount(run, "confusion")).toBe(1);
    expect(imageCount(run, "confusion")).toBe(2);
  });

  it("a transposed convolution scatters kernel copies: 2x2 → 5x5 with stride 2, as tf.conv2dTranspose", () => {
    const t = lastJson(run, "transposed");
    expect(t.outSide).toBe(5);
    expect(t.transposedDiff).toBe(0);
    // The centre pixel is covered by all four copies: 1 + 2 + 3 + 4.
    expect(t.scattered[2][2]).toBe(10);
    expect(t.scattered[0][0]).toBe(1);
    expect(matrixCount(run, "transposed")).toBe(1);
  });

  it("the fully convolutional network segments noisy digits better than a per-pixel threshold", () => {
    const s = lastJson(run, "segmentation");
    expect(s.lastLoss).toBeLessThan(s.firstLoss);
    expect(s.fcnIoU).toBeGreaterThan(s.thresholdIoU);
    expect(s.fcnIoU).toBeGreaterThan(0.5);
    expect(imageCount(run, "segmentation")).toBe(1);
    expect(chartCount(run, "segmentation")).toBe(1);
  });

  it("its references name the deck, the FCN paper and ConvNetJS; it never claims to download nothing", () => {
    const md = run.notebook.cells.filter((c) => c.cell_type === "markdown").map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join("\n");
    for (const ref of ["Taller de Aprendizaje Automático", "Fully Convolutional Networks for Semantic Segmentation", "ConvNetJS"]) expect(md).toContain(ref);
    expect(md).not.toMatch(/does not download anything/);
  });
});
