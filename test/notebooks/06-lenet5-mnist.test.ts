/** notebooks/06-lenet5-mnist.ipynb in quick mode: the Polish deck's LeNet-5 numbers, sanity checks, training with a validation split, robustness. */
import { describeFailure, runNotebookForTest, type NotebookRun } from "./harness";
import { chartCount, imageCount, lastJson, tableCount } from "./cell-outputs";
import { dashboardCount, errorOutputs, itEndsEverySectionWithExercises, itMeetsCourseStandards, NOTEBOOKS_DIR } from "./course-outputs";

let run: NotebookRun;
beforeAll(async () => {
  // Generous limits: the tests check what the notebook shows, not how fast a loaded machine runs it.
  run = await runNotebookForTest(`${NOTEBOOKS_DIR}/06-lenet5-mnist.ipynb`, { cellTimeoutS: 1200 });
  if (!run.result.ok) throw new Error(`06-lenet5-mnist: ${describeFailure(run)}`);
}, 3_600_000);

describe("06-lenet5-mnist (quick mode)", () => {
  it("runs every cell without an error output", () => {
    expect(errorOutputs(run)).toEqual([]);
  });

  // The Polish deck, "LeNet-5": connections and parameters per layer; F6 and the output are (120+1)·84 and (84+1)·10.
  it.each([
    ["C1", "6x28x28", 122304, 156],
    ["S2", "6x14x14", 5880, 12],
    ["C3", "16x10x10", 151600, 1516],
    ["S4", "16x5x5", 2000, 32],
    ["C5", "120x1x1", 48120, 48120],
    ["F6", "84x1x1", 10164, 10164],
    ["output", "10x1x1", 850, 850],
  ])("LeNet-5 table row %s: output %s, %d connections, %d parameters", (layer, output, connections, parameters) => {
    const row = lastJson(run, "lenet-table").rows.find((r: { layer: string }) => r.layer === layer);
    expect(row).toMatchObject({ output, connections, parameters });
  });

  it("totals 60,000 trainable parameters up to F6 (the paper's figure) and 60,850 with the dense output", () => {
    const { rows, totalParams } = lastJson(run, "lenet-table");
    const upToF6 = rows.filter((r: { layer: string }) => r.layer !== "output").reduce((s: number, r: { parameters: number }) => s + r.parameters, 0);
    expect(upToF6).toBe(60000);
    expect(totalParams).toBe(60850);
  });

  it("shows the table and the S2-C3 connection table with 60 kernels (1,516 parameters)", () => {
    expect(tableCount(run, "lenet-table")).toBe(1);
    expect(tableCount(run, "c3-table")).toBe(1);
    const c3 = lastJson(run, "c3-table");
    expect(c3.inputsPerC3Map).toEqual([3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 6]);
    expect(c3.c3Params).toBe(1516);
  });

  it("splits a validation set off the training digits; the test set is separate", () => {
    const d = lastJson(run, "data");
    expect(d.shape).toEqual([12, 32, 32, 1]);
    expect(d.validation).toBe(1000);
    expect(d.train).toBeGreaterThan(d.validation);
    expect(d.test).toBe(2000);
  });

  it("starts near ln 10 and can memorise 100 digits", () => {
    const { initialLoss, ln10 } = lastJson(run, "sanity-loss");
    expect(ln10).toBeCloseTo(2.302585, 5);
    expect(Math.abs(initialLoss - ln10)).toBeLessThan(0.35);
    const { overfitAccuracy, overfitLoss } = lastJson(run, "overfit");
    expect(overfitAccuracy).toBe(1);
    expect(overfitLoss).toBeLessThan(0.05);
  });

  it("early stopping keeps the epoch with the best validation accuracy; the dashboard is shown", () => {
    const t = lastJson(run, "train");
    expect(t.bestValAccuracy).toBe(Math.max(...t.valAccuracies));
    expect(t.valAccuracies[t.bestEpoch - 1]).toBe(t.bestValAccuracy);
    expect(dashboardCount(run, "train")).toBeGreaterThanOrEqual(1);
  });

  it("reaches at least 97% test accuracy in quick mode", () => {
    const r = lastJson(run, "test-error");
    expect(r.quick).toBe(true);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.97);
    expect(r.testError).toBeCloseTo(1 - r.testAccuracy, 10);
  });

  it("prints how long training took, beside the epochs and beside the test error", () => {
    const { trainingSeconds } = lastJson(run, "train");
    expect(trainingSeconds).toBeGreaterThan(0);
    const t = Math.round(trainingSeconds);
    const shown = `${Math.floor(t / 60)} min ${t % 60} s of training`;
    expect(run.stdout("train")).toContain(shown);
    expect(run.stdout("test-error")).toContain(`test digits after ${shown}`);
  });

  it("draws a 10x10 confusion matrix whose diagonal is the correct count, and names the most frequent confusions", () => {
    const { confusion, diagonal, total, topPairs } = lastJson(run, "confusion");
    expect(confusion).toHaveLength(10);
    expect(confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(total);
    expect(diagonal / total).toBeCloseTo(lastJson(run, "test-error").testAccuracy, 10);
    const [t, p] = topPairs[0].pair.split("→").map(Number);
    expect(topPairs[0].count).toBe(Math.max(...confusion.flatMap((row: number[], i: number) => row.filter((_, j) => j !== i))));
    expect(confusion[t][p]).toBe(topPairs[0].count);
    expect(chartCount(run, "confusion")).toBe(1);
  });

  it("captions misclassified digits true→predicted with different digits", () => {
    const { pairs } = lastJson(run, "misclassified");
    expect(pairs.length).toBeGreaterThan(0);
    for (const p of pairs) {
      const [t, q] = p.split("→");
      expect(t).not.toBe(q);
    }
    expect(imageCount(run, "misclassified")).toBe(1);
  });

  it("shows C1 feature maps", () => {
    expect(imageCount(run, "feature-maps")).toBeGreaterThanOrEqual(3);
  });

  it("training on distorted, noisy digits makes LeNet-5 more robust to distortions and noise", () => {
    const { rows, sigmas, noiseCurves } = lastJson(run, "robustness");
    const [plain, distorted] = rows as Record<string, number>[];
    expect(plain["clean test digits"]).toBeCloseTo(lastJson(run, "test-error").testAccuracy, 10);
    expect(plain["distorted test digits"]).toBeLessThan(plain["clean test digits"]);
    expect(distorted["distorted test digits"]).toBeGreaterThan(plain["distorted test digits"]);
    expect(distorted["noise σ = 0.3 test digits"]).toBeGreaterThan(plain["noise σ = 0.3 test digits"]);
    const plainCurve = noiseCurves["trained on shifted digits"];
    expect(sigmas[0]).toBe(0);
    expect(plainCurve[plainCurve.length - 1]).toBeLessThan(plainCurve[0]);
    expect(imageCount(run, "robustness")).toBe(1);
    expect(tableCount(run, "robustness")).toBe(1);
    expect(chartCount(run, "robustness")).toBe(1);
  });

  itMeetsCourseStandards(() => run, "06-lenet5-mnist");
  itEndsEverySectionWithExercises(() => run, "06-lenet5-mnist");
});
