/**
 * Figures for the datasets module: load times, per-epoch batch conversion, and memory while
 * training a small LeNet on full MNIST (the brief: at most about two copies of the raw bytes).
 *   npx tsc -p . && node dist/bench/datasets-memory.js [steps]
 */
import * as tf from "@tensorflow/tfjs";
import { datasets, initBackend } from "../lib";

const MB = (n: number) => (n / 2 ** 20).toFixed(1);
const time = <T>(f: () => T): [T, number] => {
  const t = process.hrtime.bigint();
  const result = f();
  return [result, Number(process.hrtime.bigint() - t) / 1e6];
};
const memory = () => {
  const m = process.memoryUsage();
  return `rss ${MB(m.rss)} MiB, ArrayBuffers ${MB(m.arrayBuffers)} MiB, tf tensors ${tf.memory().numTensors} (${MB(tf.memory().numBytes)} MiB)`;
};

function lenet(): tf.Sequential {
  // LeNet-5 (1998) shape on 32x32 input: C1 6@5x5, S2, C3 16@5x5, S4, F5 120, F6 84, output 10.
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [32, 32, 1], filters: 6, kernelSize: 5, activation: "relu" }));
  model.add(tf.layers.averagePooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: "relu" }));
  model.add(tf.layers.averagePooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 120, activation: "relu" }));
  model.add(tf.layers.dense({ units: 84, activation: "relu" }));
  model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

async function main(): Promise<void> {
  const steps = Number(process.argv[2] ?? 200);
  const backend = await initBackend({ verbose: false });
  console.log(`backend: ${backend.reason}`);
  console.log(`start: ${memory()}`);
  const [small, tSmall] = time(() => datasets.mnist({ seed: 0 }));
  console.log(`mnist (10k, JSON) load: ${tSmall.toFixed(0)} ms; train ${small.train.size}, test ${small.test.size}`);
  const [full, tFull] = time(() => datasets.mnist({ source: "full" }));
  console.log(`mnist full (IDX, SHA-256 checked) load: ${tFull.toFixed(0)} ms; raw bytes ${MB(full.train.pixels.length + full.test.pixels.length)} MiB`);
  console.log(`after loading: ${memory()}`);
  for (const pad of [0, 2]) {
    const [n, t] = time(() => {
      let seen = 0;
      for (const { x } of datasets.batches(full.train, { batchSize: 256, seed: 1, pad })) seen += x.shape[0];
      return seen;
    });
    console.log(`one epoch of batches (256, pad ${pad}), conversion only: ${t.toFixed(0)} ms for ${n} images`);
  }
  const model = lenet();
  let peakRss = 0;
  let peakBuffers = 0;
  const t0 = Date.now();
  let step = 0;
  let last: number[] = [];
  for (const { x, y } of datasets.batches(full.train, { batchSize: 64, seed: 2, pad: 2 })) {
    // tfjs-layers' sparseCategoricalCrossentropy floors its target and so wants float32 labels.
    const yFloat = y.toFloat();
    last = (await model.trainOnBatch(x, yFloat)) as number[];
    yFloat.dispose();
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
    if (++step >= steps) break;
  }
  const seconds = (Date.now() - t0) / 1000;
  console.log(`LeNet ${step} steps of 64: ${(step * 64 / seconds).toFixed(0)} images/s, last loss ${last[0].toFixed(3)}, accuracy ${last[1].toFixed(3)}`);
  console.log(`peak during training: rss ${MB(peakRss)} MiB, ArrayBuffers ${MB(peakBuffers)} MiB; after: ${memory()}`);
  model.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
