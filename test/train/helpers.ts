/** Tiny models and data sets shared by the train/evaluate tests. */
import * as tf from "@tensorflow/tfjs";
import { rng } from "../../lib/random";

/**
 * A separable synthetic image set: class c ∈ {0, 1, 2} is a bright bar at
 * row band c of an 8×8 single-channel image, plus seeded noise.
 */
export function barImages(n: number, seed: number): { images: tf.Tensor4D; labels: Int32Array } {
  const r = rng(seed);
  const H = 8;
  const data = new Float32Array(n * H * H);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const c = k % 3;
    labels[k] = c;
    for (let i = 0; i < H; i++) {
      for (let j = 0; j < H; j++) {
        const inBar = Math.floor(i / 3) === c && i % 3 !== 2;
        data[k * H * H + i * H + j] = (inBar ? 0.8 : 0.1) + 0.1 * r.normal();
      }
    }
  }
  return { images: tf.tensor4d(data, [n, H, H, 1]), labels };
}

/** A small CNN on [8, 8, 1] with logits for 3 classes; seeded Glorot kernels. */
export function tinyCnn(seed = 1, opts: { dropout?: boolean; softmax?: boolean } = {}): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  if (opts.dropout) m.add(tf.layers.dropout({ rate: 0.3 }));
  m.add(tf.layers.dense({ units: 8, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  m.add(tf.layers.dense({ units: 3, activation: opts.softmax ? "softmax" : "linear", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }));
  return m;
}
