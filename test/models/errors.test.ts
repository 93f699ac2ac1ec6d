/** buildModel's errors name the model, the argument or layer, the value and what to do. */
import * as tf from "@tensorflow/tfjs";
import { buildModel, modelNames } from "../../lib/models/registry";
import { useBackend } from "./helpers";

beforeAll(useBackend);

describe("buildModel errors", () => {
  it("an unknown name lists the known models", () => {
    expect(() => buildModel("resnet21")).toThrow(`buildModel: unknown model name "resnet21"; known models: ${modelNames().join(", ")}`);
  });

  it("AlexNet on 28x28 names the layer and the shapes and suggests alexnet-small", () => {
    const before = tf.memory().numTensors;
    expect(() => buildModel("alexnet", { inputShape: [28, 28, 1], classes: 10 })).toThrow(
      'buildModel("alexnet"): input 28x28x1 is too small: layer "pool2" (MaxPooling2D) gets input shape [null,2,2,256] and would output [null,0,0,256]; use "alexnet-small" for 28x28 and 32x32 inputs',
    );
    expect(tf.memory().numTensors).toBe(before); // the half-built model's weights were freed
  });

  it.each([
    { case: "vgg16 on 16x16", name: "vgg16", args: { inputShape: [16, 16, 3] as [number, number, number], width: 1 / 16, hidden: 8 }, msg: /layer "block5_pool" \(MaxPooling2D\) gets input shape \[null,1,1,32\] and would output \[null,0,0,32\]; .*VGG needs at least 32x32/ },
    { case: "lenet5 on 28x28", name: "lenet5", args: { inputShape: [28, 28, 1] as [number, number, number] }, msg: /layer "C5" \(Conv2D\) .* would output \[null,0,0,120\]; pad the images to 32x32, or use "lenet"/ },
  ])("too small: $case", ({ name, args, msg }) => {
    expect(() => buildModel(name, args)).toThrow(msg);
  });

  it.each([
    { case: "inputShape with two dims", args: { inputShape: [28, 28] }, msg: 'model "lenet": inputShape must be [height, width, channels] of positive integers, got [28,28]' },
    { case: "classes 0", args: { classes: 0 }, msg: 'model "lenet": classes must be a positive integer, got 0' },
    { case: "width -1", args: { width: -1 }, msg: 'model "lenet": width must be a positive finite number, got -1' },
    { case: "dropout 1", args: { dropout: 1 }, msg: 'model "lenet": dropout must be a number in [0, 1), got 1' },
    { case: "batchNormMomentum 1.5", args: { batchNormMomentum: 1.5 }, msg: 'model "lenet": batchNormMomentum must be a number in [0, 1), got 1.5' },
    { case: "a misspelt argument", args: { clases: 10 }, msg: 'model "lenet": unknown argument "clases"; known: inputShape, classes, width, hidden, dropout' },
  ])("bad argument: $case", ({ args, msg }) => {
    expect(() => buildModel("lenet", args as never)).toThrow(msg);
  });
});
