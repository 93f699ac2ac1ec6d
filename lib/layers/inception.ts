/**
 * The Inception module of GoogLeNet (Szegedy et al. 2014, figure 2b), a
 * functional-API helper: four parallel branches, concatenated over channels,
 *   1x1 | 1x1 → 3x3 | 1x1 → 5x5 | 3x3 max-pool (stride 1) → 1x1
 * every convolution with "same" padding and ReLU. The 1x1 reductions are what
 * make it affordable (the seed's 112.9M vs 5.3M operations example).
 */
import * as tf from "@tensorflow/tfjs";
import { conv2d, dense } from "./factories";
import { positiveInt } from "./validate";

export interface InceptionArgs {
  /** Filters of the 1x1 branch ("#1x1"). Required. */
  conv1: number;
  /** Filters of the 1x1 reduction before the 3x3 ("#3x3 reduce"). Required. */
  reduce3: number;
  /** Filters of the 3x3 convolution ("#3x3"). Required. */
  conv3: number;
  /** Filters of the 1x1 reduction before the 5x5 ("#5x5 reduce"). Required. */
  reduce5: number;
  /** Filters of the 5x5 convolution ("#5x5"). Required. */
  conv5: number;
  /** Filters of the 1x1 after the max-pool ("pool proj"). Required. */
  poolProj: number;
  /** Prefix for the layer names, e.g. "inception3a". Default: tfjs's automatic names. */
  name?: string;
}

export const INCEPTION_FIELDS = ["conv1", "reduce3", "conv3", "reduce5", "conv5", "poolProj"] as const;

/** Output channels of a module: conv1 + conv3 + conv5 + poolProj. */
export function inceptionChannels(a: InceptionArgs): number {
  return a.conv1 + a.conv3 + a.conv5 + a.poolProj;
}

export function inceptionModule(x: tf.SymbolicTensor, args: InceptionArgs): tf.SymbolicTensor {
  const label = `inceptionModule${args?.name ? ` "${args.name}"` : ""}`;
  for (const field of INCEPTION_FIELDS) positiveInt(label, field, args?.[field]);
  const n = (part: string) => (args.name === undefined ? undefined : `${args.name}_${part}`);
  const conv = (input: tf.SymbolicTensor, filters: number, kernelSize: number, part: string) =>
    conv2d({ filters, kernelSize, padding: "same", activation: "relu", name: n(part) }).apply(input) as tf.SymbolicTensor;

  const b1 = conv(x, args.conv1, 1, "1x1");
  const b2 = conv(conv(x, args.reduce3, 1, "3x3_reduce"), args.conv3, 3, "3x3");
  const b3 = conv(conv(x, args.reduce5, 1, "5x5_reduce"), args.conv5, 5, "5x5");
  const pooled = tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: "same", name: n("pool") }).apply(x) as tf.SymbolicTensor;
  const b4 = conv(pooled, args.poolProj, 1, "pool_proj");
  return tf.layers.concatenate({ axis: -1, name: n("concat") }).apply([b1, b2, b3, b4]) as tf.SymbolicTensor;
}

export interface AuxiliaryClassifierArgs {
  /** Classes of the head's softmax (units of its last dense layer; it outputs logits). Default 1000. */
  classes?: number;
  /** Dropout rate before the last dense layer. Default 0.7 (the paper's "70% ratio"). */
  dropout?: number;
  /** Prefix for the layer names, e.g. "aux1". Default: tfjs's automatic names. */
  name?: string;
}

/**
 * GoogLeNet's auxiliary classifier (Szegedy et al. 2014, section 5), a head attached to an
 * intermediate map (4a and 4d, 14x14x512/528) during training only:
 *   5x5/3 average pool → 1x1 conv 128 + ReLU → dense 1024 + ReLU → dropout 0.7 → dense classes.
 * Its loss joins the main loss with weight 0.3; at inference the head is dropped.
 */
export function auxiliaryClassifier(x: tf.SymbolicTensor, args: AuxiliaryClassifierArgs = {}): tf.SymbolicTensor {
  const label = `auxiliaryClassifier${args?.name ? ` "${args.name}"` : ""}`;
  const classes = positiveInt(label, "classes", args.classes ?? 1000);
  const dropout = args.dropout ?? 0.7;
  if (typeof dropout !== "number" || !(dropout >= 0 && dropout < 1)) {
    throw new Error(`${label}: dropout must be a number in [0, 1), got ${JSON.stringify(dropout)}`);
  }
  const [h, w] = x.shape.slice(1, 3) as number[];
  if (!(h >= 5 && w >= 5)) throw new Error(`${label}: needs a map of at least 5x5 for its 5x5/3 average pool, got ${h}x${w}`);
  const n = (part: string) => (args.name === undefined ? undefined : `${args.name}_${part}`);
  const layers = [
    tf.layers.averagePooling2d({ poolSize: 5, strides: 3, padding: "valid", name: n("pool") }),
    conv2d({ filters: 128, kernelSize: 1, activation: "relu", name: n("conv") }),
    tf.layers.flatten({ name: n("flatten") }),
    dense({ units: 1024, activation: "relu", name: n("fc1") }),
    tf.layers.dropout({ rate: dropout, name: n("dropout") }),
    dense({ units: classes, name: n("fc2") }),
  ];
  return layers.reduce((t, layer) => layer.apply(t) as tf.SymbolicTensor, x);
}
