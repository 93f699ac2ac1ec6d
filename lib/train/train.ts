/**
 * A custom training loop (rather than model.fit) so that weight decay follows
 * the lecture's formula, augmentation and shuffling are seeded, the learning
 * rate follows a schedule, and a notebook interrupt stops training cleanly.
 *
 * Per batch: x, y stream from the data set → optional resize → augmentation →
 * forward pass with training=true (dropout, batch-norm statistics) → loss →
 * gradients (tf.variableGrads) → optimiser step. Every per-batch tensor is
 * disposed: numTensors after three epochs equals that after one.
 */
import * as tf from "@tensorflow/tfjs";
import { rng, Rng } from "../random";
import { evaluate } from "../evaluate/evaluate";
import { checkBatchSize, checkModel, resolveOutput } from "../evaluate/predict";
import { augment, AugmentArgs, validateAugment } from "./augment";
import { BatchLogs, EpochLogs, History, TrainBeginLogs, TrainCallbacks, TrainControl } from "./callbacks";
import { BatchSource, Data, resizeBatch, toBatchSource, validateResize } from "./data";
import { initialize, Init } from "./init";
import { crossEntropy, LossFn, OutputKind } from "./loss";
import { createOptimizer, OptimizerName, StepOptimizer } from "./optimizers";
import { learningRateAt, Schedule, validateSchedule } from "./schedule";

/** Options of `train`; each field lists its default. */
export interface TrainArgs {
  /** Passes over the training data. Default 1. */
  epochs?: number;
  /** Examples per gradient step. Default 32. */
  batchSize?: number;
  /** "sgd", "momentum" (SGD + momentum 0.9 + weight decay 0.0005, lecture 08) or "adam". Default "adam". */
  optimizer?: OptimizerName;
  /** Base learning rate ε. Default: sgd 0.1, momentum 0.01, adam 0.001. */
  learningRate?: number;
  /** Momentum α for "momentum". Default 0.9. */
  momentum?: number;
  /** Weight decay β. Default 0.0005 for "momentum", 0 otherwise. */
  weightDecay?: number;
  /** Learning-rate schedule, applied per epoch. Default { type: "constant" }. */
  schedule?: Schedule;
  /** Re-initialise kernels and biases (seeded) before training. Default: keep the model's weights. */
  init?: Init;
  /** Seed of initialisation, shuffling, augmentation and dropout masks. Default 0. */
  seed?: number;
  /** Shuffle the training examples each epoch. Default true. */
  shuffle?: boolean;
  /** Augment each training batch (seeded). Default: none. */
  augment?: AugmentArgs;
  /** Resize every batch (training and validation) to [height, width]. Default: no resize. */
  resize?: [number, number];
  /** Evaluated after each epoch (valLoss, valAccuracy). Default: none. */
  validationData?: Data;
  /** Batch size of the validation pass. Default 256. */
  validationBatchSize?: number;
  /** What the model emits: "logits", "probabilities" (model ends in softmax) or "auto" (inspect the last layer). Default "auto". */
  output?: OutputKind | "auto";
  /** Training loss (labels [B], outputs [B, classes]) → scalar. Default: cross-entropy matching `output`. */
  loss?: LossFn;
  /**
   * Hooks for dashboards and loggers; one or a list. A tf.Callback (e.g. a dashboard written for
   * model.fit) also gets setModel/setParams first, as model.fit would call. Default: none.
   */
  callbacks?: TrainCallbacks | TrainCallbacks[];
  /** Abort to stop training after the current batch. Default: none. */
  signal?: AbortSignal;
  /** Stop after the current batch on SIGINT when something (e.g. the tslab kernel) already handles SIGINT. Default true. */
  stopOnInterrupt?: boolean;
}

/** A running training: await it for the History, or call stop() to end it after the current batch. */
export type TrainingRun = Promise<History> & { stop(): void };

