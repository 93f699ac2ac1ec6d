/** notebooks/05-activations-losses-sgd.ipynb in quick mode: worked numbers, the SGD rule, ReLU vs tanh. */
import * as path from "path";
import { describeFailure, PACKAGE_ROOT, runNotebookForTest, type NotebookRun } from "./harness";
import { cellsWithStderr, chartCount, imageCount, jsonLines, lastJson } from "./cell-outputs";

let run: NotebookRun;

beforeAll(async () => {
  run = await runNotebookForTest(path.join(PACKAGE_ROOT, "notebooks/05-activations-losses-sgd.ipynb"));
});

describe("05-activations-losses-sgd notebook", () => {
  it("runs every cell without error or warning", () => {
    expect(describeFailure(run)).toBe("ok");
    expect(cellsWithStderr(run)).toEqual([]);
  });

  it("plots five activations and their derivatives; derivatives match tf.grad", () => {
    expect(chartCount(run, "activations")).toBe(2);
    const j = lastJson(run, "activations");
    expect(j.atZero).toEqual({ sigmoid: 0.5, dsigmoid: 0.25, dtanh: 1 });
    expect(j.maxDerivative.sigmoid).toBeCloseTo(0.25, 10);
    expect(j.maxDerivative.tanh).toBeCloseTo(1, 10);
    expect(j.maxDerivative.ReLU).toBe(1);
    expect(j.atMinus4.dtanh).toBeCloseTo(1 - Math.tanh(-4) ** 2, 10);
    expect(j.atMinus4.dprelu).toBe(0.25);
    for (const d of Object.values(j.maxAbsDiffVsTfGrad) as number[]) expect(d).toBeLessThan(1e-6);
  });

  it("softmax of (2, 1, 0.1) = (0.659, 0.242, 0.099), cross-entropy 0.417, gradient q − p", () => {
    const j = lastJson(run, "softmax");
    expect(j.softmax).toEqual([0.659, 0.2424, 0.0986]);
    expect(j.crossEntropy).toBe(0.417);
    expect(j.tfCrossEntropy).toBe(0.417);
    expect(j.grad).toEqual([-0.341, 0.2424, 0.0986]);
  });

  it("MSE 0.375, MAE 0.5, hinge 1.125 by hand, and tfjs agrees", () => {
    const rows = lastJson(run, "losses") as { loss: string; value: number; tfjs: number }[];
    expect(rows.map((r) => [r.loss, r.value])).toEqual([["MSE", 0.375], ["MAE", 0.5], ["hinge", 1.125]]);
    for (const r of rows) expect(r.tfjs).toBeCloseTo(r.value, 6);
  });

  it("seed 001's update rule: v1 = −0.10005, w1 = 0.89995, and R.SGD matches the formula written out", () => {
    const steps = lastJson(run, "sgd-hand") as { v: number; w: number; "w by the formula": number }[];
    expect(steps[0].v).toBeCloseTo(-0.10005, 12);
    expect(steps[0].w).toBeCloseTo(0.89995, 12);
    expect(steps[1].v).toBeCloseTo(-0.1800849975, 12);
    for (const s of steps) expect(s.w).toBeCloseTo(s["w by the formula"], 12);
  });

  it("on the stretched bowl momentum reaches the minimum in fewer steps than plain SGD", () => {
    const rows = lastJson(run, "sgd-bowl") as Record<string, number | string>[];
    const plain = rows[0]["steps until |w| < 0.01"] as number;
    const momentum = rows[1]["steps until |w| < 0.01"] as number;
    expect(typeof plain).toBe("number");
    expect(momentum).toBeLessThan(plain / 2);
    expect(rows[2]["mean |w| over the last 50 steps"]).toBeGreaterThan(rows[1]["mean |w| over the last 50 steps"] as number);
    expect(chartCount(run, "sgd-bowl")).toBe(1);
  });

  it("x/255 − 0.5 maps the bytes 0..255 onto −0.5..0.5", () => {
    const rows = lastJson(run, "normalise") as Record<string, number>[];
    expect([rows[0].min, rows[0].max]).toEqual([0, 255]);
    expect([rows[1].min, rows[1].max]).toEqual([-0.5, 0.5]);
    expect(rows[1].mean).toBeCloseTo(rows[0].mean / 255 - 0.5, 10);
  });

  it("shows augmented digits and a dropout mask whose survivors are scaled by 1/(1 − p)", () => {
    expect(imageCount(run, "regularise")).toBe(1);
    const j = lastJson(run, "regularise");
    expect(j.values).toEqual([0, 2]);
    expect(j.keptFraction).toBeGreaterThan(0.2);
    expect(j.keptFraction).toBeLessThan(0.8);
  });

  it("ReLU vs tanh: both curves plotted; batches to 25 % training error reported; both nets learn", () => {
    expect(chartCount(run, "relu-tanh")).toBe(1);
    const rows = jsonLines(run, "relu-tanh")[0] as Record<string, number | string>[];
    expect(rows.map((r) => r.activation)).toEqual(["relu", "tanh"]);
    for (const r of rows) {
      // quick mode: 1,000 digits × 2 epochs = 64 batches; both reach 25 % error and beat chance (10 %) clearly on test
      expect(typeof r["batches to 25 % training error"]).toBe("number");
      expect(r["batches to 25 % training error"]).toBeLessThanOrEqual(64);
      expect(r["test accuracy"]).toBeGreaterThan(0.6);
    }
    expect(run.text("relu-tanh")).toMatch(/ReLU reached 25 % training error after \d+ batches, tanh after \d+/);
  });

  it("leaves no tensors behind and states its run time", () => {
    expect(run.text("runtime")).toMatch(/^notebook run time: \d+\.\d s \(quick mode: true\); tensors alive: 0\n$/);
  });
});
