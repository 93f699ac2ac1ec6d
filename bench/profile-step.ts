/**
 * `node dist/bench/profile-step.js [model] [batch] [steps]` (default lenet5 16 20)
 *
 * Where a training step's time goes: trains `model` (a model of `npm run bench`, lenet, resnet20,
 * alexnet or kerascnn, built and trained as the bench does; else a registry name, trained with Adam)
 * with `train()` on seeded
 * synthetic data for `steps` batches after one warm-up epoch, under tf.profile, and prints each
 * tfjs kernel's calls per step and milliseconds per step, largest first, with the path cnnlab's
 * dispatcher took for its first call (explainKernel), and the step's wall time.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/backend";
import { buildModel } from "../lib/models/registry";
import { BENCH_MODELS, buildBenchModel } from "./run";
import { train } from "../lib/train";
import { rng } from "../lib/random";

async function main(argv: string[]): Promise<void> {
  const [name = "lenet5", batchArg = "16", stepsArg = "20"] = argv;
  const batch = Number(batchArg), steps = Number(stepsArg);
  if (!(Number.isInteger(batch) && batch > 0)) throw new Error(`batch must be a positive integer, got "${batchArg}"`);
  if (!(Number.isInteger(steps) && steps > 0)) throw new Error(`steps must be a positive integer, got "${stepsArg}"`);
  const backend = await initBackend({ verbose: false });
  const bench = BENCH_MODELS.find((m) => m.model === name);
  const model = bench ? buildBenchModel(bench) : buildModel(name);
  const shape = (model.inputs[0].shape as number[]).slice(1);
  const r = rng(0);
  const n = batch * steps;
  const pixels = Float32Array.from({ length: n * shape.reduce((a, b) => a * b, 1) }, () => r.normal());
  const data = { images: tf.tensor4d(pixels, [n, shape[0], shape[1], shape[2]]), labels: Int32Array.from({ length: n }, () => r.int(10)) };
  const recipe = bench && bench.optimizer !== "adam"
    ? { optimizer: "momentum", learningRate: 0.01, momentum: 0.9 } as const
    : { optimizer: "adam", learningRate: 0.001 } as const;
  const args = { epochs: 1, batchSize: batch, ...recipe, shuffle: false, stopOnInterrupt: false } as const;
  await train(model, data, args); // warm-up: kernels compiled, operators cached
  const t0 = Date.now();
  const info = await tf.profile(async () => { await train(model, data, args); });
  const wall = (Date.now() - t0) / steps;
  const byKernel = new Map<string, { calls: number; ms: number; byShapes: Map<string, { calls: number; ms: number }> }>();
  for (const k of info.kernels) {
    const e = byKernel.get(k.name) ?? { calls: 0, ms: 0, byShapes: new Map() };
    const ms = typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
    e.calls++;
    e.ms += ms;
    const shapes = k.inputShapes.map((s) => `[${s ?? ""}]`).join(" ");
    const byShape = e.byShapes.get(shapes) ?? { calls: 0, ms: 0 };
    byShape.calls++;
    byShape.ms += ms;
    e.byShapes.set(shapes, byShape);
    byKernel.set(k.name, e);
  }
  const rows = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, e]) => s + e.ms, 0) / steps;
  console.log(`${name}, batch ${batch}, ${backend.name}: ${wall.toFixed(2)} ms per step wall (${Math.round((batch * 1000) / wall)} images/s, profiled), ${total.toFixed(2)} ms in kernels, ${(info.kernels.length / steps).toFixed(0)} kernel calls per step`);
  for (const [kernel, e] of rows) {
    console.log(`${(e.ms / steps).toFixed(3).padStart(8)} ms ${String(e.calls / steps).padStart(5)} calls  ${kernel}  ${((100 * e.ms) / steps / total).toFixed(1)}%`);
    // The kernels that take 5% or more, by the shapes of their inputs (one layer's call each, mostly).
    if (e.ms / steps < 0.05 * total) continue;
    for (const [shapes, c] of [...e.byShapes.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(`${"".padStart(4)}${(c.ms / steps).toFixed(3).padStart(8)} ms ${String(c.calls / steps).padStart(5)} calls  ${shapes}`);
    }
  }
  data.images.dispose();
  model.dispose();
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`profile-step: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
});
