/**
 * Mini-batches for training: a seeded shuffle of an ImageSet, converted to float tensors one
 * batch at a time (never a float or resized copy of the whole set).
 *
 * Ownership: the iterator owns each batch's `x` and `y`. They stay valid until the next batch
 * is requested, then they are disposed; ending the loop (also by `break` or an exception)
 * disposes the last one. To keep a batch, `tf.keep` or `clone()` it.
 */
import * as tf from "@tensorflow/tfjs";
import { permutation } from "../random";
import { ImageSet } from "./image-set";
import { checkSeed } from "./sample";

/** Options of `batches()`. */
export interface BatchesArgs {
  /** Images per batch. Default 32. */
  batchSize?: number;
  /** Visit the images in a seeded random order (else in stored order). Default true. */
  shuffle?: boolean;
  /** Seed of the shuffle; use a different seed per epoch (e.g. seed + epoch). Default 0. */
  seed?: number;
  /** Zero pixels added on each side before any resize: MNIST 28x28 with pad 2 is the 32x32 input of LeNet-5 (1998). Default 0. */
  pad?: number;
  /** Resize each batch to [height, width] (bilinear), e.g. [224, 224] for AlexNet. Default: no resize. */
  resize?: [number, number];
  /** Drop the last batch if it has fewer than batchSize images. Default false. */
  drop?: boolean;
}

/** One mini-batch. */
export interface Batch {
  /** Images [n, H, W, C], float32 in 0..1 (after pad/resize). */
  x: tf.Tensor4D;
  /** Integer class labels [n], int32. */
  y: tf.Tensor1D;
  /** 0-based number of this batch in the epoch. */
  index: number;
}

/** One epoch of mini-batches over `data`; see the file comment for who disposes the tensors. */
export function batches(data: ImageSet, args: BatchesArgs = {}): IterableIterator<Batch> & { numBatches: number } {
  if (!(data instanceof ImageSet)) {
    throw new Error(`batches: data must be an ImageSet (e.g. mnist().train), got ${data === null ? "null" : typeof data}`);
  }
  const batchSize = args.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batches: batchSize must be a positive integer, got ${batchSize}`);
  const seed = checkSeed(args.seed, "batches: seed");
  const pad = args.pad ?? 0;
  if (!Number.isInteger(pad) || pad < 0) throw new Error(`batches: pad must be a non-negative integer, got ${pad}`);
  const resize = args.resize;
  if (resize !== undefined && !(Array.isArray(resize) && resize.length === 2 && resize.every((d) => Number.isInteger(d) && d > 0))) {
    throw new Error(`batches: resize must be [height, width] of positive integers, got ${JSON.stringify(resize)}`);
  }
  const order = args.shuffle === false ? Int32Array.from({ length: data.size }, (_, i) => i) : permutation(data.size, seed);
  const numBatches = args.drop ? Math.floor(data.size / batchSize) : Math.ceil(data.size / batchSize);
  const iterator = epoch(data, order, batchSize, numBatches, pad, resize);
  return Object.assign(iterator, { numBatches });
}

function* epoch(
  data: ImageSet,
  order: Int32Array,
  batchSize: number,
  numBatches: number,
  pad: number,
  resize: [number, number] | undefined,
): IterableIterator<Batch> {
  let current: Batch | undefined;
  try {
    for (let index = 0; index < numBatches; index++) {
      if (current) tf.dispose([current.x, current.y]);
      current = undefined;
      const indices = order.subarray(index * batchSize, Math.min((index + 1) * batchSize, data.size));
      current = { x: toInput(data, indices, pad, resize), y: data.labelTensor(indices), index };
      yield current;
    }
  } finally {
    if (current) tf.dispose([current.x, current.y]);
  }
}

function toInput(data: ImageSet, indices: Int32Array, pad: number, resize: [number, number] | undefined): tf.Tensor4D {
  return tf.tidy(() => {
    let X = data.images(indices, pad);
    if (resize) X = tf.image.resizeBilinear(X, resize, true);
    return X;
  });
}
