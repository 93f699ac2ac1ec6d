/** cnnlab's fused batch norm in training (see batch-norm-kernels.ts), with its gradient. */
import { KernelModule } from "../kernel-paths";
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRADIENT, batchNormTrainingFused } from "../batch-norm-kernels";

export const cnnlabBatchNormTraining: KernelModule = {
  kernelName: BATCH_NORM_TRAINING,
  paths: [batchNormTrainingFused],
  gradient: BATCH_NORM_TRAINING_GRADIENT,
};
