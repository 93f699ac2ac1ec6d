/** notebooks/09-batchnorm.ipynb: batch norm by hand, R.batchNorm*, tf, running averages, exercises, lenet vs lenet-bn. */
import { cellSource } from "../../lib/notebook/io";
import type { NotebookRun } from "./harness";
import { chartCount, lastJson, tableCount } from "./cell-outputs";
import { errorOutputs, itMeetsCourseStandards, runCourseNotebook } from "./course-outputs";

let run: NotebookRun;
beforeAll(async () => {
  run = await runCourseNotebook("09-batchnorm");
}, 300_000);

const close = (a: number[], b: number[], tol: number) => a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(tol));

interface Result { model: string; learningRate: number; finalLoss: number; valAccuracy: number }

describe("09-batchnorm (quick mode)", () => {
  it("runs every cell without an error output", () => {
    expect(errorOutputs(run)).toEqual([]);
  });

  it("the hand example: μ_B = (3, 2), σ²_B = (3.5, 4); formula, reference and tf agree to 1e-6", () => {
    const f = lastJson(run, "forward");
    expect(f.mu).toEqual([3, 2]);
    expect(f.sigma2).toEqual([3.5, 4]);
    // Channel 0, x = 6: γ=1, β=0 → (6 − 3)/√3.501; channel 1, x = 0: γ=2, β=1 → 2·(0 − 2)/√4.001 + 1.
    expect(f.y[3][0]).toBeCloseTo(3 / Math.sqrt(3.501), 12);
    expect(f.y[0][1]).toBeCloseTo((2 * -2) / Math.sqrt(4.001) + 1, 12);
    close(f.y.flat(), f.yRef.flat(), 1e-6);
    close(f.y.flat(), f.yTf.flat(), 1e-6);
    expect(tableCount(run, "forward")).toBe(1);
  });

  it("backward: R.batchNormBackward matches tf.grads (1e-5); dβ = Σg = (0, 2)", () => {
    const b = lastJson(run, "backward");
    expect(b.dbeta).toEqual([0, 2]);
    close(b.dx, b.dxTf, 1e-5);
    close(b.dgamma, b.dgammaTf, 1e-5);
    // The input gradients of each channel sum to zero.
    expect(Math.abs(b.dx[0] + b.dx[2] + b.dx[4] + b.dx[6])).toBeLessThan(1e-5);
  });

  it("running averages of tf.layers.batchNormalization follow R.updateRunningStats; inference agrees", () => {
    const r = lastJson(run, "running");
    close(r.movingMean, r.refMean, 1e-5);
    close(r.movingVariance, r.refVariance, 1e-4);
    expect(r.inferDiff).toBeLessThan(1e-5);
    // Five updates with momentum 0.99 from 0: the running mean is 1 − 0.99⁵ ≈ 5% of a weighted mean of the batch means.
    const lastBatchMean = r.batchStats[4][0];
    expect(r.movingMean[0]).toBeGreaterThan(0);
    expect(r.movingMean[0]).toBeLessThan((1 - 0.99 ** 5) * lastBatchMean);
  });

  itMeetsCourseStandards(() => run, "09-batchnorm", ["Exercise 9.1", "Exercise 9.3", "Exercise 9.4"]);

  it("a self-check speaks to the student in one line", () => {
    expect(run.text("exercise-9.1")).toMatch(/^✓ Exercise 9\.1: right/);
  });

  it("at the moderate rate both nets learn; at the large rate only lenet-bn trains", () => {
    const t = lastJson(run, "train-compare");
    const results = t.results as Result[];
    const at = (model: string, lr: number) => results.find((r) => r.model === model && r.learningRate === lr) as Result;
    const [moderate, large] = [...new Set(results.map((r) => r.learningRate))].sort((a, b) => a - b);
    expect(large).toBeGreaterThan(moderate);
    const chance = Math.log(10);
    // Both train at the moderate rate: loss below chance, validation accuracy well above 10%.
    for (const model of ["lenet", "lenet-bn"]) {
      expect(at(model, moderate).finalLoss).toBeLessThan(chance);
      expect(at(model, moderate).valAccuracy).toBeGreaterThan(0.5);
    }
    // The direction of the effect at the large rate: the normalised net ends with the lower loss and the better accuracy.
    const plain = at("lenet", large), bn = at("lenet-bn", large);
    expect(bn.valAccuracy).toBeGreaterThan(0.5);
    expect(bn.valAccuracy).toBeGreaterThan(plain.valAccuracy);
    expect(!Number.isFinite(plain.finalLoss) || plain.finalLoss > bn.finalLoss).toBe(true);
    expect(chartCount(run, "train-compare")).toBe(1);
    expect(tableCount(run, "train-compare")).toBe(1);
  });

  it("its references name the papers", () => {
    const references = run.notebook.cells.map((c) => cellSource(c)).find((text) => text.startsWith("## References")) ?? "";
    expect(references).toMatch(/Ioffe and C\. Szegedy/);
    expect(references).toMatch(/Santurkar/);
  });
});
