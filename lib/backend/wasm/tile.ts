/** Tile: block copies (tfjs computes every index with divisions). */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { tileBlockCopies } from "../wasm-faster-tile";

export const tile: KernelModule = {
  kernelName: tf.Tile,
  paths: [tileBlockCopies],
};
