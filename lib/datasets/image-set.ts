/**
 * ImageSet: one split (train or test) of an image-classification data set, kept as raw bytes.
 *
 * Why bytes and not a float tensor: full MNIST is 47 MB as bytes but 188 MB as float32, and
 * CIFAR-10 is 150 MB vs 600 MB. Floats are made per batch (`images(indices)` or `batches()`).
 */
import * as tf from "@tensorflow/tfjs";
import { t } from "../i18n/t";

/** Constructor arguments of ImageSet. */
export interface ImageSetArgs {
  /** Raw pixels 0..255 in NHWC order (image, row, column, channel); length size*H*W*C. Required. */
  pixels: Uint8Array;
  /** Integer class labels, one per image, each in 0..classNames.length-1. Required. */
  labels: Int32Array | Uint8Array;
  /** [H, W, C] of one image. Required. */
  imageShape: readonly [number, number, number];
  /** Name of each class; its length is the number of classes. Required. */
  classNames: readonly string[];
  /**
   * Where the data came from, shown by toString() and in error messages: the data set's name and its
   * files relative to their package or folder (see `datasetSource`), never an absolute path. Default "ImageSet".
   */
  source?: string;
}

export class ImageSet {
  /** Raw pixels 0..255, NHWC; `pixels.length === size * H * W * C`. */
  readonly pixels: Uint8Array;
  /** Integer class labels, one per image. */
  readonly labels: Int32Array;
  /** Number of images. */
  readonly size: number;
  /** [H, W, C] of one image. */
  readonly imageShape: readonly [number, number, number];
  readonly classNames: readonly string[];
  readonly numClasses: number;
  /** Where the data came from: the data set's name and its files relative to their package or folder. */
  readonly source: string;

  constructor(args: ImageSetArgs) {
    const source = args.source ?? "ImageSet";
    const { pixels, imageShape, classNames } = args;
    if (!(pixels instanceof Uint8Array)) {
      throw new Error(`${source}: pixels must be a Uint8Array of raw 0..255 bytes, got ${describe(pixels)}`);
    }
    if (!Array.isArray(imageShape) || imageShape.length !== 3 || !imageShape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new Error(`${source}: imageShape must be [H, W, C] of positive integers, got ${JSON.stringify(imageShape)}`);
    }
    if (!Array.isArray(classNames) || classNames.length < 1) {
      throw new Error(`${source}: classNames must be a non-empty array of names, got ${JSON.stringify(classNames)}`);
    }
    const labels = args.labels instanceof Int32Array ? args.labels : Int32Array.from(args.labels ?? []);
    const perImage = imageShape[0] * imageShape[1] * imageShape[2];
    if (pixels.length !== labels.length * perImage) {
      throw new Error(
        `${source}: image and label counts differ: ${pixels.length / perImage} images of ` +
          `${imageShape.join("x")} but ${labels.length} labels`,
      );
    }
    for (let i = 0; i < labels.length; i++) {
      if (!(labels[i] >= 0 && labels[i] < classNames.length)) {
        throw new Error(`${source}: label ${labels[i]} at index ${i} is out of range, expected 0..${classNames.length - 1}`);
      }
    }
    this.pixels = pixels;
    this.labels = labels;
    this.size = labels.length;
    this.imageShape = [imageShape[0], imageShape[1], imageShape[2]];
    this.classNames = classNames;
    this.numClasses = classNames.length;
    this.source = source;
  }

  /**
   * Images as a float32 tensor [n, H+2*pad, W+2*pad, C] in 0..1: those at `indices`, or all of
   * them, with `pad` zero pixels on each side (default 0). The caller owns (and disposes) the
   * tensor. For training, prefer `batches()`.
   */
  images(indices?: ArrayLike<number>, pad = 0): tf.Tensor4D {
    const idx = indices ?? rangeOf(this.size);
    const [h, w, c] = this.imageShape;
    return tf.tensor4d(this.floatPixels(idx, pad), [idx.length, h + 2 * pad, w + 2 * pad, c], "float32");
  }

