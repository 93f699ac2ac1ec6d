/**
 * The LeNet family.
 *  - lenet5: LeCun et al. 1998 on 32x32x1: C1 conv 6@5x5 → S2 trainable subsampling →
 *    C3 partially connected conv 16@5x5 (table I) → S4 → C5 conv 120@5x5 → F6 dense 84 → output.
 *    Squashing: the paper's scaled tanh 1.7159 tanh(2a/3) on every layer up to F6 — after C1, C3, C5 and F6,
 *    and inside S2 and S4 (section II.B: "units in layers up to F6 compute a dot product … [which] is then
 *    passed through a sigmoid squashing function"). Leaving C1 and C3 linear would make C1→S2 and C3→S4
 *    single linear maps, two fewer non-linear stages than the paper's net.
 *    Output: dense 10 logits instead of the paper's Euclidean RBF units (softmax cross-entropy trains it).
 *    Input: pixels in [0, 1], mapped first to the paper's scale (section II.A: "the background level (white)
 *    corresponds to a value of -0.1 and the foreground (black) corresponds to 1.175. This makes the mean input
 *    roughly 0, and the variance roughly 1 which accelerates learning"): x' = 1.275 x − 0.1, the padding included.
 *  - lenet: the modern variant (d2l, and bench/pytorch_reference.py) on 28x28x1: ReLU, max pooling.
 *  - lenet-bn: lenet with batch norm after each conv/dense hidden layer (d2l 8.5, with ReLU and max pooling).
 */
import * as tf from "@tensorflow/tfjs";
import { batchNormalization } from "../layers/batch-norm";
import { conv2d, dense, nextSeed } from "../layers/factories";
import { LENET5_C3_TABLE, partialConv2d } from "../layers/partial-conv";
import { squashLayer } from "../layers/squash-layer";
import { trainableSubsampling } from "../layers/subsampling";
import { input, ModelArgs, resolveArgs, scaled, stack } from "./args";

/** The values LeNet-5's input layer gives a background (0) and a full-ink (1) pixel (LeCun et al. 1998, section II.A). */
export const LENET5_INPUT_SCALE = { background: -0.1, foreground: 1.175 } as const;

export function lenet5(args?: ModelArgs): tf.LayersModel {
  const a = resolveArgs("lenet5", args, { inputShape: [32, 32, 1], classes: 10 });
  const x = input(a.inputShape);
  const y = stack(x, [
    tf.layers.rescaling({ scale: LENET5_INPUT_SCALE.foreground - LENET5_INPUT_SCALE.background, offset: LENET5_INPUT_SCALE.background, name: "input_scale" }),
    conv2d({ filters: 6, kernelSize: 5, name: "C1" }),
    squashLayer({ activation: "scaledTanh", name: "C1_tanh" }),
    trainableSubsampling({ poolSize: 2, activation: "scaledTanh", name: "S2" }),
    partialConv2d({ table: LENET5_C3_TABLE, kernelSize: 5, seed: nextSeed(), name: "C3" }),
    squashLayer({ activation: "scaledTanh", name: "C3_tanh" }),
    trainableSubsampling({ poolSize: 2, activation: "scaledTanh", name: "S4" }),
    conv2d({ filters: 120, kernelSize: 5, name: "C5" }),
    squashLayer({ activation: "scaledTanh", name: "C5_tanh" }),
    tf.layers.flatten({ name: "flatten" }),
    dense({ units: 84, name: "F6" }),
    squashLayer({ activation: "scaledTanh", name: "F6_tanh" }),
    dense({ units: a.classes, name: "output" }),
  ]);
  return tf.model({ inputs: x, outputs: y, name: "lenet5" });
}

/** Layer for layer as pytorch_reference.py's lenet(): Conv2d(1,6,5,pad 2) ReLU MaxPool2 Conv2d(6,16,5) ReLU MaxPool2 Flatten 120 ReLU 84 ReLU 10. */
export function lenet(args?: ModelArgs): tf.LayersModel {
  const a = resolveArgs("lenet", args, { inputShape: [28, 28, 1], classes: 10 });
  const x = input(a.inputShape);
  const y = stack(x, [
    conv2d({ filters: scaled(6, a.width), kernelSize: 5, padding: "same", activation: "relu", name: "conv1" }),
    tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: "pool1" }),
    conv2d({ filters: scaled(16, a.width), kernelSize: 5, activation: "relu", name: "conv2" }),
    tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: "pool2" }),
    tf.layers.flatten({ name: "flatten" }),
    dense({ units: 120, activation: "relu", name: "fc1" }),
    dense({ units: 84, activation: "relu", name: "fc2" }),
    dense({ units: a.classes, name: "fc3" }),
  ]);
  return tf.model({ inputs: x, outputs: y, name: "lenet" });
}

export function lenetBn(args?: ModelArgs): tf.LayersModel {
  const a = resolveArgs("lenet-bn", args, { inputShape: [28, 28, 1], classes: 10 });
  const bnRelu = (name: string) => [
    batchNormalization({ axis: -1, momentum: a.batchNormMomentum, name: `${name}_bn` }),
    tf.layers.reLU({ name: `${name}_relu` }),
  ];
  const x = input(a.inputShape);
  const y = stack(x, [
    conv2d({ filters: scaled(6, a.width), kernelSize: 5, padding: "same", useBias: false, name: "conv1" }),
    ...bnRelu("conv1"),
    tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: "pool1" }),
    conv2d({ filters: scaled(16, a.width), kernelSize: 5, useBias: false, name: "conv2" }),
    ...bnRelu("conv2"),
    tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: "pool2" }),
    tf.layers.flatten({ name: "flatten" }),
    dense({ units: 120, useBias: false, name: "fc1" }),
    ...bnRelu("fc1"),
    dense({ units: 84, useBias: false, name: "fc2" }),
    ...bnRelu("fc2"),
    dense({ units: a.classes, name: "fc3" }),
  ]);
  return tf.model({ inputs: x, outputs: y, name: "lenet-bn" });
}
