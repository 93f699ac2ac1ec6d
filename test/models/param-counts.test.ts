/**
 * Trainable parameter counts of the full-size architectures, equal to the papers'
 * tables and torchvision (convolutions before batch norm carry no bias). Building
 * the largest allocates ~0.6 GB of weights; each is disposed right after.
 */
import * as tf from "@tensorflow/tfjs";
import { buildModel } from "../../lib/models/registry";
import { ModelArgs } from "../../lib/models/args";
import { summarize } from "../../lib/summary";
import { useBackend } from "./helpers";

beforeAll(useBackend);

// Independent check of the ResNet-20 figure: stem conv+BN, 3 stages × 3 basic blocks (2 × conv3x3+BN),
// 1x1 projection + BN where the width doubles, and the 64 → 10 classifier.
const convBn = (k: number, cin: number, cout: number) => k * k * cin * cout + 2 * cout;
const RESNET20 =
  convBn(3, 3, 16) +
  3 * 2 * convBn(3, 16, 16) +
  (convBn(3, 16, 32) + convBn(3, 32, 32) + convBn(1, 16, 32)) + 2 * 2 * convBn(3, 32, 32) +
  (convBn(3, 32, 64) + convBn(3, 64, 64) + convBn(1, 32, 64)) + 2 * 2 * convBn(3, 64, 64) +
  64 * 10 + 10;

const CASES: Array<{ name: string; args?: ModelArgs; trainable: number; source: string }> = [
  { name: "lenet5", trainable: 60850, source: "LeCun 1998: 156+12+1516+32+48120+10164 and a dense 84→10 output (850)" },
  { name: "lenet", trainable: 61706, source: "PyTorch reference lenet()" },
  { name: "alexnet", trainable: 62378344, source: "task statement (one tower, 227x227x3, 1000 classes)" },
  { name: "alexnet-bench", trainable: 46764746, source: "PyTorch reference alexnet(): 224x224x1, 10 classes" },
  { name: "vgg11", trainable: 132863336, source: "torchvision vgg11" },
  { name: "vgg11-lrn", trainable: 132863336, source: "A-LRN: LRN has no weights" },
  { name: "vgg13", trainable: 133047848, source: "torchvision vgg13" },
  { name: "vgg16", trainable: 138357544, source: "torchvision vgg16" },
  { name: "vgg19", trainable: 143667240, source: "torchvision vgg19" },
  { name: "resnet18", trainable: 11689512, source: "torchvision resnet18" },
  { name: "resnet34", trainable: 21797672, source: "torchvision resnet34" },
  { name: "resnet50", trainable: 25557032, source: "torchvision resnet50" },
  { name: "resnet20", trainable: RESNET20, source: "He et al. 2015 CIFAR (≈0.27M), counted above" },
];

describe("trainable parameters of the full-size models", () => {
  it("ResNet-20's independent count is 272,474 (≈0.27M)", () => {
    expect(RESNET20).toBe(272474);
  });

  it.each(CASES)("$name: $trainable ($source)", ({ name, args, trainable }) => {
    const model = buildModel(name, args);
    const s = summarize(model);
    expect(s.totals.trainable).toBe(trainable);
    expect(s.totals.params).toBe(model.countParams());
    model.dispose();
  });

  it("VGG configuration C (vgg16-conv1) replaces three 3x3 convs of D by 1x1 convs: (9 − 1)·c² fewer weights each", () => {
    const c = buildModel("vgg16-conv1");
    const total = summarize(c).totals.trainable;
    c.dispose();
    const saved = 8 * 256 * 256 + 8 * 512 * 512 * 2; // (9 − 1) × 256² + 2 × (9 − 1) × 512²
    expect(total).toBe(138357544 - saved);
  });

  it.each(["resnet18", "lenet5", "alexnet-small"])("%s: no tensors leak across building and disposing it", (name) => {
    const before = tf.memory().numTensors;
    buildModel(name).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
