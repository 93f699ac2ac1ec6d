/** notebooks/09-batchnorm.ipynb: batch norm by hand, R.batchNorm*, tf, running averages, lenet vs lenet-bn. */
import type { NotebookRun } from "./harness";
import { chartCount, lastJson, tableCount } from "./cell-outputs";
import { errorOutputs, runCourseNotebook } from "./course-outputs";

let run: NotebookRun;
beforeAll(async () => {
  run = await runCourseNotebook("09-batchnorm");
}, 300_000);

const close = (a: number[], b: number[], tol: number) => a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(tol));

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
    // Five updates with momentum 0.99 from mean 0 move less than 5% of the way to the batch means (≥ 3).
    expect(r.movingMean[0]).toBeLessThan(0.05 * 15);
  });

  it("trains lenet and lenet-bn on the same batches and plots both loss curves", () => {
    const t = lastJson(run, "train-compare");
    expect(Object.keys(t.results).sort()).toEqual(["lenet", "lenet-bn"]);
    for (const r of Object.values(t.results) as Array<{ finalLoss: number; testAccuracy: number }>) {
      expect(r.finalLoss).toBeLessThan(Math.log(10));
      expect(r.testAccuracy).toBeGreaterThan(0.3);
    }
    expect(chartCount(run, "train-compare")).toBe(1);
  });
});
