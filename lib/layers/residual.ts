/**
 * Residual blocks (He et al. 2015) as functional-API helpers: they add ordinary
 * tfjs layers to the graph being built and return the block's output.
 *   basic:      x → conv3x3(s) → BN → ReLU → conv3x3 → BN → (+ shortcut) → ReLU
 *   bottleneck: x → conv1x1 → BN → ReLU → conv3x3(s) → BN → ReLU → conv1x1(4·f) → BN → (+ shortcut) → ReLU
 * The stride sits on the 3x3 convolution (torchvision's "ResNet v1.5").
 * Convolutions followed by batch norm carry no bias: BN's β already shifts.
 * Shortcut: identity when the shape is unchanged, otherwise a 1x1 projection with
 * stride s followed by BN (the paper's option B).
 */
import * as tf from "@tensorflow/tfjs";
import { batchNormalization } from "./batch-norm";
import { conv2d } from "./factories";
import { oneOf, positiveInt } from "./validate";

export type ShortcutKind = "auto" | "identity" | "projection";

export interface ResidualBlockArgs {
  /** Output channels of the 3x3 convolutions (a bottleneck block outputs 4 × filters). Required. */
  filters: number;
  /** Stride of the block (on the 3x3 convolution and on the projection). Default 1. */
  strides?: number;
  /** "auto" projects only when the shape changes; "identity" requires equal shapes; "projection" always projects. Default "auto". */
  shortcut?: ShortcutKind;
  /** Prefix for the names of the block's layers, e.g. "stage2_block1". Default: tfjs's automatic names. */
  name?: string;
}

/** Channel expansion of the bottleneck block's last 1x1 convolution. */
export const BOTTLENECK_EXPANSION = 4;

export function basicBlock(x: tf.SymbolicTensor, args: ResidualBlockArgs): tf.SymbolicTensor {
  const { filters, strides, shortcut, name } = checkArgs("basicBlock", args);
  let y = convBn(x, filters, 3, strides, named(name, "conv1"));
  y = relu(y, named(name, "relu1"));
  y = convBn(y, filters, 3, 1, named(name, "conv2"));
  return join(x, y, filters, strides, shortcut, "basicBlock", name);
}

export function bottleneckBlock(x: tf.SymbolicTensor, args: ResidualBlockArgs): tf.SymbolicTensor {
  const { filters, strides, shortcut, name } = checkArgs("bottleneckBlock", args);
  let y = relu(convBn(x, filters, 1, 1, named(name, "conv1")), named(name, "relu1"));
  y = relu(convBn(y, filters, 3, strides, named(name, "conv2")), named(name, "relu2"));
  y = convBn(y, filters * BOTTLENECK_EXPANSION, 1, 1, named(name, "conv3"));
  return join(x, y, filters * BOTTLENECK_EXPANSION, strides, shortcut, "bottleneckBlock", name);
}

/** conv (no bias, "same" padding) followed by batch norm over channels. */
export function convBn(x: tf.SymbolicTensor, filters: number, kernelSize: number, strides: number, name?: string): tf.SymbolicTensor {
  // He (fan-in) scaling for ReLU nets; the uniform variant because tfjs samples its truncated
  // normal (heNormal) an order of magnitude slower, which shows when building ResNet-50.
  const conv = conv2d({ filters, kernelSize, strides, padding: "same", useBias: false, name }, "heUniform");
  // Running statistics as torchvision's ResNets keep them: PyTorch's BatchNorm default, momentum 0.1 in its
  // convention (moving ← 0.9·moving + 0.1·batch), not Keras's 0.99, which needs hundreds of steps to settle.
  const bn = batchNormalization({ axis: -1, momentum: 0.9, name: name && `${name}_bn` });
  return bn.apply(conv.apply(x)) as tf.SymbolicTensor;
}

function join(x: tf.SymbolicTensor, y: tf.SymbolicTensor, outChannels: number, strides: number, shortcut: ShortcutKind, owner: string, name?: string): tf.SymbolicTensor {
  const inChannels = x.shape[x.shape.length - 1];
  const sameShape = strides === 1 && inChannels === outChannels;
  if (shortcut === "identity" && !sameShape) {
    throw new Error(`${owner}${name ? ` "${name}"` : ""}: shortcut "identity" needs an unchanged shape, but input channels ${inChannels} → ${outChannels} with strides ${strides}; use shortcut "projection" or "auto"`);
  }
  const project = shortcut === "projection" || (shortcut === "auto" && !sameShape);
  const skip = project ? convBn(x, outChannels, 1, strides, named(name, "proj")) : x;
  const sum = tf.layers.add({ name: named(name, "add") }).apply([y, skip]) as tf.SymbolicTensor;
  return relu(sum, named(name, "out"));
}

function relu(x: tf.SymbolicTensor, name?: string): tf.SymbolicTensor {
  return tf.layers.reLU({ name }).apply(x) as tf.SymbolicTensor;
}

function named(prefix: string | undefined, part: string): string | undefined {
  return prefix === undefined ? undefined : `${prefix}_${part}`;
}

function checkArgs(owner: string, args: ResidualBlockArgs): Required<Omit<ResidualBlockArgs, "name">> & { name?: string } {
  const label = `${owner}${args?.name ? ` "${args.name}"` : ""}`;
  return {
    filters: positiveInt(label, "filters", args?.filters),
    strides: positiveInt(label, "strides", args.strides ?? 1),
    shortcut: oneOf(label, "shortcut", args.shortcut ?? "auto", ["auto", "identity", "projection"] as const),
    name: args.name,
  };
}
