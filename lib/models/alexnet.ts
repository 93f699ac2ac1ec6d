/**
 * AlexNet (Krizhevsky et al. 2012) as one tower (the paper split it over two GPUs).
 *  - alexnet: 227x227x3, C1 96@11x11/4 → ReLU → LRN → max-pool 3x3/2 (overlapping) →
 *    C2 256@5x5 pad 2 → ReLU → LRN → pool → C3 384@3x3 → C4 384@3x3 → C5 256@3x3 → pool →
 *    F6 4096 → dropout → F7 4096 → dropout → classes. 62,378,344 parameters for 1000 classes.
 *  - alexnet-small: the same sequence for 28x28 / 32x32 inputs: C1 3x3/1 instead of 11x11/4,
 *    channels × width (default 1/4) and hidden 512, so that it trains on a CPU.
 *  - alexnet-bench: layer for layer as pytorch_reference.py's alexnet(): 224x224x1, C1 11x11/4 with
 *    padding 1, no LRN, 10 classes.
 */
import * as tf from "@tensorflow/tfjs";
import { conv2d } from "../layers/factories";
import { localResponseNormalization } from "../layers/lrn";
import { dropoutClassifier, input, ModelArgs, ResolvedArgs, resolveArgs, scaled, stack } from "./args";

interface Variant {
  name: string;
  /** C1's kernel, stride and padding before it. */
  c1: { kernelSize: number; strides: number; pad: number };
  lrn: boolean;
}

function build(v: Variant, a: ResolvedArgs): tf.LayersModel {
  const c = (n: number) => scaled(n, a.width);
  const pool = (name: string) => tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name });
  const lrn = (name: string) => (v.lrn ? [localResponseNormalization({ depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75, name })] : []);
  const x = input(a.inputShape);
  const y = stack(x, [
    ...(v.c1.pad > 0 ? [tf.layers.zeroPadding2d({ padding: v.c1.pad, name: "pad1" })] : []),
    conv2d({ filters: c(96), kernelSize: v.c1.kernelSize, strides: v.c1.strides, padding: "valid", activation: "relu", name: "conv1" }),
    ...lrn("lrn1"),
    pool("pool1"),
    conv2d({ filters: c(256), kernelSize: 5, padding: "same", activation: "relu", name: "conv2" }),
    ...lrn("lrn2"),
    pool("pool2"),
    conv2d({ filters: c(384), kernelSize: 3, padding: "same", activation: "relu", name: "conv3" }),
    conv2d({ filters: c(384), kernelSize: 3, padding: "same", activation: "relu", name: "conv4" }),
    conv2d({ filters: c(256), kernelSize: 3, padding: "same", activation: "relu", name: "conv5" }),
    pool("pool5"),
    ...dropoutClassifier(a, ["fc6", "fc7", "fc8"]),
  ]);
  return tf.model({ inputs: x, outputs: y, name: v.name });
}

export function alexnet(args?: ModelArgs): tf.LayersModel {
  const a = resolveArgs("alexnet", args, { inputShape: [227, 227, 3], classes: 1000 });
  return build({ name: "alexnet", c1: { kernelSize: 11, strides: 4, pad: 0 }, lrn: true }, a);
}

export function alexnetSmall(args?: ModelArgs): tf.LayersModel {
  const a = resolveArgs("alexnet-small", args, { inputShape: [28, 28, 1], classes: 10, width: 0.25, hidden: 512 });
  return build({ name: "alexnet-small", c1: { kernelSize: 3, strides: 1, pad: 1 }, lrn: true }, a);
}

export function alexnetBench(args?: ModelArgs): tf.LayersModel {
  const a = resolveArgs("alexnet-bench", args, { inputShape: [224, 224, 1], classes: 10 });
  return build({ name: "alexnet-bench", c1: { kernelSize: 11, strides: 4, pad: 1 }, lrn: false }, a);
}
