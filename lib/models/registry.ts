/**
 * Every architecture by name: buildModel("resnet20", { classes: 10 }), modelNames().
 * After building, each layer's output shape is checked, so an input too small for a
 * model's downsampling fails naming the layer and the shapes instead of producing
 * a model with empty feature maps.
 */
import * as tf from "@tensorflow/tfjs";
import { alexnet, alexnetBench, alexnetSmall } from "./alexnet";
import { ModelArgs } from "./args";
import { googlenet } from "./googlenet";
import { lenet, lenet5, lenetBn } from "./lenet";
import { nin } from "./nin";
import { resnet } from "./resnet";
import { vgg } from "./vgg";
import { layerInputShape } from "../layers/types";
import { withSeed } from "../layers/factories";
import { show } from "../layers/validate";

export interface ModelEntry {
  build: (args?: ModelArgs) => tf.LayersModel;
  /** One line for `cnnlab summary --help` and notebooks. */
  description: string;
  /** What to try when the input is too small. */
  smallInputHint: string;
}

const LARGER = "use a larger inputShape (e.g. upsample the images)";
const VGG_HINT = `${LARGER}; VGG needs at least 32x32`;
const RESNET_HINT = `${LARGER}, or use "resnet20" for 32x32`;

export const MODELS: Record<string, ModelEntry> = {
  lenet5: { build: lenet5, description: "LeNet-5 (1998): 32x32x1, scaled tanh, trainable subsampling, C3 connection table", smallInputHint: 'pad the images to 32x32, or use "lenet"' },
  lenet: { build: lenet, description: "modern LeNet: 28x28x1, ReLU, max pooling (as the PyTorch bench)", smallInputHint: LARGER },
  "lenet-bn": { build: lenetBn, description: "modern LeNet with batch normalization", smallInputHint: LARGER },
  alexnet: { build: alexnet, description: "AlexNet (2012), one tower, 227x227x3, LRN, 62,378,344 parameters", smallInputHint: 'use "alexnet-small" for 28x28 and 32x32 inputs' },
  "alexnet-small": { build: alexnetSmall, description: "AlexNet's design scaled for 28x28 / 32x32 inputs (width 1/4, hidden 512)", smallInputHint: LARGER },
  "alexnet-bench": { build: alexnetBench, description: "AlexNet as the PyTorch bench: 224x224x1, no LRN, 10 classes", smallInputHint: 'use "alexnet-small" for 28x28 and 32x32 inputs' },
  vgg11: { build: (a) => vgg("vgg11", a), description: "VGG configuration A (11 weight layers)", smallInputHint: VGG_HINT },
  "vgg11-lrn": { build: (a) => vgg("vgg11-lrn", a), description: "VGG configuration A-LRN", smallInputHint: VGG_HINT },
  vgg13: { build: (a) => vgg("vgg13", a), description: "VGG configuration B (13 weight layers)", smallInputHint: VGG_HINT },
  "vgg16-conv1": { build: (a) => vgg("vgg16-conv1", a), description: "VGG configuration C (16 weight layers with 1x1 convs)", smallInputHint: VGG_HINT },
  vgg16: { build: (a) => vgg("vgg16", a), description: "VGG configuration D, VGG-16 (138,357,544 parameters)", smallInputHint: VGG_HINT },
  vgg19: { build: (a) => vgg("vgg19", a), description: "VGG configuration E, VGG-19", smallInputHint: VGG_HINT },
  nin: { build: nin, description: "Network in Network (d2l): NiN blocks, global average pooling", smallInputHint: `${LARGER}; NiN needs at least 67x67` },
  googlenet: { build: googlenet, description: "GoogLeNet / Inception v1 without auxiliary heads", smallInputHint: LARGER },
  resnet18: { build: (a) => resnet("resnet18", a), description: "ResNet-18 (ImageNet), 11,689,512 parameters", smallInputHint: RESNET_HINT },
  resnet34: { build: (a) => resnet("resnet34", a), description: "ResNet-34 (ImageNet)", smallInputHint: RESNET_HINT },
  resnet50: { build: (a) => resnet("resnet50", a), description: "ResNet-50 (ImageNet, bottleneck blocks), 25,557,032 parameters", smallInputHint: RESNET_HINT },
  resnet20: { build: (a) => resnet("resnet20", a), description: "ResNet-20 (CIFAR, 32x32x3), 272,474 parameters", smallInputHint: LARGER },
  resnet56: { build: (a) => resnet("resnet56", a), description: "ResNet-56 (CIFAR, 32x32x3)", smallInputHint: LARGER },
};

export function modelNames(): string[] {
  return Object.keys(MODELS);
}

/** Builds a model by name; the models return logits (see ./args). */
export function buildModel(name: string, args?: ModelArgs): tf.LayersModel {
  const entry = Object.prototype.hasOwnProperty.call(MODELS, name) ? MODELS[name] : undefined;
  if (!entry) {
    throw new Error(`buildModel: unknown model name ${JSON.stringify(name)}; known models: ${modelNames().join(", ")}`);
  }
  if (args?.seed !== undefined && !Number.isFinite(args.seed)) {
    throw new Error(`buildModel("${name}"): seed must be a finite number, got ${show(args.seed)}`);
  }
  const model = withSeed(args?.seed, () => entry.build(args));
  const problem = firstEmptyOutput(model);
  if (problem) {
    model.dispose();
    const [h, w, c] = model.inputs[0].shape.slice(1);
    throw new Error(
      `buildModel("${name}"): input ${h}x${w}x${c} is too small: layer "${problem.layer.name}" (${problem.layer.getClassName()}) ` +
        `gets input shape [${problem.input}] and would output [${problem.output}]; ${entry.smallInputHint}`,
    );
  }
  return model;
}

/** The first layer (in graph order) whose output has a dimension < 1. */
function firstEmptyOutput(model: tf.LayersModel): { layer: tf.layers.Layer; input: unknown[]; output: unknown[] } | null {
  for (const layer of model.layers) {
    const outputs = (Array.isArray(layer.outputShape[0]) ? layer.outputShape : [layer.outputShape]) as Array<Array<number | null>>;
    for (const out of outputs) {
      if (out.some((d) => d !== null && d < 1)) {
        const input = layerInputShape(layer);
        return { layer, input: input.map(String), output: out.map(String) };
      }
    }
  }
  return null;
}
