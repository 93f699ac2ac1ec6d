/**
 * Every architecture trains: on a fixed seeded batch, one gradient-descent step lowers the
 * softmax cross-entropy of its logits. The ImageNet models are width-scaled and fed
 * small inputs so that a CPU step takes well under a second; dropout is 0 so that
 * the loss before and after is deterministic.
 */
import * as tf from "@tensorflow/tfjs";
import { InputShape, ModelArgs } from "../../lib/models/args";
import { buildModel, modelNames } from "../../lib/models/registry";
import { oneStep, seededLabels, seededNormal, useBackend } from "./helpers";

beforeAll(useBackend);

const SMALL: Record<string, ModelArgs> = {
  lenet5: {},
  lenet: {},
  "lenet-bn": {},
  "alexnet-small": {},
  alexnet: { inputShape: [67, 67, 3], width: 1 / 8, hidden: 32 },
  "alexnet-bench": { inputShape: [67, 67, 1], width: 1 / 8, hidden: 32 },
  vgg11: { inputShape: [32, 32, 3], width: 1 / 16, hidden: 32 },
  "vgg11-lrn": { inputShape: [32, 32, 3], width: 1 / 16, hidden: 32 },
  vgg13: { inputShape: [32, 32, 3], width: 1 / 16, hidden: 32 },
  "vgg16-conv1": { inputShape: [32, 32, 3], width: 1 / 16, hidden: 32 },
  vgg16: { inputShape: [32, 32, 3], width: 1 / 16, hidden: 32 },
  vgg19: { inputShape: [32, 32, 3], width: 1 / 16, hidden: 32 },
  nin: { inputShape: [67, 67, 3], width: 1 / 8 },
  googlenet: { inputShape: [32, 32, 3], width: 1 / 8 },
  resnet18: { inputShape: [64, 64, 3], width: 1 / 8 }, // 2x2 maps in the last stage, so batch norm sees 4 values per example
  resnet34: { inputShape: [64, 64, 3], width: 1 / 8 }, // 2x2 maps in the last stage, so batch norm sees 4 values per example
  resnet50: { inputShape: [64, 64, 3], width: 1 / 8 }, // 2x2 maps in the last stage, so batch norm sees 4 values per example
  resnet20: { width: 1 / 2 },
  resnet56: { width: 1 / 4 },
};

const CLASSES = 5;
const BATCH = 4;

it("every registered model has a training case here", () => {
  expect(Object.keys(SMALL).sort()).toEqual(modelNames().sort());
});

describe.each(Object.entries(SMALL))("%s", (name, args) => {
  it(`outputs [batch, ${CLASSES}] logits and one step lowers the loss on a fixed batch`, () => {
    const model = buildModel(name, { ...args, classes: CLASSES, dropout: 0 });
    const shape = model.inputs[0].shape.slice(1) as InputShape;
    const X = seededNormal([BATCH, ...shape], 1);
    const Y = seededLabels(BATCH, CLASSES, 2);
    const logits = model.predict(X) as tf.Tensor;
    expect(logits.shape).toEqual([BATCH, CLASSES]);
    logits.dispose();
    const tensorsBefore = tf.memory().numTensors;
    const { before, after } = oneStep(model, X, Y);
    expect(Number.isFinite(before)).toBe(true);
    expect(after).toBeLessThan(before);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    tf.dispose([X, Y]);
    model.dispose();
  });
});
