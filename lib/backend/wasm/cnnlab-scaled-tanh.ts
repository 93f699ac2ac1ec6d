/** LeNet-5's scaled tanh in one kernel, with its gradient (see scaled-tanh-kernel.ts). */
import { KernelModule } from "../kernel-paths";
import { SCALED_TANH, SCALED_TANH_GRADIENT, scaledTanhLoop } from "../scaled-tanh-kernel";

export const cnnlabScaledTanh: KernelModule = {
  kernelName: SCALED_TANH,
  paths: [scaledTanhLoop],
  gradient: SCALED_TANH_GRADIENT,
};
