/** Identity: shares the data (tfjs copies it). */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { identitySharing } from "../wasm-faster-kernels";

export const identity: KernelModule = {
  kernelName: tf.Identity,
  paths: [identitySharing],
};
