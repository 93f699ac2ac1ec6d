/** notebooks/06-lenet5-mnist.ipynb in quick mode: the seed's LeNet-5 numbers, sanity checks, training and plots. */
import type { NotebookRun } from "./harness";
import { chartCount, imageCount, lastJson, tableCount } from "./cell-outputs";
import { dashboardCount, errorOutputs, runCourseNotebook } from "./course-outputs";

let run: NotebookRun;
beforeAll(async () => {
  run = await runCourseNotebook("06-lenet5-mnist");
}, 300_000);

describe("06-lenet5-mnist (quick mode)", () => {
  it("runs every cell without an error output", () => {
    expect(errorOutputs(run)).toEqual([]);
  });

  // Seed 000, "LeNet-5": connections and parameters per layer; F6 and the output are (120+1)·84 and (84+1)·10.
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

  it("starts near ln 10 and can memorise 100 digits", () => {
    const { initialLoss, ln10 } = lastJson(run, "sanity-loss");
    expect(ln10).toBeCloseTo(2.302585, 5);
    expect(Math.abs(initialLoss - ln10)).toBeLessThan(0.35);
    const { overfitAccuracy, overfitLoss } = lastJson(run, "overfit");
    expect(overfitAccuracy).toBe(1);
    expect(overfitLoss).toBeLessThan(0.05);
  });

  it("reaches the quick-mode accuracy floor (one short epoch) and shows the dashboard", () => {
    const r = lastJson(run, "test-error");
    expect(r.quick).toBe(true);
    expect(r.testAccuracy).toBeGreaterThan(0.88);
    expect(r.testError).toBeCloseTo(1 - r.testAccuracy, 10);
    expect(dashboardCount(run, "train")).toBeGreaterThanOrEqual(1);
  });

  it("draws a 10x10 confusion matrix whose diagonal is the correct count", () => {
    const { confusion, diagonal, total } = lastJson(run, "confusion");
    expect(confusion).toHaveLength(10);
    expect(confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(total);
    expect(diagonal / total).toBeCloseTo(lastJson(run, "test-error").testAccuracy, 10);
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

  it("shows C1 feature maps and the noise-robustness curve, accuracy falling with noise", () => {
    expect(imageCount(run, "feature-maps")).toBeGreaterThanOrEqual(3);
    const { sigmas, accuracy } = lastJson(run, "noise");
    expect(sigmas[0]).toBe(0);
    expect(accuracy[0]).toBeCloseTo(lastJson(run, "test-error").testAccuracy, 10);
    expect(accuracy[accuracy.length - 1]).toBeLessThan(accuracy[0]);
    expect(chartCount(run, "noise")).toBe(1);
  });
});
