/**
 * Times the reference conv2d (naive loops, im2col + matmul) against tf.conv2d on the wasm backend
 * (and tfjs's pure-JS cpu backend for scale) for a 32x28x28x16 → 32 layer, 3x3 'same'.
 * A figure for the course, not a test:  npx tsc -p . && node dist/bench/conv-reference.js
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/backend";
import * as R from "../lib/reference";
import { rng } from "../lib/random";

const X_SHAPE = [32, 28, 28, 16];
const W_SHAPE = [3, 3, 16, 32];
const ARGS = { stride: 1, pad: "same" as const };

function random(shape: number[], seed: number): R.NdArray {
  const r = rng(seed);
  return R.tensor(shape, R.zeros(shape).data.map(() => 2 * r.next() - 1));
}

/** Median wall time of `reps` runs after one warm-up, in milliseconds. */
function time(reps: number, run: () => void): number {
  run();
  const times: number[] = [];
  for (let k = 0; k < reps; k++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(reps / 2)];
}

function timeTf(x: R.NdArray, w: R.NdArray, reps: number): { ms: number; y: R.NdArray } {
  const xt = tf.tensor4d(Float32Array.from(x.data), X_SHAPE as [number, number, number, number]);
  const wt = tf.tensor4d(Float32Array.from(w.data), W_SHAPE as [number, number, number, number]);
  const ms = time(reps, () => tf.tidy(() => void tf.conv2d(xt, wt, 1, "same").dataSync()));
  const yt = tf.conv2d(xt, wt, 1, "same");
  const y = R.tensor(yt.shape, yt.dataSync() as Float32Array);
  tf.dispose([xt, wt, yt]);
  return { ms, y };
}

function maxDiff(a: R.NdArray, b: R.NdArray): number {
  let m = 0;
  for (let k = 0; k < a.data.length; k++) m = Math.max(m, Math.abs(a.data[k] - b.data[k]));
  return m;
}

async function main(): Promise<void> {
  const x = random(X_SHAPE, 1);
  const w = random(W_SHAPE, 2);
  const macs = 32 * 28 * 28 * 32 * 3 * 3 * 16;
  const naive = time(3, () => R.conv2dForward(x, w, null, ARGS));
  const im2col = time(3, () => R.conv2dForwardIm2col(x, w, null, ARGS));
  await tf.setBackend("cpu");
  const cpu = timeTf(x, w, 3);
  const choice = await initBackend({ force: "wasm" });
  const wasm = timeTf(x, w, 20);
  const y = R.conv2dForward(x, w, null, ARGS);
  const row = (name: string, ms: number) =>
    `${name.padEnd(26)} ${ms.toFixed(1).padStart(9)} ms  ${(macs / ms / 1e6).toFixed(2).padStart(7)} GMAC/s  ${(ms / wasm.ms).toFixed(1).padStart(7)}x wasm`;
  console.log(`conv2d ${JSON.stringify(X_SHAPE)} * ${JSON.stringify(W_SHAPE)}, 'same': ${(macs / 1e6).toFixed(1)}M multiply-adds (median of runs)`);
  console.log(row("reference naive loops", naive));
  console.log(row("reference im2col + matmul", im2col));
  console.log(row("tf.conv2d cpu backend", cpu.ms));
  console.log(row(`tf.conv2d ${choice.name}`, wasm.ms));
  console.log(`max |reference − tf.conv2d ${choice.name}| = ${maxDiff(y, wasm.y).toExponential(2)}, |reference − cpu| = ${maxDiff(y, cpu.y).toExponential(2)}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