  /** Labels at `indices` (or all) as an int32 tensor [n]; the caller disposes it. */
  labelTensor(indices?: ArrayLike<number>): tf.Tensor1D {
    const idx = indices ?? rangeOf(this.size);
    const y = new Int32Array(idx.length);
    for (let k = 0; k < idx.length; k++) y[k] = this.labels[this.checkIndex(idx[k])];
    return tf.tensor1d(y, "int32");
  }

  /**
   * Pixels at `indices` scaled to 0..1, NHWC, with `pad` zero pixels around each image: one
   * pass over the bytes, no intermediate copy. (Padding here costs nothing; tf.pad on the cpu
   * backend costs 20x the conversion.)
   */
  floatPixels(indices: ArrayLike<number>, pad = 0): Float32Array {
    if (!Number.isInteger(pad) || pad < 0) throw new Error(`${this.source}: pad must be a non-negative integer, got ${pad}`);
    const [h, w, c] = this.imageShape;
    const [H, W] = [h + 2 * pad, w + 2 * pad];
    const out = new Float32Array(indices.length * H * W * c); // zeros: the padding
    for (let k = 0; k < indices.length; k++) {
      const from = this.checkIndex(indices[k]) * h * w * c;
      for (let i = 0; i < h; i++) {
        const src = from + i * w * c;
        const dst = ((k * H + i + pad) * W + pad) * c;
        for (let q = 0; q < w * c; q++) out[dst + q] = this.pixels[src + q] / 255;
      }
    }
    return out;
  }

  /** The first n images, sharing this set's memory (no copy). */
  take(n: number): ImageSet {
    if (!Number.isInteger(n) || n < 0) throw new Error(`${this.source}: take(n): n must be a non-negative integer, got ${n}`);
    const k = Math.min(n, this.size);
    const perImage = this.imageShape[0] * this.imageShape[1] * this.imageShape[2];
    return new ImageSet({
      pixels: this.pixels.subarray(0, k * perImage),
      labels: this.labels.subarray(0, k),
      imageShape: this.imageShape,
      classNames: this.classNames,
      source: this.source,
    });
  }

  /** A new set of the images at `indices`, in that order (copies those bytes). */
  subset(indices: ArrayLike<number>): ImageSet {
    const perImage = this.imageShape[0] * this.imageShape[1] * this.imageShape[2];
    const pixels = new Uint8Array(indices.length * perImage);
    const labels = new Int32Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      const i = this.checkIndex(indices[k]);
      pixels.set(this.pixels.subarray(i * perImage, (i + 1) * perImage), k * perImage);
      labels[k] = this.labels[i];
    }
    return new ImageSet({ pixels, labels, imageShape: this.imageShape, classNames: this.classNames, source: this.source });
  }

  /** How many images of each class: counts[c] for c in 0..numClasses-1. */
  classCounts(): number[] {
    const counts = new Array<number>(this.numClasses).fill(0);
    for (let i = 0; i < this.size; i++) counts[this.labels[i]]++;
    return counts;
  }

  /** A one-line summary in the current language (what notebooks and console.log show instead of megabytes of bytes). */
  toString(): string {
    const [h, w, c] = this.imageShape;
    return t("dataset.summary", {
      images: t("dataset.images", { count: this.size, shape: `${h}x${w}x${c}` }),
      classes: t("dataset.classes", { count: this.numClasses }),
      names: this.classNames.join(", "),
      source: this.source,
    });
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  private checkIndex(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) {
      throw new Error(`${this.source}: index ${i} is out of range, expected an integer in 0..${this.size - 1}`);
    }
    return i;
  }
}

/** A train/test pair, as every loader here returns. */
export interface Splits {
  train: ImageSet;
  test: ImageSet;
}

function rangeOf(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  const ctor = (v as object).constructor;
  return ctor ? ctor.name : typeof v;
}
