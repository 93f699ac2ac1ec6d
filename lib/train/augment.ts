/**
 * Label-preserving data augmentation on a batch of images [N, H, W, C], seeded:
 * every random choice (offsets, flips, jitters, noise) comes from `seed`, so the
 * same seed gives the same augmented batch. Shapes are preserved.
 *
 * Order: geometry (crop/shift, affine, elastic, flip), then colour (brightness, contrast, RGB
 * jitter), then Gaussian noise, then optional clipping.
 */
import * as tf from "@tensorflow/tfjs";
import { rng, Rng } from "../random";
import { AffineArgs, ElasticArgs, elasticDistort, randomAffine, validateAffine, validateElastic } from "./distort";

/** Augmentations to apply; each is off unless given. */
export interface AugmentArgs {
  /** Random crop of the original size from the image zero-padded by this many pixels per side (the CIFAR recipe). Default off. */
  crop?: { padding: number };
  /** Random shift by up to this many pixels in each direction, zero fill (a crop without the padding vocabulary). Default off. */
  shift?: number;
  /** Random rotation, scaling, shear and translation per image (bilinear, zero fill), e.g. { rotate: 10, scale: 0.1 }. Default off. */
  affine?: AffineArgs;
  /** Elastic deformation per image (Simard et al. 2003), e.g. { alpha: 8, sigma: 3 }. Default off. */
  elastic?: ElasticArgs;
  /** Mirror left–right: true = with probability 0.5, or a probability in [0, 1]. Default off. */
  flip?: boolean | number;
  /** Add per-image brightness uniform in [−b, b]. Default off. */
  brightness?: number;
  /** Scale each channel around its mean by a factor uniform in [1 − c, 1 + c]. Default off. */
  contrast?: number;
  /** Add a per-image, per-channel offset from N(0, std²) (AlexNet-style colour jitter, without the PCA). Default off. */
  rgbJitter?: number;
  /** Add pixel-wise Gaussian noise N(0, std²). Default off. */
  noise?: number;
  /** Clip the result to [lo, hi], e.g. [0, 1]. Default: no clipping. */
  clip?: [number, number];
}

function checkAmount(name: string, value: number | undefined, integer = false): void {
  if (value === undefined) return;
  if (!(Number.isFinite(value) && value >= 0) || (integer && !Number.isInteger(value))) {
    throw new Error(`augment.${name}: expected ${integer ? "an integer" : "a number"} ≥ 0, got ${value}`);
  }
}

export function validateAugment(args: AugmentArgs): void {
  if (typeof args !== "object" || args === null) {
    throw new Error(`augment: expected an object such as { flip: true, crop: { padding: 4 } }, got ${JSON.stringify(args)}`);
  }
  checkAmount("crop.padding", args.crop?.padding, true);
  checkAmount("shift", args.shift, true);
  if (args.affine !== undefined) validateAffine(args.affine);
  if (args.elastic !== undefined) validateElastic(args.elastic);
  checkAmount("brightness", args.brightness);
  checkAmount("contrast", args.contrast);
  checkAmount("rgbJitter", args.rgbJitter);
  checkAmount("noise", args.noise);
  if (typeof args.flip === "number" && !(args.flip >= 0 && args.flip <= 1)) {
    throw new Error(`augment.flip: expected true/false or a probability in [0, 1], got ${args.flip}`);
  }
  if (args.clip !== undefined && !(Array.isArray(args.clip) && args.clip.length === 2 && args.clip[0] <= args.clip[1])) {
    throw new Error(`augment.clip: expected [lo, hi] with lo ≤ hi, got ${JSON.stringify(args.clip)}`);
  }
}

/**
 * Per-image random translation by up to `max` pixels, zero fill: each image is an exact
 * window of the zero-padded batch. (Not tf.image.cropAndResize: its "nearest" mode on the
 * wasm backend samples other pixels than on cpu, which silently corrupted the images.)
 */
export function randomShift(x: tf.Tensor4D, max: number, r: Rng): tf.Tensor4D {
  if (max === 0) return x.clone();
  const [n, h, w, c] = x.shape;
  return tf.tidy(() => {
    const padded = tf.pad(x, [[0, 0], [max, max], [max, max], [0, 0]]);
    const windows: tf.Tensor4D[] = [];
    for (let i = 0; i < n; i++) {
      const dy = r.int(2 * max + 1);
      const dx = r.int(2 * max + 1);
      windows.push(tf.slice(padded, [i, dy, dx, 0], [1, h, w, c]));
    }
    return tf.concat(windows, 0);
  });
}

/** Mirrors each image left–right with probability `p`. */
export function randomFlip(x: tf.Tensor4D, p: number, r: Rng): tf.Tensor4D {
  const n = x.shape[0];
  const mask = Float32Array.from({ length: n }, () => (r.next() < p ? 1 : 0));
  return tf.tidy(() => {
    const m = tf.tensor4d(mask, [n, 1, 1, 1]);
    // m·flip(x) + (1 − m)·x is exact for a 0/1 mask.
    return tf.add(tf.mul(m, tf.image.flipLeftRight(x)), tf.mul(tf.sub(1, m), x)) as tf.Tensor4D;
  });
}

/** Per-image (or per-image-per-channel) values drawn from `draw`, shaped to broadcast over [N, H, W, C]. */
function perImage(n: number, channels: number, draw: () => number): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from({ length: n * channels }, draw), [n, 1, 1, channels]);
}

/** Applies `args` to the batch `x`; returns a new tensor of the same shape (the caller disposes it). */
export function augment(x: tf.Tensor4D, args: AugmentArgs, seed: number): tf.Tensor4D {
  validateAugment(args);
  if (!(x instanceof tf.Tensor) || x.rank !== 4) {
    throw new Error(`augment: x must be a Tensor4D [N, H, W, C], got ${x instanceof tf.Tensor ? `shape [${x.shape}]` : typeof x}`);
  }
  const r = rng(seed);
  const [n, , , c] = x.shape;
  return tf.tidy(() => {
    let y: tf.Tensor4D = x;
    if (args.crop && args.crop.padding > 0) y = randomShift(y, args.crop.padding, r);
    if (args.shift) y = randomShift(y, args.shift, r);
    if (args.affine) y = randomAffine(y, args.affine, r);
    if (args.elastic) y = elasticDistort(y, args.elastic, r);
    if (args.flip) y = randomFlip(y, args.flip === true ? 0.5 : args.flip, r);
    if (args.brightness) {
      const b = args.brightness;
      y = y.add(perImage(n, 1, () => (2 * r.next() - 1) * b));
    }
    if (args.contrast) {
      const cAmt = args.contrast;
      const mean = y.mean([1, 2], true);
      y = y.sub(mean).mul(perImage(n, 1, () => 1 + (2 * r.next() - 1) * cAmt)).add(mean);
    }
    if (args.rgbJitter) {
      const s = args.rgbJitter;
      y = y.add(perImage(n, c, () => r.normal() * s));
    }
    if (args.noise) y = y.add(tf.randomNormal(y.shape, 0, args.noise, "float32", r.seed()));
    if (args.clip) y = tf.clipByValue(y, args.clip[0], args.clip[1]);
    return y === x ? x.clone() : y;
  });
}
