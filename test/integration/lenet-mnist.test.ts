/**
 * The course's promise in one test: a seeded LeNet trained briefly on the `mnist`
 * package's digits reaches at least 97% test accuracy, and the same seed gives the
 * same numbers. (The same setting as the LeNet notebook's quick path, without the notebook.)
 */
import { buildModel, datasets, evaluate, initBackend, train } from "../../lib";

it("a seeded LeNet reaches ≥ 97% on the mnist package's digits", async () => {
  await initBackend({ verbose: false });
  const { train: trainSet, test: testSet } = datasets.mnist({ source: "mnist", seed: 1 });
  const model = buildModel("lenet", { inputShape: [28, 28, 1], classes: 10, seed: 1 });
  const history = await train(model, trainSet, {
    epochs: 8, batchSize: 64, optimizer: "adam", learningRate: 0.002, schedule: { type: "cosine" }, init: "he", seed: 1,
  });
  const result = await evaluate(model, testSet);
  console.log(`LeNet on ${trainSet.size}/${testSet.size} digits: test accuracy ${(100 * result.accuracy).toFixed(2)}%, ` +
    `${Math.round(history.epochs[history.epochs.length - 1].imagesPerSecond)} images/s`);
  expect(history.epochs).toHaveLength(8);
  expect(history.batchLosses[history.batchLosses.length - 1]).toBeLessThan(history.batchLosses[0]);
  expect(result.accuracy).toBeGreaterThanOrEqual(0.97);
  model.dispose();
}, 600_000);
