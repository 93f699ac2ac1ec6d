/**
 * Network in Network (Lin et al. 2013) as in d2l 8.3: NiN blocks (a k×k conv and two
 * 1x1 convs, all ReLU) with 3x3/2 max-pools, dropout, and a last block with `classes`
 * channels averaged by global average pooling instead of dense layers (its last 1x1
 * conv is linear: the model returns logits).
 */
import * as tf from "@tensorflow/tfjs";
import { conv2d } from "../layers/factories";
import { input, ModelArgs, resolveArgs, scaled, stack } from "./args";

/** k×k conv → 1x1 conv → 1x1 conv, ReLU after each (the last one optionally linear). */
function ninBlock(filters: number, kernelSize: number, strides: number, padding: "valid" | "same", name: string, lastActivation: "relu" | "linear" = "relu"): tf.layers.Layer[] {
  const conv = (k: number, s: number, p: "valid" | "same", part: string, activation: "relu" | "linear" = "relu") =>
    conv2d({ filters, kernelSize: k, strides: s, padding: p, activation, name: `${name}_${part}` });
  return [conv(kernelSize, strides, padding, "conv"), conv(1, 1, "valid", "mlp1"), conv(1, 1, "valid", "mlp2", lastActivation)];
}

export function nin(args?: ModelArgs): tf.LayersModel {
  const a = resolveArgs("nin", args, { inputShape: [224, 224, 3], classes: 1000 });
  const c = (n: number) => scaled(n, a.width);
  const pool = (name: string) => tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name });
  const x = input(a.inputShape);
  const y = stack(x, [
    ...ninBlock(c(96), 11, 4, "valid", "nin1"),
    pool("pool1"),
    ...ninBlock(c(256), 5, 1, "same", "nin2"),
    pool("pool2"),
    ...ninBlock(c(384), 3, 1, "same", "nin3"),
    pool("pool3"),
    tf.layers.dropout({ rate: a.dropout, name: "dropout" }),
    // The last block's channels are the class scores. d2l keeps a ReLU on them too, but
    // ReLU'd logits can all be 0 at initialisation (then no gradient flows): linear here.
    ...ninBlock(a.classes, 3, 1, "same", "nin4", "linear"),
    tf.layers.globalAveragePooling2d({ name: "gap" }),
  ]);
  return tf.model({ inputs: x, outputs: y, name: "nin" });
}