// A Record over keyof TrainArgs: the compiler keeps this list and the interface in step.
const OPTION_NAMES: Record<keyof TrainArgs, true> = {
  epochs: true, batchSize: true, optimizer: true, learningRate: true, momentum: true, weightDecay: true,
  schedule: true, init: true, seed: true, shuffle: true, augment: true, resize: true, validationData: true,
  validationBatchSize: true, output: true, loss: true, callbacks: true, signal: true, stopOnInterrupt: true,
};
const OPTIONS = new Set(Object.keys(OPTION_NAMES));

function validateArgs(args: TrainArgs): void {
  if (typeof args !== "object" || args === null) throw new Error(`train: options must be an object, got ${String(args)}`);
  const unknown = Object.keys(args).filter((k) => !OPTIONS.has(k));
  if (unknown.length) {
    throw new Error(`train: unknown option(s) ${unknown.join(", ")}; expected some of ${[...OPTIONS].join(", ")}`);
  }
  if (args.epochs !== undefined && !(Number.isInteger(args.epochs) && args.epochs >= 0)) {
    throw new Error(`train: epochs must be an integer ≥ 0, got ${args.epochs}`);
  }
  checkBatchSize(args.batchSize ?? 32, "train");
  checkBatchSize(args.validationBatchSize ?? 256, "train (validationBatchSize)");
  if (args.seed !== undefined && !Number.isFinite(args.seed)) throw new Error(`train: seed must be a finite number, got ${args.seed}`);
  if (args.schedule) validateSchedule(args.schedule);
  if (args.augment) validateAugment(args.augment);
  validateResize(args.resize, "train: resize");
  if (args.loss !== undefined && typeof args.loss !== "function") {
    throw new Error(`train: loss must be a function (labels, outputs) => scalar, got ${typeof args.loss}`);
  }
}

/** Dropout layers, including those inside nested models. */
function dropoutLayers(layers: tf.layers.Layer[]): tf.layers.Layer[] {
  return layers.flatMap((l) =>
    l instanceof tf.LayersModel ? dropoutLayers(l.layers) : l.getClassName() === "Dropout" ? [l] : [],
  );
}

function checkInputShape(model: tf.LayersModel, x: tf.Tensor4D): void {
  const expected = model.inputs[0].shape;
  const ok = expected.length === 4 && expected.slice(1).every((d, i) => d === null || d === x.shape[i + 1]);
  if (!ok) {
    throw new Error(
      `train: batch images have shape [${x.shape}] but the model expects [${expected.map((d) => d ?? "N")}]; ` +
        `pass resize: [height, width] or build the model for this input shape`,
    );
  }
}

function checkLabels(labels: Int32Array | Float32Array | Uint8Array, classes: number): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (!(Number.isInteger(v) && v >= 0 && v < classes)) {
      throw new Error(`train: label ${v} in the data is not a class index 0..${classes - 1} of the model's ${classes} outputs`);
    }
  }
}

const nextTurn = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * Trains `model` in place on `data` and resolves to the History. The returned
 * promise also has stop(), which ends training after the current batch.
 */
export function train(model: tf.LayersModel, data: Data, args: TrainArgs = {}): TrainingRun {
  let stopRequested = false;
  const stop = () => {
    stopRequested = true;
  };
  const run = runTraining(model, data, args, () => stopRequested, stop) as TrainingRun;
  run.stop = stop;
  return run;
}

/** tf.Callback instances expect setModel/setParams before the first hook, as model.fit does. */
function prepareTfCallbacks(callbacks: TrainCallbacks[], model: tf.LayersModel, info: TrainBeginLogs): void {
  for (const cb of callbacks) {
    if (cb instanceof tf.Callback) {
      cb.setModel(model);
      cb.setParams({ epochs: info.epochs, batchSize: info.batchSize, samples: info.size, steps: info.batchesPerEpoch });
    }
  }
}

/** Everything one run needs, fixed before the first batch. */
interface RunContext {
  model: tf.LayersModel;
  args: TrainArgs;
  source: BatchSource;
  batchSize: number;
  batchesPerEpoch: number;
  classes: number;
  output: OutputKind;
  lossFn: LossFn;
  optimizer: StepOptimizer;
  variables: tf.Variable[];
  /** Dropout layers; their `seed` decides the mask, so we set a seeded one per batch. */
  dropouts: Array<{ seed?: number }>;
  /** The run's random stream: shuffling, augmentation and dropout seeds, in a fixed order. */
  r: Rng;
  callbacks: TrainCallbacks[];
  control: TrainControl;
  stopped: () => boolean;
  history: History;
}

