/**
 * The out-of-band channel from a training dashboard to whoever runs the notebook (`cnnlab run`'s
 * notebook process forwards it to the runner's live progress line). Nothing sent here reaches the
 * notebook's outputs. The sink lives on globalThis under a registered symbol, so the runner's
 * worker and the notebook's `import "cnnlab"` meet even when they load two copies of this module.
 */

/** Where a training run stands, as its dashboard last drew it. */
export interface TrainingProgress {
  /** The dashboard's heading, e.g. "Training". */
  title: string;
  /** 1-based epoch being trained. */
  epoch: number;
  /** Total epochs, when known. */
  epochs?: number;
  /** Batches done in this epoch. */
  batch: number;
  /** Batches per epoch, when known. */
  batchesPerEpoch?: number;
  /** Training throughput, when known. */
  imagesPerSecond?: number;
  /** Seconds left for this training run, when it can be estimated. */
  etaSeconds?: number;
  /** The training run has ended. */
  done: boolean;
}

export type ProgressSink = (progress: TrainingProgress) => void;

const SINK = Symbol.for("cnnlab.trainingProgressSink");
type Holder = { [SINK]?: ProgressSink | null };

/** Sets (or with null clears) the one sink that receives training progress in this process. */
export function setProgressSink(sink: ProgressSink | null): void {
  (globalThis as Holder)[SINK] = sink;
}

/** Sends `progress` to the sink, if one is set; a failing sink never disturbs training. */
export function reportProgress(progress: TrainingProgress): void {
  const sink = (globalThis as Holder)[SINK];
  if (typeof sink !== "function") return;
  try {
    sink(progress);
  } catch {
    // The progress line is a convenience: losing one update is better than failing a cell.
  }
}
