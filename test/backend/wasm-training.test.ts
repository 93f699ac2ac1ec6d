/** A LeNet-style CNN trains on wasm: the loss falls, and a training step leaks no tensors. */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { rng } from "../../lib/random";

function lenetStyle(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: "same", activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  return model;
}

/** 64 images of two classes: a bright left half or a bright right half, with seeded noise. */
function halves(): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const r = rng(7);
  const n = 64;
  const pixels = new Float32Array(n * 28 * 28);
  const labels: number[] = [];
  for (let k = 0; k < n; k++) {
    const label = k % 2;
    labels.push(label);
    for (let i = 0; i < 28; i++)
      for (let j = 0; j < 28; j++) pixels[(k * 28 + i) * 28 + j] = ((j < 14) === (label === 0) ? 0.8 : 0.1) + 0.1 * r.next();
  }
  return { x: tf.tensor4d(pixels, [n, 28, 28, 1]), y: tf.oneHot(tf.tensor1d(labels, "int32"), 10) as tf.Tensor2D };
}

it("trains a LeNet-style model on wasm: the loss falls and tensors do not leak", async () => {
  const saved = process.env.CNNLAB_BACKEND;
  process.env.CNNLAB_BACKEND = "wasm";
  try {
    const choice = await initBackend({ verbose: false });
    expect(choice.name).toBe("wasm");
  } finally {
    if (saved === undefined) delete process.env.CNNLAB_BACKEND;
    else process.env.CNNLAB_BACKEND = saved;
  }
  const model = lenetStyle();
  const { x, y } = halves();
  const optimizer = tf.train.momentum(0.05, 0.9);
  const trainStep = () => {
    const { grads, value } = optimizer.computeGradients(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    optimizer.applyGradients(grads as tf.NamedTensorMap as Parameters<typeof optimizer.applyGradients>[0]);
    const loss = value.dataSync()[0];
    tf.dispose([value, ...Object.values(grads)]);
    return loss;
  };
  const first = trainStep(); // creates the optimizer's momentum slots
  const before = tf.memory().numTensors;
  let last = first;
  for (let i = 0; i < 15; i++) last = trainStep();
  expect(tf.memory().numTensors).toBe(before);
  expect(last).toBeLessThan(first * 0.5);
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
});
