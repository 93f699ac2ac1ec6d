/** buildModel("lenet-bn", { batchNormMomentum }): the running averages move by (1 − momentum) of the way per step. */
import * as tf from "@tensorflow/tfjs";
import { buildModel } from "../../lib/models/registry";
import { useBackend } from "./helpers";

beforeAll(useBackend);

/** conv1_bn's moving mean after one training-mode forward pass of `x`, and conv1's output mean per channel on it. */
function afterOneStep(momentum: number | undefined): { moving: number[]; batchMean: number[] } {
  const model = buildModel("lenet-bn", { seed: 1, ...(momentum === undefined ? {} : { batchNormMomentum: momentum }) });
  const out = tf.tidy(() => {
    const x = tf.randomUniform([8, 28, 28, 1], 0, 1, "float32", 3);
    const conv1 = model.getLayer("conv1").apply(x) as tf.Tensor;
    const batchMean = Array.from(conv1.mean([0, 1, 2]).dataSync());
    model.apply(x, { training: true });
    const moving = Array.from(model.getLayer("conv1_bn").getWeights()[2].dataSync());
    return { moving, batchMean };
  });
  model.dispose();
  return out;
}

describe("lenet-bn batchNormMomentum", () => {
  it.each([
    [0.9, 0.1],
    [undefined, 0.01], // the default, Keras's 0.99
  ])("momentum %s: moving mean = %s × the batch mean after one step from 0", (momentum, share) => {
    const before = tf.memory().numTensors;
    const { moving, batchMean } = afterOneStep(momentum);
    expect(batchMean.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    moving.forEach((v, k) => expect(Math.abs(v - share * batchMean[k])).toBeLessThan(1e-5));
    expect(tf.memory().numTensors).toBe(before);
  });
});
