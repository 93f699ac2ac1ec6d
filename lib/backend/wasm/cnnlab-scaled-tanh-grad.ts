/** The scaled tanh's gradient from its output, in one kernel (see scaled-tanh-kernel.ts). */
import { KernelModule } from "../kernel-paths";
import { SCALED_TANH_GRAD, scaledTanhGradLoop } from "../scaled-tanh-kernel";

export const cnnlabScaledTanhGrad: KernelModule = {
  kernelName: SCALED_TANH_GRAD,
  paths: [scaledTanhGradLoop],
};
