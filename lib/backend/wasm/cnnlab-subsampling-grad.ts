/** The trainable subsampling's three gradients in one kernel (see subsampling-kernel.ts). */
import { KernelModule } from "../kernel-paths";
import { SUBSAMPLING_GRAD, subsamplingGradLoop } from "../subsampling-kernel";

export const cnnlabSubsamplingGrad: KernelModule = {
  kernelName: SUBSAMPLING_GRAD,
  paths: [subsamplingGradLoop],
};
