/** LeNet-5's trainable subsampling (before its squashing) in one kernel, with its gradient (see subsampling-kernel.ts). */
import { KernelModule } from "../kernel-paths";
import { SUBSAMPLING, SUBSAMPLING_GRADIENT, subsamplingLoop } from "../subsampling-kernel";

export const cnnlabSubsampling: KernelModule = {
  kernelName: SUBSAMPLING,
  paths: [subsamplingLoop],
  gradient: SUBSAMPLING_GRADIENT,
};