async function runTraining(
  model: tf.LayersModel,
  data: Data,
  args: TrainArgs,
  stopped: () => boolean,
  stop: () => void,
): Promise<History> {
  checkModel(model, "train");
  validateArgs(args);
  const source = toBatchSource(data, "train: data");
  if (args.validationData) toBatchSource(args.validationData, "train: validationData");
  const outShape = model.outputs[0].shape;
  const classes = outShape[outShape.length - 1];
  if (outShape.length !== 2 || classes === null) {
    throw new Error(`train: the model must output [batch, classes] scores, but its output shape is [${outShape}]`);
  }
  if (model.trainableWeights.length === 0) {
    throw new Error(`train: the model has no trainable weights (layers: ${model.layers.map((l) => `${l.name}${l.trainable ? "" : " (frozen)"}`).join(", ")})`);
  }
  const epochs = args.epochs ?? 1;
  const batchSize = args.batchSize ?? 32;
  const seed = args.seed ?? 0;
  const schedule = args.schedule ?? { type: "constant" };
  const output = resolveOutput(model, args.output);
  const optimizer = createOptimizer(args.optimizer ?? "adam", args);
  const baseRate = optimizer.learningRate;
  const r = rng(seed);
  if (args.init) initialize(model, args.init, r.seed());
  const dropouts = dropoutLayers(model.layers) as unknown as Array<{ seed?: number }>;
  const dropoutSeeds = dropouts.map((d) => d.seed);
  const callbacks = args.callbacks === undefined ? [] : Array.isArray(args.callbacks) ? args.callbacks : [args.callbacks];
  const ctx: RunContext = {
    model, args, source, batchSize, classes, output, optimizer, dropouts, r, callbacks, stopped,
    batchesPerEpoch: Math.ceil(source.size / batchSize),
    lossFn: args.loss ?? crossEntropy(output),
    variables: model.trainableWeights.map((w) => w.read() as tf.Variable),
    control: { stop },
    history: { epochs: [], batchLosses: [], stopped: false, optimizer: optimizer.name, output, seed },
  };

  const onSigint = () => stop();
  // Only where something already handles SIGINT (tslab interrupts the cell's promise but not our loop):
  // adding the first listener would stop a plain node script from exiting on Ctrl-C.
  const listenSigint = (args.stopOnInterrupt ?? true) && typeof process !== "undefined" && process.listenerCount("SIGINT") > 0;
  if (listenSigint) process.on("SIGINT", onSigint);
  args.signal?.addEventListener("abort", onSigint);
  if (args.signal?.aborted) stop();

  try {
    const info: TrainBeginLogs = { epochs, batchSize, batchesPerEpoch: ctx.batchesPerEpoch, size: source.size, optimizer: optimizer.name, output };
    prepareTfCallbacks(callbacks, model, info);
    for (const cb of callbacks) await cb.onTrainBegin?.(info, ctx.control);
    for (let epoch = 0; epoch < epochs && !ctx.stopped(); epoch++) {
      optimizer.learningRate = learningRateAt(schedule, baseRate, epoch, epochs);
      for (const cb of callbacks) await cb.onEpochBegin?.(epoch, { learningRate: optimizer.learningRate }, ctx.control);
      const logs = await runEpoch(ctx, epoch);
      ctx.history.epochs.push(logs);
      for (const cb of callbacks) await cb.onEpochEnd?.(epoch, logs, ctx.control);
    }
    ctx.history.stopped = ctx.stopped();
    for (const cb of callbacks) await cb.onTrainEnd?.(ctx.history, ctx.control);
    return ctx.history;
  } finally {
    optimizer.dispose();
    dropouts.forEach((d, i) => (d.seed = dropoutSeeds[i]));
    if (listenSigint) process.off("SIGINT", onSigint);
    args.signal?.removeEventListener("abort", onSigint);
  }
}

