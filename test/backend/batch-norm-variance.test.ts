/**
 * The fused batch-norm kernels (lib/backend/batch-norm-kernels.ts) on data far from zero,
 * μ = 1e4 and σ = 1, against a float64 reference computed here from the same float32 inputs
 * (two-pass mean and variance, the textbook gradient). E[x²] − μ² in float32 gives nothing of the
 * variance there (ulp(1e8) = 8); the kernels centre x on its mean first.
 *
 * Tolerances, relative to the largest reference value of each output: mean one float32 ulp of 1e4
 * (9.8e-4, absolute); variance 1e-5 and y 1e-4 (float32 products and block sums of terms of size σ;
 * x − μ itself is exact in float32 near μ); dx, dγ, dβ 2e-3: the gradient kernel is handed the
 * mean as a float32 output, up to half an ulp of 1e4 (4.9e-4, i.e. 5e-4·σ) from the float64 mean,
 * as tfjs's own gradient of tf.moments is. (E[x²] − μ² in float32 misses the variance by whole units.)
 * Both ways of running the passes: cnnlab's SIMD module on the backend's threads, and the
 * JavaScript loops it falls back to (simdPoolOf mocked to fail).
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from "../../lib/backend/batch-norm-kernels";
import * as simdPoolModule from "../../lib/backend/simd-pool";
import { rng } from "../../lib/random";
import { expectClose } from "./close";

const EPSILON = 1e-3;
const MU = 1e4;

type Reference = { mean: Float64Array; variance: Float64Array; y: Float64Array; dx: Float64Array; dGamma: Float64Array; dBeta: Float64Array };

/** Batch norm over the rows of [M, C] in float64: two-pass moments, y = γ·x̂ + β, and the gradient of Σ y·dy. */
function reference(x: Float32Array, dy: Float32Array, gamma: Float32Array, beta: Float32Array, C: number): Reference {
  const M = x.length / C;
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  for (let i = 0; i < x.length; i++) mean[i % C] += x[i] / M;
  for (let i = 0; i < x.length; i++) variance[i % C] += (x[i] - mean[i % C]) ** 2 / M;
  const r = Array.from(variance, (v) => 1 / Math.sqrt(v + EPSILON));
  const xhat = Float64Array.from(x, (v, i) => (v - mean[i % C]) * r[i % C]);
  const y = Float64Array.from(xhat, (v, i) => gamma[i % C] * v + beta[i % C]);
  const dBeta = new Float64Array(C);
  const dGamma = new Float64Array(C);
  for (let i = 0; i < x.length; i++) {
    dBeta[i % C] += dy[i];
    dGamma[i % C] += dy[i] * xhat[i];
  }
  const dx = Float64Array.from(dy, (g, i) => {
    const c = i % C;
    return (gamma[c] * r[c] / M) * (M * g - dBeta[c] - xhat[i] * dGamma[c]);
  });
  return { mean, variance, y, dx, dGamma, dBeta };
}

function normals(n: number, seed: number, mu: number, sigma: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => mu + sigma * r.normal());
}

/** The kernels' [mean, variance, y, dx, dγ, dβ] for x of `shape`. */
function kernels(x: tf.Tensor, dy: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor): Float32Array[] {
  return tf.tidy(() => {
    const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAINING, { x, scale, offset }, { epsilon: EPSILON }) as tf.Tensor[];
    const [dx, dScale, dOffset] = tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, { dy, x, scale, mean, variance }, { epsilon: EPSILON }) as tf.Tensor[];
    return [mean, variance, y, dx, dScale, dOffset].map((t) => t.dataSync() as Float32Array);
  });
}

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
}, 60_000);

describe.each([
  { passes: "cnnlab's SIMD module", mockPool: false },
  { passes: "the JavaScript fallback", mockPool: true },
])("batch norm with μ = 1e4, σ = 1 ($passes)", ({ mockPool }) => {
  let unavailable: jest.SpyInstance | undefined;
  beforeAll(() => {
    if (mockPool) unavailable = jest.spyOn(simdPoolModule, "simdPoolOf").mockReturnValue(new Error("no SIMD module (test)"));
  });
  afterAll(() => unavailable?.mockRestore());

  it.each([
    { name: "16 channels (whole vectors), 2048 rows", shape: [8, 16, 16, 16] },
    { name: "3 channels (a partial vector), 300 rows", shape: [3, 10, 10, 3] },
  ])("$name: mean, variance, y and the gradients match float64", ({ shape }) => {
    const C = shape[shape.length - 1];
    const size = shape.reduce((a, b) => a * b, 1);
    const xs = normals(size, 1, MU, 1);
    const dys = normals(size, 2, 0, 1);
    const gammas = normals(C, 3, 1, 0.2);
    const betas = normals(C, 4, 0, 0.2);
    const before = tf.memory().numTensors;
    const inputs = [tf.tensor(xs, shape), tf.tensor(dys, shape), tf.tensor1d(gammas), tf.tensor1d(betas)];
    const [mean, variance, ...rest] = kernels(inputs[0], inputs[1], inputs[2], inputs[3]);
    tf.dispose(inputs);
    expect(tf.memory().numTensors).toBe(before);

    const ref = reference(xs, dys, gammas, betas, C);
    // The data's own variance is near 1: a float32 E[x²] − μ² would be off by whole units.
    ref.variance.forEach((v) => expect(v).toBeGreaterThan(0.5));
    mean.forEach((m, c) => expect(Math.abs(m - ref.mean[c])).toBeLessThanOrEqual(9.8e-4));
    expectClose([variance], [Float32Array.from(ref.variance)], 1e-5);
    const [y, ...gradients] = rest;
    expectClose([y], [Float32Array.from(ref.y)], 1e-4);
    expectClose(gradients, [ref.dx, ref.dGamma, ref.dBeta].map((r) => Float32Array.from(r)), 2e-3);
  });
});
