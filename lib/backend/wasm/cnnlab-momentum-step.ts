/** cnnlab's momentum-SGD update of one variable in one kernel (see optimizer-step-kernels.ts). */
import { KernelModule } from "../kernel-paths";
import { MOMENTUM_STEP, momentumStepLoop } from "../optimizer-step-kernels";

export const cnnlabMomentumStep: KernelModule = {
  kernelName: MOMENTUM_STEP,
  paths: [momentumStepLoop],
};
