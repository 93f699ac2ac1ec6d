/**
 * What `train` and `evaluate` read: either tensors held in memory, or any source
 * that streams batches. Batches are cut one at a time (tf.gather of the batch's
 * indices), so the whole set is never copied, shuffled or resized at once.
 */
import * as tf from "@tensorflow/tfjs";
import { permutation } from "../random";

/** One mini-batch: images [B, H, W, C] and integer class labels [B]. */
export interface Batch {
  x: tf.Tensor4D;
  y: tf.Tensor1D;
}

/** Options a batch source receives for one pass over its data. */
export interface BatchOptions {
  /** Visit the examples in a seeded random order. */
  shuffle: boolean;
  /** Seed of the order; the trainer passes a different one each epoch. */
  seed: number;
}

/**
 * Anything that can stream labelled batches. The consumer owns each yielded batch
 * and disposes `x` and `y` after use, so a source must yield fresh tensors.
 */
export interface BatchSource {
  /** Number of examples in one pass. */
  size: number;
  batches(batchSize: number, options: BatchOptions): AsyncIterable<Batch> | Iterable<Batch>;
}

/** Images [N, H, W, C] and their integer labels (tensor or array), kept by the caller. */
export interface TensorDataset {
  images: tf.Tensor4D;
  labels: tf.Tensor1D | ArrayLike<number>;
}

/**
 * A set that makes float images on demand from indices, e.g. cnnlab's datasets
 * ImageSet (uint8 pixels kept, floats made per batch): `mnist().train` fits as is.
 */
export interface IndexedImages {
  size: number;
  labels: ArrayLike<number>;
  /** A new tensor [indices.length, H, W, C] of those images; the caller disposes it. */
  images(indices: ArrayLike<number>): tf.Tensor4D;
}

/** What `train` and `evaluate` accept. */
export type Data = TensorDataset | IndexedImages | BatchSource;

export function isBatchSource(data: unknown): data is BatchSource {
  return (
    typeof data === "object" && data !== null &&
    typeof (data as BatchSource).batches === "function" &&
    typeof (data as BatchSource).size === "number"
  );
}

const EXPECTED =
  "{ images: Tensor4D [N,H,W,C], labels }, an image set { size, labels, images(indices) } " +
  "or a batch source { size, batches(batchSize, { shuffle, seed }) }";

/** Checks `data` and returns it as a batch source; `argName` names it in errors. */
export function toBatchSource(data: Data, argName = "data"): BatchSource {
  if (isBatchSource(data)) return data;
  if (typeof data !== "object" || data === null || !("images" in data) || !("labels" in data)) {
    throw new Error(`${argName}: expected ${EXPECTED}, got ${describe(data)}`);
  }
  if (typeof data.images === "function") {
    const set = data as IndexedImages;
    if (!(Number.isInteger(set.size) && set.size >= 0)) {
      throw new Error(`${argName}.size: expected an integer ≥ 0 (the number of images), got ${set.size}`);
    }
    return indexedBatchSource(set.size, labelArray(set.labels, set.size, argName), (idx) => set.images(idx));
  }
  const { images } = data as TensorDataset;
  if (!(images instanceof tf.Tensor) || images.rank !== 4) {
    throw new Error(`${argName}.images: expected a Tensor4D [N, H, W, C], got ${describe(images)}`);
  }
  const labels = labelArray((data as TensorDataset).labels, images.shape[0], argName);
  return indexedBatchSource(images.shape[0], labels, (idx) => tf.tidy(() => tf.gather(images, tf.tensor1d(idx, "int32"))));
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (value instanceof tf.Tensor) return `a tensor of shape [${value.shape}]`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === "object") return `an object with keys [${Object.keys(value as object).join(", ")}]`;
  return `${typeof value} ${String(value)}`;
}

/** Integer labels, read once: arrays at once, a tensor with `await` on the first pass (webgpu cannot read synchronously). */
type LabelValues = Int32Array | (() => Promise<Int32Array>);

/** Checks the labels now (type, rank, count) and gives their values, a tensor's to be read later. */
function labelArray(labels: TensorDataset["labels"], n: number, argName: string): LabelValues {
  const count = (length: number) => {
    if (length !== n) throw new Error(`${argName}.labels: expected ${n} labels (one per image), got ${length}`);
  };
  if (labels instanceof tf.Tensor) {
    if (labels.rank !== 1) {
      throw new Error(`${argName}.labels: expected a 1-D tensor of class indices, got shape [${labels.shape}]`);
    }
    count(labels.shape[0]);
    let read: Promise<Int32Array> | undefined;
    return () => (read ??= labels.data().then((v) => Int32Array.from(v as ArrayLike<number>)));
  }
  if (labels !== null && typeof labels === "object" && typeof labels.length === "number") {
    const out = Int32Array.from(labels);
    count(out.length);
    return out;
  }
  throw new Error(`${argName}.labels: expected a Tensor1D, typed array or number[] of class indices, got ${describe(labels)}`);
}

/** Batches cut by index: a seeded permutation (or 0..n-1), `take` makes each batch's images. */
function indexedBatchSource(n: number, labelValues: LabelValues, take: (idx: Int32Array) => tf.Tensor4D): BatchSource {
  return {
    size: n,
    async *batches(batchSize: number, { shuffle, seed }: BatchOptions): AsyncIterable<Batch> {
      const labels = typeof labelValues === "function" ? await labelValues() : labelValues;
      const order = shuffle ? permutation(n, seed) : Int32Array.from({ length: n }, (_, i) => i);
      for (let start = 0; start < n; start += batchSize) {
        const idx = order.subarray(start, Math.min(start + batchSize, n));
        yield { x: take(idx), y: tf.tensor1d(idx.map((i) => labels[i]), "int32") };
      }
    },
  };
}

/** Resizes a batch to `size` = [height, width] (bilinear) when given; otherwise returns it as is. */
export function resizeBatch(x: tf.Tensor4D, size: [number, number] | undefined): tf.Tensor4D {
  if (!size || (x.shape[1] === size[0] && x.shape[2] === size[1])) return x;
  return tf.image.resizeBilinear(x, size);
}

export function validateResize(size: unknown, argName = "resize"): void {
  if (size === undefined) return;
  if (!(Array.isArray(size) && size.length === 2 && size.every((s) => Number.isInteger(s) && s >= 1))) {
    throw new Error(`${argName}: expected [height, width] with positive integers, got ${JSON.stringify(size)}`);
  }
}