/** One pass over the data (or until stopped), then validation; returns the epoch's logs. */
async function runEpoch(ctx: RunContext, epoch: number): Promise<EpochLogs> {
  const { args, history, optimizer } = ctx;
  const epochStart = Date.now();
  let trainMs = 0;
  let lossSum = 0;
  let correct = 0;
  let images = 0;
  let batch = 0;
  let complete = true;
  const shuffleSeed = ctx.r.seed();
  let tick = Date.now(); // throughput counts fetching and training a batch, not callbacks
  for await (const { x, y } of ctx.source.batches(ctx.batchSize, { shuffle: args.shuffle ?? true, seed: shuffleSeed })) {
    const size = x.shape[0];
    let step: { loss: number; hits: number };
    try {
      checkLabels(await y.data(), ctx.classes);
      step = await trainStep(ctx, x, y, epoch === 0 && batch === 0);
    } finally {
      x.dispose();
      y.dispose();
    }
    trainMs += Date.now() - tick;
    history.batchLosses.push(step.loss);
    lossSum += step.loss * size;
    correct += step.hits;
    images += size;
    const logs: BatchLogs = {
      epoch, batchesPerEpoch: ctx.batchesPerEpoch, loss: step.loss, accuracy: step.hits / size, size,
      learningRate: optimizer.learningRate,
    };
    for (const cb of ctx.callbacks) await cb.onBatchEnd?.(batch, logs, ctx.control);
    batch++;
    await nextTurn(); // lets an interrupt, abort or dashboard event run between batches
    if (ctx.stopped()) {
      complete = batch === ctx.batchesPerEpoch;
      break;
    }
    tick = Date.now();
  }
  const logs: EpochLogs = {
    epoch,
    loss: images ? lossSum / images : NaN,
    accuracy: images ? correct / images : NaN,
    learningRate: optimizer.learningRate,
    imagesPerSecond: trainMs > 0 ? (images * 1000) / trainMs : NaN,
    seconds: 0,
    images,
    complete,
  };
  if (args.validationData && complete) {
    const v = await evaluate(ctx.model, args.validationData, { batchSize: args.validationBatchSize, output: ctx.output, resize: args.resize });
    logs.valLoss = v.loss;
    logs.valAccuracy = v.accuracy;
  }
  logs.seconds = (Date.now() - epochStart) / 1000;
  return logs;
}

/** One gradient step on a batch; returns the batch's loss and correct count (both before the update). */
async function trainStep(ctx: RunContext, x: tf.Tensor4D, y: tf.Tensor1D, firstBatch: boolean): Promise<{ loss: number; hits: number }> {
  const { model, args, variables, optimizer, lossFn } = ctx;
  const augmentSeed = ctx.r.seed();
  for (const d of ctx.dropouts) d.seed = ctx.r.seed();
  const [lossT, hitsT] = tf.tidy(() => {
    let xb = resizeBatch(x, args.resize);
    if (firstBatch) checkInputShape(model, xb);
    if (args.augment) xb = augment(xb, args.augment, augmentSeed);
    let outputs: tf.Tensor2D | undefined;
    const { value, grads } = tf.variableGrads(() => {
      // tf.keep: survive variableGrads' inner tidy for the accuracy below; disposed by hand after.
      outputs = tf.keep(model.apply(xb, { training: true }) as tf.Tensor2D);
      return lossFn(y, outputs);
    }, variables);
    // A variable the loss does not reach (e.g. an unused branch) gets no gradient: leave it unchanged.
    const reached = variables.filter((v) => grads[v.name] !== undefined);
    optimizer.step(reached, reached.map((v) => grads[v.name]));
    const hits = tf.sum(tf.equal(tf.argMax(outputs!, 1), y.toInt())) as tf.Scalar;
    outputs!.dispose();
    return [value, hits];
  });
  const loss = (await lossT.data())[0];
  const hits = (await hitsT.data())[0];
  tf.dispose([lossT, hitsT]);
  return { loss, hits };
}
