/**
 * Early stopping for `train`: watch a validation figure after every epoch, stop when it has not
 * improved for `patience` epochs, and put back the weights of the best epoch. The choice of
 * "how long to train" is then made on the validation set, never on the test set.
 */
import * as tf from "@tensorflow/tfjs";
import { EpochLogs, TrainCallbacks, TrainControl } from "./callbacks";

/** Options of earlyStopping; each field lists its default. */
export interface EarlyStoppingArgs {
  /** Epochs without improvement before training stops. Default 2. */
  patience?: number;
  /** The figure watched: "valAccuracy" (higher is better) or "valLoss" (lower is better). Default "valAccuracy". */
  monitor?: "valAccuracy" | "valLoss";
  /** When training ends, set the model's weights to those of the best epoch. Default true. */
  restoreBest?: boolean;
}

/** The callback, which also tells which epoch was best. */
export interface EarlyStopping extends TrainCallbacks {
  /** The best epoch so far, counted from 1 (0 before the first epoch ends). */
  readonly bestEpoch: number;
  /** The watched figure at the best epoch (NaN before the first epoch ends). */
  readonly best: number;
}

export function earlyStopping(model: tf.LayersModel, args: EarlyStoppingArgs = {}): EarlyStopping {
  if (!(model instanceof tf.LayersModel)) throw new Error(`earlyStopping: model must be the tf.LayersModel being trained, got ${typeof model}`);
  const patience = args.patience ?? 2;
  if (!(Number.isInteger(patience) && patience >= 1)) throw new Error(`earlyStopping: patience must be an integer ≥ 1, got ${patience}`);
  const monitor = args.monitor ?? "valAccuracy";
  if (monitor !== "valAccuracy" && monitor !== "valLoss") throw new Error(`earlyStopping: monitor must be "valAccuracy" or "valLoss", got ${JSON.stringify(monitor)}`);
  const restoreBest = args.restoreBest ?? true;
  const better = (a: number, b: number) => (monitor === "valAccuracy" ? a > b : a < b);
  let bestEpoch = 0, best = NaN;
  let snapshot: tf.Tensor[] = [];
  return {
    get bestEpoch() { return bestEpoch; },
    get best() { return best; },
    onTrainBegin() {
      tf.dispose(snapshot);
      snapshot = [];
      bestEpoch = 0;
      best = NaN;
    },
    onEpochEnd(epoch: number, logs: EpochLogs, control: TrainControl) {
      const value = logs[monitor];
      if (value === undefined) throw new Error(`earlyStopping: it watches ${monitor}, but train() has no validationData to compute it`);
      if (bestEpoch === 0 || better(value, best)) {
        bestEpoch = epoch + 1;
        best = value;
        if (restoreBest) {
          tf.dispose(snapshot);
          snapshot = model.getWeights().map((w) => w.clone());
        }
      } else if (epoch + 1 - bestEpoch >= patience) {
        control.stop();
      }
    },
    onTrainEnd() {
      if (restoreBest && snapshot.length > 0) model.setWeights(snapshot);
      tf.dispose(snapshot);
      snapshot = [];
    },
  };
}
