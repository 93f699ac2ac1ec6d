/** Cast: to the tensor's own dtype shares the data (tfjs copies it); other casts are tfjs's. */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { castSharing } from "../wasm-faster-kernels";

export const cast: KernelModule = {
  kernelName: tf.Cast,
  paths: [castSharing],
};
