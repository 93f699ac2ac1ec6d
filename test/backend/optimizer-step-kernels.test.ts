/**
 * Adam's and momentum SGD's update of a variable in one kernel on wasm (optimizer-step-kernels.ts)
 * against the update written out here in double precision, and the optimisers that call them
 * (lib/train/optimizers.ts) against the same optimisers on the cpu backend, where they run as tfjs ops.
 * Tolerance 1e-6 of the largest |expected| value for one kernel call: the kernel computes each
 * element in double precision and rounds its three outputs once to float32 (2^-24 ≈ 6e-8
 * relative). Over several optimiser steps against the ops' float32 arithmetic (each op rounding,
 * and Adam's √s + eps amplifying the difference where s is tiny): 1e-5.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { explainKernel } from "../../lib/backend/kernel-paths";
import { ADAM_STEP, MOMENTUM_STEP } from "../../lib/backend/optimizer-step-kernels";
import { createOptimizer, OptimizerName } from "../../lib/train/optimizers";
import { expectClose } from "./close";

const wave = (n: number, phase: number, scale: number) => Float32Array.from({ length: n }, (_, i) => scale * Math.sin(0.37 * i + phase));

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
}, 60_000);

describe("one kernel call against the formulas", () => {
  const n = 5 * 5 * 60 + 3; // C3's kernel and then some: no multiple of 4
  const [w, g, m] = [wave(n, 0.1, 1), wave(n, 0.7, 0.3), wave(n, 1.3, 0.05)];
  const s = wave(n, 2.1, 0.01).map(Math.abs);

  it("Adam with weight decay, at step 3 (bias correction)", async () => {
    await tf.setBackend("wasm");
    const attrs = { learningRate: 0.002, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0.01, t: 3 };
    const inputs = { w: tf.tensor1d(w), g: tf.tensor1d(g), m: tf.tensor1d(m), s: tf.tensor1d(s) };
    const outs = tf.engine().runKernel(ADAM_STEP, inputs, attrs) as tf.Tensor[];
    const got = await Promise.all(outs.map(async (t) => (await t.data()) as Float32Array));
    const expected = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    for (let i = 0; i < n; i++) {
      const gi = g[i] + attrs.weightDecay * w[i];
      const mi = attrs.beta1 * m[i] + (1 - attrs.beta1) * gi;
      const si = attrs.beta2 * s[i] + (1 - attrs.beta2) * gi ** 2;
      const mHat = mi / (1 - attrs.beta1 ** attrs.t);
      const sHat = si / (1 - attrs.beta2 ** attrs.t);
      expected[0][i] = w[i] - attrs.learningRate * mHat / (Math.sqrt(sHat) + attrs.epsilon);
      expected[1][i] = mi;
      expected[2][i] = si;
    }
    expectClose(got, expected, 1e-6);
    tf.dispose([...outs, ...Object.values(inputs)]);
  });

  it("momentum with weight decay: v ← αv − βεw − εg, w ← w + v", async () => {
    await tf.setBackend("wasm");
    const attrs = { learningRate: 0.01, momentum: 0.9, weightDecay: 0.0005 };
    const inputs = { w: tf.tensor1d(w), g: tf.tensor1d(g), v: tf.tensor1d(m) };
    const outs = tf.engine().runKernel(MOMENTUM_STEP, inputs, attrs) as tf.Tensor[];
    const got = await Promise.all(outs.map(async (t) => (await t.data()) as Float32Array));
    const v2 = m.map((vi, i) => attrs.momentum * vi - attrs.weightDecay * attrs.learningRate * w[i] - attrs.learningRate * g[i]);
    expectClose(got, [w.map((wi, i) => wi + v2[i]), v2], 1e-6);
    tf.dispose([...outs, ...Object.values(inputs)]);
  });

  it("says which path it takes, and declines mismatched shapes", async () => {
    await tf.setBackend("wasm");
    const [a, b] = [tf.ones([4]), tf.ones([5])];
    expect(explainKernel(ADAM_STEP, { w: a, g: a, m: a, s: a }).path).toBe("loop");
    expect(explainKernel(MOMENTUM_STEP, { w: a, g: b, v: a }).text).toMatch(/runs on none \(not loop: needs float32 w, g, v of one shape\)/);
    tf.dispose([a, b]);
  });
});

describe("the optimisers: one kernel per variable on wasm, the same steps as their tfjs ops on cpu", () => {
  /** Four steps on two variables of L = Σ w²·c; the final weights and the kernels that ran. */
  async function fourSteps(backend: string, name: OptimizerName): Promise<{ values: Float32Array[]; kernels: string[] }> {
    await tf.setBackend(backend);
    const ws = [tf.variable(tf.tensor2d(wave(30, 0.2, 1), [5, 6])), tf.variable(tf.tensor1d(wave(7, 0.9, 0.5)))];
    const c = [tf.tensor2d(wave(30, 1.7, 1), [5, 6]), tf.tensor1d(wave(7, 2.5, 1))];
    const opt = createOptimizer(name, { learningRate: 0.05, weightDecay: 0.001 });
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => {
      for (let step = 0; step < 4; step++) {
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => tf.addN(ws.map((w, i) => tf.sum(tf.mul(tf.square(w), c[i])))) as tf.Scalar, ws);
          opt.step(ws, ws.map((w) => grads[w.name]));
        });
      }
    });
    const slots = name === "adam" ? 4 : 2; // the optimiser's state, created at the first step
    expect(tf.memory().numTensors).toBe(before + slots);
    const values = await Promise.all(ws.map(async (w) => (await w.data()) as Float32Array));
    opt.dispose();
    tf.dispose([...ws, ...c]);
    return { values, kernels: profile.kernels.map((k) => k.name) };
  }

  it.each<[OptimizerName, string]>([["adam", ADAM_STEP], ["momentum", MOMENTUM_STEP]])("%s", async (name, kernel) => {
    const cpu = await fourSteps("cpu", name);
    const wasm = await fourSteps("wasm", name);
    expectClose(wasm.values, cpu.values, 1e-5);
    expect(wasm.kernels.filter((k) => k === kernel)).toHaveLength(8); // 4 steps x 2 variables
    expect(wasm.kernels).not.toContain(tf.Sqrt);
    expect(cpu.kernels).not.toContain(kernel);
  });
});
