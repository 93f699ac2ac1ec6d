/** The fused batch norm's gradient kernel. */
import { KernelModule } from "../kernel-paths";
import { BATCH_NORM_TRAINING_GRAD, batchNormTrainingGradFused } from "../batch-norm-kernels";

export const cnnlabBatchNormTrainingGrad: KernelModule = {
  kernelName: BATCH_NORM_TRAINING_GRAD,
  paths: [batchNormTrainingGradFused],
};
