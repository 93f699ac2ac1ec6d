/** notebooks/05-activations-losses-sgd.ipynb in quick mode: worked numbers, the SGD rule, ReLU vs tanh. */
import * as path from "path";
import { describeFailure, PACKAGE_ROOT, runNotebookForTest, type NotebookRun } from "./harness";
import { itMeetsCourseStandards } from "./course-outputs";
import { cellsWithStderr, chartCount, imageCount, lastJson, tableCount } from "./cell-outputs";

let run: NotebookRun;

beforeAll(async () => {
  // Generous limits: the tests check what the notebook shows, not how fast a loaded machine runs it.
  run = await runNotebookForTest(path.join(PACKAGE_ROOT, "notebooks/05-activations-losses-sgd.ipynb"), { cellTimeoutS: 900 });
}, 1_800_000);

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
    const rows = lastJson(run, "losses").rows as { loss: string; value: number; tfjs: number }[];
    expect(rows.map((r) => [r.loss, r.value])).toEqual([["MSE", 0.375], ["MAE", 0.5], ["hinge", 1.125]]);
    for (const r of rows) expect(r.tfjs).toBeCloseTo(r.value, 6);
  });

  it("Lesson 08's update rule: v1 = −0.10005, w1 = 0.89995, and R.SGD matches the formula written out", () => {
    const steps = lastJson(run, "sgd-hand").steps as { v: number; w: number; "w by the formula": number }[];
    expect(steps[0].v).toBeCloseTo(-0.10005, 12);
    expect(steps[0].w).toBeCloseTo(0.89995, 12);
    expect(steps[1].v).toBeCloseTo(-0.1800849975, 12);
    for (const s of steps) expect(s.w).toBeCloseTo(s["w by the formula"], 12);
  });

  it("on the stretched bowl momentum reaches the minimum in fewer steps than plain SGD", () => {
    const rows = lastJson(run, "sgd-bowl").rows as Record<string, number | string>[];
    const plain = rows[0]["steps until |w| < 0.01"] as number;
    const momentum = rows[1]["steps until |w| < 0.01"] as number;
    expect(typeof plain).toBe("number");
    expect(momentum).toBeLessThan(plain / 2);
    expect(rows[2]["mean |w| over the last 50 steps"]).toBeGreaterThan(rows[1]["mean |w| over the last 50 steps"] as number);
    expect(chartCount(run, "sgd-bowl")).toBe(1);
  });

  it("x/255 − 0.5 maps the bytes 0..255 onto −0.5..0.5", () => {
    const rows = lastJson(run, "normalise").rows as Record<string, number>[];
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

  it("Adam written out matches tf.train.adam; its first step moves both coordinates by ε, SGD's does not", () => {
    expect(chartCount(run, "adam")).toBe(1);
    const { rows, adamVsTf } = lastJson(run, "adam");
    expect(adamVsTf).toBeLessThan(1e-4); // float32 (tf) against float64 over 20 steps on weights of size up to 4
    const [sgd, adam] = rows as Record<string, number>[];
    expect(adam["first step |Δw₁|"]).toBeCloseTo(adam["first step |Δw₂|"], 6);
    expect(sgd["first step |Δw₂|"] / sgd["first step |Δw₁|"]).toBeGreaterThan(5);
    expect(typeof adam["steps until |w| < 0.01"]).toBe("number");
    expect(adam["steps until |w| < 0.01"]).toBeGreaterThan(0);
  });

  it("initial scale: too small vanishes, too large explodes (ReLU) or saturates (tanh), He and Glorot keep the signal", () => {
    expect(chartCount(run, "init")).toBe(1);
    const runs = lastJson(run, "init").runs as { name: string; stds: number[] }[];
    const growth = (k: number) => runs[k].stds[runs[k].stds.length - 1] / runs[k].stds[0];
    expect(runs.map((r) => r.name.split(",")[0])).toEqual(["ReLU", "ReLU", "ReLU", "tanh", "tanh", "tanh"]);
    expect(growth(0)).toBeLessThan(0.01);        // ½·He: the signal vanishes
    expect(growth(2)).toBeGreaterThan(100);      // 2·He: it explodes
    expect(growth(1)).toBeGreaterThan(growth(0) * 10);
    expect(growth(1)).toBeLessThan(growth(2) / 10);
    expect(growth(3)).toBeLessThan(0.01);        // tanh with σ = 0.01 dies out
    expect(growth(4)).toBeGreaterThan(growth(3) * 10);
    const tanhLarge = runs[5].stds;
    expect(tanhLarge[tanhLarge.length - 1]).toBeGreaterThan(0.9); // saturated: |tanh| near 1 everywhere
  });

  it("overfitting is visible without a cure, and dropout, weight decay and augmentation each shrink the loss gap", () => {
    expect(chartCount(run, "overfit")).toBe(1);
    expect(tableCount(run, "overfit")).toBe(1);
    const rows = lastJson(run, "overfit").rows as Record<string, number | string>[];
    expect(rows.map((r) => r.cure)).toEqual(["no cure", "dropout 0.5", "weight decay 0.01", "augmentation (shift ≤ 2)"]);
    const none = rows[0];
    expect(none["training accuracy"]).toBeGreaterThan(none["validation accuracy"] as number);
    expect(none["validation loss"]).toBeGreaterThan(none["lowest validation loss"] as number); // the validation loss turned back up
    for (const cure of rows.slice(1)) expect(cure["gap (validation − training loss)"]).toBeLessThan(none["gap (validation − training loss)"] as number);
  });

  it("ReLU vs tanh in a deeper CNN: both curves plotted; ReLU reaches 25 % training error in fewer iterations", () => {
    expect(chartCount(run, "relu-tanh")).toBe(1);
    const { rows, relu25, tanh25, totalBatches } = lastJson(run, "relu-tanh");
    expect(rows.map((r: { activation: string }) => r.activation)).toEqual(["relu", "tanh"]);
    expect(relu25).toBeGreaterThan(0);
    expect(tanh25 === 0 ? totalBatches : tanh25).toBeGreaterThan(relu25);
    expect(run.text("relu-tanh")).toMatch(/ReLU reached 25 % training error after \d+ iterations/);
    for (const r of rows) expect(r["test accuracy"]).toBeGreaterThan(0.5);
  });

  itMeetsCourseStandards(
    () => run,
    "05-activations-losses-sgd",
    ["1.1", "1.2", "2.1", "2.2", "3.1", "4.1", "4.2", "5.1", "6.1", "7.1"].map((k) => `Exercise ${k}`),
  );

  it("leaves no tensors behind and states its run time", () => {
    expect(run.text("runtime")).toMatch(/^notebook run time: \d+\.\d s \(quick mode: true\); tensors alive: 0\n$/);
  });
});
