/** Training: the loop, optimisers, schedules, initialisation, augmentation, data interfaces. */
export { train } from "./train";
export type { TrainArgs, TrainingRun } from "./train";
export type { TrainCallbacks, TrainControl, TrainBeginLogs, BatchLogs, EpochLogs, History } from "./callbacks";
export { logEpochs } from "./callbacks";
export { createOptimizer, OPTIMIZER_NAMES, DEFAULT_LEARNING_RATE } from "./optimizers";
export type { OptimizerName, OptimizerArgs, StepOptimizer } from "./optimizers";
export { learningRateAt } from "./schedule";
export type { Schedule, StepSchedule, CosineSchedule, ConstantSchedule } from "./schedule";
export { initialize, fans } from "./init";
export type { Init, InitName, NormalInit } from "./init";
export { augment } from "./augment";
export type { AugmentArgs } from "./augment";
export { crossEntropy, crossEntropyPerExample, detectOutput } from "./loss";
export type { LossFn, OutputKind } from "./loss";
export { toBatchSource, isBatchSource } from "./data";
export type { Batch, BatchOptions, BatchSource, TensorDataset, IndexedImages, Data } from "./data";
export { earlyStopping } from "./early-stopping";
export type { EarlyStopping, EarlyStoppingArgs } from "./early-stopping";
