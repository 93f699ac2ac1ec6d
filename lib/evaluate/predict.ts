/**
 * Streams a data set through a model in inference mode (dropout off, batch norm
 * on running statistics), one batch at a time, and keeps only small per-example
 * numbers: label, predicted class, confidence, loss, top-5 hit.
 */
import * as tf from "@tensorflow/tfjs";
import { Data, resizeBatch, toBatchSource, validateResize } from "../train/data";
import { crossEntropyPerExample, detectOutput, OutputKind } from "../train/loss";

/** How to run the model over the data; each field lists its default. */
export interface PredictArgs {
  /** Examples per forward pass. Default 256. */
  batchSize?: number;
  /** What the model emits: "logits", "probabilities" (ends in softmax), or "auto" (look at the last layer). Default "auto". */
  output?: OutputKind | "auto";
  /** Resize each batch to [height, width] before the model (bilinear). Default: no resize. */
  resize?: [number, number];
}

/** Per-example results, index-aligned with the data set. */
export interface Predictions {
  /** True classes. */
  labels: Int32Array;
  /** Predicted classes (argmax). */
  predictions: Int32Array;
  /** Probability the model gave its prediction. */
  confidence: Float32Array;
  /** Cross-entropy of each example. */
  losses: Float32Array;
  /** 1 where the true class is among the 5 most probable classes (all classes if fewer than 5). */
  top5Hit: Uint8Array;
}

export function resolveOutput(model: tf.LayersModel, output: OutputKind | "auto" | undefined): OutputKind {
  const o = output ?? "auto";
  if (o === "auto") return detectOutput(model);
  if (o !== "logits" && o !== "probabilities") {
    throw new Error(`output: expected "logits", "probabilities" or "auto", got ${JSON.stringify(output)}`);
  }
  return o;
}

export function checkModel(model: unknown, fn: string): asserts model is tf.LayersModel {
  if (!(model instanceof tf.LayersModel)) {
    throw new Error(`${fn}: model must be a tf.LayersModel (e.g. from tf.sequential or buildModel), got ${model === null ? "null" : typeof model}`);
  }
}

export function checkBatchSize(batchSize: number, fn: string): void {
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new Error(`${fn}: batchSize must be an integer ≥ 1, got ${batchSize}`);
  }
}

export async function predictAll(model: tf.LayersModel, data: Data, args: PredictArgs = {}): Promise<Predictions> {
  checkModel(model, "evaluate");
  const batchSize = args.batchSize ?? 256;
  checkBatchSize(batchSize, "evaluate");
  validateResize(args.resize);
  const kind = resolveOutput(model, args.output);
  const source = toBatchSource(data);
  const n = source.size;
  const out: Predictions = {
    labels: new Int32Array(n),
    predictions: new Int32Array(n),
    confidence: new Float32Array(n),
    losses: new Float32Array(n),
    top5Hit: new Uint8Array(n),
  };
  let offset = 0;
  for await (const batch of source.batches(batchSize, { shuffle: false, seed: 0 })) {
    const b = batch.y.shape[0];
    try {
      if (offset + b > n) throw new Error(`evaluate: the data source yielded more than its size (${n}) examples`);
      const [pred, conf, loss, hit] = tf.tidy(() => {
        const x = resizeBatch(batch.x, args.resize);
        const outputs = model.apply(x, { training: false }) as tf.Tensor2D;
        const probs = kind === "logits" ? tf.softmax(outputs) : outputs;
        const top5 = tf.topk(probs, Math.min(5, probs.shape[1])).indices;
        const hits = tf.any(tf.equal(top5, batch.y.toInt().expandDims(1)), 1);
        return [tf.argMax(probs, 1), tf.max(probs, 1), crossEntropyPerExample(batch.y, outputs, kind), hits];
      });
      out.labels.set(await batch.y.data(), offset);
      out.predictions.set(await pred.data(), offset);
      out.confidence.set(await conf.data(), offset);
      out.losses.set(await loss.data(), offset);
      out.top5Hit.set(await hit.data(), offset);
      tf.dispose([pred, conf, loss, hit]);
    } finally {
      tf.dispose([batch.x, batch.y]);
    }
    offset += b;
  }
  if (offset !== n) throw new Error(`evaluate: the data source declared size ${n} but yielded ${offset} examples`);
  return out;
}
