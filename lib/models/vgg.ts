/**
 * VGG (Simonyan & Zisserman 2014), configurations A–E of table 1 (the seed deck 000
 * copies it) as data: a number is a 3x3 conv with that many filters, "1x1:n" a 1x1 conv
 * (configuration C), "M" a 2x2/2 max-pool, "LRN" local response normalisation (A-LRN).
 * Every conv: "same" padding, ReLU. Classifier: 4096 → dropout → 4096 → dropout → classes.
 * Trainable parameters at 224x224x3, 1000 classes: VGG-16 (D) 138,357,544, as torchvision.
 */
import * as tf from "@tensorflow/tfjs";
import { conv2d } from "../layers/factories";
import { localResponseNormalization } from "../layers/lrn";
import { dropoutClassifier, input, ModelArgs, resolveArgs, scaled, stack } from "./args";

export type VggEntry = number | `1x1:${number}` | "M" | "LRN";

export const VGG_CONFIGS: Record<"A" | "A-LRN" | "B" | "C" | "D" | "E", readonly VggEntry[]> = {
  A: [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
  "A-LRN": [64, "LRN", "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
  B: [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
  C: [64, 64, "M", 128, 128, "M", 256, 256, "1x1:256", "M", 512, 512, "1x1:512", "M", 512, 512, "1x1:512", "M"],
  D: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
  E: [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
};

/** Registry name → configuration. */
export const VGG_MODELS = {
  vgg11: "A",
  "vgg11-lrn": "A-LRN",
  vgg13: "B",
  "vgg16-conv1": "C",
  vgg16: "D",
  vgg19: "E",
} as const;

export function vgg(name: keyof typeof VGG_MODELS, args?: ModelArgs): tf.LayersModel {
  const a = resolveArgs(name, args, { inputShape: [224, 224, 3], classes: 1000 });
  const layers: tf.layers.Layer[] = [];
  let block = 1;
  let conv = 1;
  for (const entry of VGG_CONFIGS[VGG_MODELS[name]]) {
    if (entry === "M") {
      layers.push(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `block${block}_pool` }));
      block += 1;
      conv = 1;
    } else if (entry === "LRN") {
      layers.push(localResponseNormalization({ name: `block${block}_lrn` }));
    } else {
      const [kernelSize, filters] = typeof entry === "number" ? [3, entry] : [1, Number(entry.slice(4))];
      layers.push(conv2d({ filters: scaled(filters, a.width), kernelSize, padding: "same", activation: "relu", name: `block${block}_conv${conv}` }));
      conv += 1;
    }
  }
  const x = input(a.inputShape);
  const y = stack(x, [
    ...layers,
    ...dropoutClassifier(a, ["fc1", "fc2", "fc3"]),
  ]);
  return tf.model({ inputs: x, outputs: y, name });
}
