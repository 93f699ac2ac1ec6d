/**
 * GoogLeNet / Inception v1 (Szegedy et al. 2014, table 1) without the auxiliary
 * classifiers and without LRN (as d2l 8.4): a stem, nine Inception modules with
 * max-pools between the stages, global average pooling, dropout 0.4, one dense layer.
 */
import * as tf from "@tensorflow/tfjs";
import { conv2d, dense } from "../layers/factories";
import { InceptionArgs, inceptionModule } from "../layers/inception";
import { input, ModelArgs, resolveArgs, scaled, stack } from "./args";

type Row = [name: string, conv1: number, reduce3: number, conv3: number, reduce5: number, conv5: number, poolProj: number];

/** Table 1 of the paper; "pool" is a 3x3/2 max-pool. */
export const GOOGLENET_INCEPTIONS: readonly (Row | "pool")[] = [
  ["inception3a", 64, 96, 128, 16, 32, 32],
  ["inception3b", 128, 128, 192, 32, 96, 64],
  "pool",
  ["inception4a", 192, 96, 208, 16, 48, 64],
  ["inception4b", 160, 112, 224, 24, 64, 64],
  ["inception4c", 128, 128, 256, 24, 64, 64],
  ["inception4d", 112, 144, 288, 32, 64, 64],
  ["inception4e", 256, 160, 320, 32, 128, 128],
  "pool",
  ["inception5a", 256, 160, 320, 32, 128, 128],
  ["inception5b", 384, 192, 384, 48, 128, 128],
];

export function googlenet(args?: ModelArgs): tf.LayersModel {
  const a = resolveArgs("googlenet", args, { inputShape: [224, 224, 3], classes: 1000, dropout: 0.4 });
  const c = (n: number) => scaled(n, a.width);
  const pool = (name: string) => tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: "same", name });
  const x = input(a.inputShape);
  let y = stack(x, [
    conv2d({ filters: c(64), kernelSize: 7, strides: 2, padding: "same", activation: "relu", name: "conv1" }),
    pool("pool1"),
    conv2d({ filters: c(64), kernelSize: 1, activation: "relu", name: "conv2_reduce" }),
    conv2d({ filters: c(192), kernelSize: 3, padding: "same", activation: "relu", name: "conv2" }),
    pool("pool2"),
  ]);
  let pools = 2;
  for (const row of GOOGLENET_INCEPTIONS) {
    if (row === "pool") {
      pools += 1;
      y = pool(`pool${pools}`).apply(y) as tf.SymbolicTensor;
      continue;
    }
    const [name, ...filters] = row;
    const [conv1, reduce3, conv3, reduce5, conv5, poolProj] = filters.map(c);
    const moduleArgs: InceptionArgs = { name, conv1, reduce3, conv3, reduce5, conv5, poolProj };
    y = inceptionModule(y, moduleArgs);
  }
  y = stack(y, [
    tf.layers.globalAveragePooling2d({ name: "gap" }),
    tf.layers.dropout({ rate: a.dropout, name: "dropout" }),
    dense({ units: a.classes, name: "fc" }),
  ]);
  return tf.model({ inputs: x, outputs: y, name: "googlenet" });
}
