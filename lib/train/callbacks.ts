/**
 * The callback interface of `train` — small on purpose, so the notebook
 * dashboard, a progress printer or a grader can plug in. The hooks follow the
 * tfjs/Keras order and arguments (`onEpochEnd(epoch, logs)`, …), so a
 * tf.Callback / tf.CustomCallback written for model.fit works unchanged.
 * Every hook is optional and may be async (training waits for it). To end
 * training after the current batch, call `control.stop()` (last argument of each
 * hook).
 */
import type { OptimizerName } from "./optimizers";
import type { OutputKind } from "./loss";
import { t } from "../i18n/t";

/** Handed to every hook. */
export interface TrainControl {
  /** End training after the current batch (the partial epoch is still reported). */
  stop(): void;
}

/** What `onTrainBegin` learns about the run. */
export type TrainBeginLogs = {
  epochs: number;
  batchSize: number;
  /** Batches in one epoch (⌈size / batchSize⌉). */
  batchesPerEpoch: number;
  /** Training examples per epoch. */
  size: number;
  optimizer: OptimizerName;
  output: OutputKind;
};

/** After each batch (the batch index is the hook's first argument). */
export type BatchLogs = {
  /** 0-based epoch. */
  epoch: number;
  batchesPerEpoch: number;
  /** Mean training loss of this batch (before the update). */
  loss: number;
  /** Training accuracy of this batch (before the update). */
  accuracy: number;
  /** Examples in this batch. */
  size: number;
  learningRate: number;
};

/** After each epoch (also after a partial epoch ended by stop()); the epoch is the hook's first argument too. */
export type EpochLogs = {
  /** 0-based epoch. */
  epoch: number;
  /** Mean training loss over the epoch's batches (weighted by batch size). */
  loss: number;
  /** Training accuracy over the epoch (dropout/augmentation on). */
  accuracy: number;
  /** Cross-entropy on validationData (when given and the epoch completed). */
  valLoss?: number;
  /** Accuracy on validationData (when given and the epoch completed). */
  valAccuracy?: number;
  learningRate: number;
  /** Training throughput (validation excluded). */
  imagesPerSecond: number;
  /** Wall-clock seconds of the epoch, validation included. */
  seconds: number;
  /** Examples trained on in this epoch. */
  images: number;
  /** False when stop() ended the epoch early. */
  complete: boolean;
};

/** Returned by `train`. */
export interface History {
  /** One entry per (possibly partial) epoch run. */
  epochs: EpochLogs[];
  /** Every batch's loss, in order: the curve to plot, and what seeded runs reproduce. */
  batchLosses: number[];
  /** True when stop(), the signal or an interrupt ended training early. */
  stopped: boolean;
  optimizer: OptimizerName;
  output: OutputKind;
  seed: number;
}

/** Hooks of `train`, in call order. */
export interface TrainCallbacks {
  onTrainBegin?(logs: TrainBeginLogs, control: TrainControl): void | Promise<void>;
  onEpochBegin?(epoch: number, logs: { learningRate: number }, control: TrainControl): void | Promise<void>;
  onBatchEnd?(batch: number, logs: BatchLogs, control: TrainControl): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: EpochLogs, control: TrainControl): void | Promise<void>;
  onTrainEnd?(history: History, control: TrainControl): void | Promise<void>;
}


/** A ready-made callback that prints one line per epoch in the current language (default: console.log). */
export function logEpochs(print: (line: string) => void = console.log): TrainCallbacks {
  const f = (x: number | undefined, digits = 4) => (x === undefined ? "–" : x.toFixed(digits));
  return {
    onEpochEnd(_epoch, l) {
      print(
        t("train.epoch", {
          epoch: l.epoch + 1,
          stopped: l.complete ? "" : ` ${t("train.stopped")}`,
          loss: f(l.loss),
          acc: f(l.accuracy),
          valLoss: f(l.valLoss),
          valAcc: f(l.valAccuracy),
          lr: l.learningRate.toPrecision(3),
          rate: Math.round(l.imagesPerSecond),
          seconds: l.seconds.toFixed(1),
        }),
      );
    },
  };
}
