/** cnnlab's Adam update of one variable in one kernel (see optimizer-step-kernels.ts). */
import { KernelModule } from "../kernel-paths";
import { ADAM_STEP, adamStepLoop } from "../optimizer-step-kernels";

export const cnnlabAdamStep: KernelModule = {
  kernelName: ADAM_STEP,
  paths: [adamStepLoop],
};
