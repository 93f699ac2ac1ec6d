/**
 * Arguments every model builder takes, their checks and small helpers shared by
 * the builders. All models return logits (no softmax): pair them with
 * tf.losses.softmaxCrossEntropy(oneHotLabels, logits), and apply tf.softmax for probabilities.
 */
import * as tf from "@tensorflow/tfjs";
import { dense } from "../layers/factories";
import { positiveInt, positiveNumber, rate, show } from "../layers/validate";

export type InputShape = [number, number, number];

export interface ModelArgs {
  /** Input [height, width, channels]. Default: the model's own (e.g. [224, 224, 3] for ImageNet models, [28, 28, 1] for lenet). */
  inputShape?: InputShape;
  /** Number of classes (units of the last layer). Default: 10 for the small models, 1000 for ImageNet models. */
  classes?: number;
  /** Multiplier on every convolution's channel count, to make a model smaller for CPU training. Default 1. */
  width?: number;
  /** Units of the hidden dense layers where a model has them (VGG/AlexNet 4096). Default: the model's own. */
  hidden?: number;
  /** Dropout rate where a model has dropout. Default: the model's own (0.5; GoogLeNet 0.4). */
  dropout?: number;
  /** Seed of the initial weights: the same seed builds the same weights. Default: unseeded. */
  seed?: number;
  /**
   * Momentum of the batch-norm running averages where a model's builder takes it (lenet-bn), in the Keras
   * convention: moving ← momentum·moving + (1 − momentum)·batch. Default: the model's own (lenet-bn 0.99).
   */
  batchNormMomentum?: number;
}

export interface ResolvedArgs {
  inputShape: InputShape;
  classes: number;
  width: number;
  hidden: number;
  dropout: number;
  batchNormMomentum: number;
}

export interface ModelDefaults {
  inputShape: InputShape;
  classes: number;
  width?: number;
  hidden?: number;
  dropout?: number;
  batchNormMomentum?: number;
}

const KNOWN_ARGS = ["inputShape", "classes", "width", "hidden", "dropout", "seed", "batchNormMomentum"];

export function resolveArgs(model: string, args: ModelArgs | undefined, defaults: ModelDefaults): ResolvedArgs {
  const owner = `model "${model}"`;
  if (args !== undefined && (typeof args !== "object" || args === null)) {
    throw new Error(`${owner}: args must be an object like { inputShape: [h, w, c], classes: n }, got ${show(args)}`);
  }
  const a = args ?? {};
  for (const key of Object.keys(a)) {
    if (!KNOWN_ARGS.includes(key)) throw new Error(`${owner}: unknown argument "${key}"; known: ${KNOWN_ARGS.join(", ")}`);
  }
  const inputShape = a.inputShape ?? defaults.inputShape;
  if (!Array.isArray(inputShape) || inputShape.length !== 3 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`${owner}: inputShape must be [height, width, channels] of positive integers, got ${show(inputShape)}`);
  }
  return {
    inputShape: [...inputShape] as InputShape,
    classes: positiveInt(owner, "classes", a.classes ?? defaults.classes),
    width: positiveNumber(owner, "width", a.width ?? defaults.width ?? 1),
    hidden: positiveInt(owner, "hidden", a.hidden ?? defaults.hidden ?? 4096),
    dropout: rate(owner, "dropout", a.dropout ?? defaults.dropout ?? 0.5),
    batchNormMomentum: rate(owner, "batchNormMomentum", a.batchNormMomentum ?? defaults.batchNormMomentum ?? 0.99),
  };
}

/** Channels scaled by the width multiplier, at least 1. */
export function scaled(channels: number, width: number): number {
  return Math.max(1, Math.round(channels * width));
}

/** Applies layers one after another, as a Sequential would, inside a functional graph. */
export function stack(x: tf.SymbolicTensor, layers: tf.layers.Layer[]): tf.SymbolicTensor {
  return layers.reduce((t, layer) => layer.apply(t) as tf.SymbolicTensor, x);
}

/**
 * The classifier AlexNet and VGG end with: flatten, two hidden dense layers (ReLU, dropout after each),
 * the logits. `names` are the three dense layers' (AlexNet fc6–fc8, VGG fc1–fc3); each dropout takes
 * its dense layer's number (fc6 → drop6).
 */
export function dropoutClassifier(a: ResolvedArgs, names: [string, string, string]): tf.layers.Layer[] {
  const [hidden1, hidden2, logits] = names;
  const dropout = (after: string) => tf.layers.dropout({ rate: a.dropout, name: after.replace(/^fc/, "drop") });
  return [
    tf.layers.flatten({ name: "flatten" }),
    dense({ units: a.hidden, activation: "relu", name: hidden1 }),
    dropout(hidden1),
    dense({ units: a.hidden, activation: "relu", name: hidden2 }),
    dropout(hidden2),
    dense({ units: a.classes, name: logits }),
  ];
}

export function input(shape: InputShape): tf.SymbolicTensor {
  return tf.input({ shape, name: "input" });
}
