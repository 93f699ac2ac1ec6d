/**
 * Geometric distortions of digit-like images, seeded: random affine maps (rotation, scaling,
 * shear, translation about the centre) and elastic deformations (Simard, Steinkraus and Platt
 * 2003: a random displacement field smoothed by a Gaussian of width σ and scaled by α).
 *
 * Both are inverse warps: every output pixel reads the input at a displaced point, with
 * bilinear interpolation and zero outside the image. The sampling points and weights are
 * computed in plain JavaScript (seeded, the same on every backend); the sampling itself is a
 * gather on the backend, so no image is read back from it (webgpu cannot read synchronously).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random";

/** A random affine distortion; every amount is the largest one, drawn uniformly per image. */
export interface AffineArgs {
  /** Rotation in degrees, uniform in [−rotate, rotate]. Default 0. */
  rotate?: number;
  /** Relative scaling: a factor uniform in [1 − scale, 1 + scale], separately in x and y (so it also squeezes). Default 0. */
  scale?: number;
  /** Horizontal shear in degrees, uniform in [−shear, shear]. Default 0. */
  shear?: number;
  /** Translation in pixels, uniform in [−translate, translate] in x and y. Default 0. */
  translate?: number;
}

/** An elastic deformation: per-pixel displacements U(−1, 1), smoothed by a Gaussian of width `sigma`, times `alpha`. */
export interface ElasticArgs {
  /** Scale α of the smoothed displacement field, in pixels (Simard et al. used 34 with σ = 4 on 29×29 digits). */
  alpha: number;
  /** Width σ of the Gaussian smoothing, in pixels; small σ gives random jitter, large σ almost a translation. */
  sigma: number;
}

const AFFINE_KEYS = ["rotate", "scale", "shear", "translate"] as const;

export function validateAffine(args: AffineArgs, name = "augment.affine"): void {
  if (typeof args !== "object" || args === null) {
    throw new Error(`${name}: expected an object such as { rotate: 10, scale: 0.1 }, got ${JSON.stringify(args)}`);
  }
  const unknown = Object.keys(args).filter((k) => !(AFFINE_KEYS as readonly string[]).includes(k));
  if (unknown.length) throw new Error(`${name}: unknown field(s) ${unknown.join(", ")}; expected some of ${AFFINE_KEYS.join(", ")}`);
  for (const k of AFFINE_KEYS) {
    const v = args[k];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new Error(`${name}.${k}: expected a number ≥ 0, got ${v}`);
  }
  if ((args.scale ?? 0) >= 1) throw new Error(`${name}.scale: expected a number in [0, 1), got ${args.scale}`);
}

export function validateElastic(args: ElasticArgs, name = "augment.elastic"): void {
  if (typeof args !== "object" || args === null) {
    throw new Error(`${name}: expected { alpha, sigma } such as { alpha: 8, sigma: 3 }, got ${JSON.stringify(args)}`);
  }
  if (!(Number.isFinite(args.alpha) && args.alpha >= 0)) throw new Error(`${name}.alpha: expected a number ≥ 0, got ${args.alpha}`);
  if (!(Number.isFinite(args.sigma) && args.sigma > 0)) throw new Error(`${name}.sigma: expected a number > 0, got ${args.sigma}`);
}

/**
 * Bilinear inverse warp of one image: out[i, j, c] = in(sy[i·w + j], sx[i·w + j], c), reading zero
 * outside the image. `src` and `out` hold one [h, w, c] image each.
 */
export function warpBilinear(src: Float32Array, h: number, w: number, c: number, sy: Float32Array, sx: Float32Array, out: Float32Array): void {
  const at = (y: number, x: number, ch: number) => (y < 0 || y >= h || x < 0 || x >= w ? 0 : src[(y * w + x) * c + ch]);
  for (let p = 0; p < h * w; p++) {
    const y = sy[p], x = sx[p];
    const y0 = Math.floor(y), x0 = Math.floor(x);
    const fy = y - y0, fx = x - x0;
    for (let ch = 0; ch < c; ch++) {
      out[p * c + ch] =
        (1 - fy) * ((1 - fx) * at(y0, x0, ch) + fx * at(y0, x0 + 1, ch)) + fy * ((1 - fx) * at(y0 + 1, x0, ch) + fx * at(y0 + 1, x0 + 1, ch));
    }
  }
}

/** Images warped per chunk: bounds the index and weight tensors (4 corners per output value) on large sets. */
const WARP_CHUNK = 256;

/**
 * Applies `fill(sy, sx)` (which fills the source coordinates of one image) to every image of the
 * batch: the bilinear sampling of warpBilinear as a gather of the four neighbours of each point,
 * weighted, with a zero pixel appended that every point outside the image reads.
 */
export function warpBatch(x: tf.Tensor4D, fill: (sy: Float32Array, sx: Float32Array) => void): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const sy = new Float32Array(h * w), sx = new Float32Array(h * w);
  const chunks: tf.Tensor4D[] = [];
  for (let first = 0; first < n; first += WARP_CHUNK) {
    const count = Math.min(WARP_CHUNK, n - first);
    const zero = count * h * w; // index of the appended zero pixel
    const index = new Int32Array(zero * 4), weight = new Float32Array(zero * 4);
    for (let i = 0; i < count; i++) {
      fill(sy, sx);
      for (let p = 0; p < h * w; p++) {
        const y = sy[p], xx = sx[p];
        const y0 = Math.floor(y), x0 = Math.floor(xx);
        const fy = y - y0, fx = xx - x0;
        const at = ((i * h * w) + p) * 4;
        // The four neighbours in the order (y0, x0), (y0, x0 + 1), (y0 + 1, x0), (y0 + 1, x0 + 1); no allocation per
        // pixel (this loop runs for every pixel of every augmented training image).
        for (let k = 0; k < 4; k++) {
          const dy = k >> 1, dx = k & 1;
          const cy = y0 + dy, cx = x0 + dx;
          const inside = cy >= 0 && cy < h && cx >= 0 && cx < w;
          index[at + k] = inside ? (i * h + cy) * w + cx : zero;
          weight[at + k] = inside ? (dy ? fy : 1 - fy) * (dx ? fx : 1 - fx) : 0;
        }
      }
    }
    chunks.push(
      tf.tidy(() => {
        const pixels = x.slice([first, 0, 0, 0], [count, h, w, c]).reshape([zero, c]);
        const padded = tf.concat([pixels, tf.zeros([1, c])], 0);
        const corners = tf.gather(padded, tf.tensor1d(index, "int32")).mul(tf.tensor2d(weight, [zero * 4, 1]));
        return corners.reshape([zero, 4, c]).sum(1).reshape([count, h, w, c]) as tf.Tensor4D;
      }),
    );
  }
  if (chunks.length === 1) return chunks[0];
  const out = tf.concat(chunks, 0);
  tf.dispose(chunks);
  return out;
}

const uniform = (r: Rng, max: number) => (2 * r.next() - 1) * max;

/**
 * Each image mapped by its own random affine map about the image centre. The output pixel p
 * reads the input at A(p − centre) + centre + t, A = rotation · shear · diag(1/sx, 1/sy).
 */
export function randomAffine(x: tf.Tensor4D, args: AffineArgs, r: Rng): tf.Tensor4D {
  validateAffine(args);
  const [, h, w] = x.shape;
  const cy = (h - 1) / 2, cx = (w - 1) / 2;
  const rad = Math.PI / 180;
  return warpBatch(x, (sy, sx) => {
    const theta = uniform(r, args.rotate ?? 0) * rad;
    const shear = Math.tan(uniform(r, args.shear ?? 0) * rad);
    const kx = 1 / (1 + uniform(r, args.scale ?? 0)), ky = 1 / (1 + uniform(r, args.scale ?? 0));
    const tx = uniform(r, args.translate ?? 0), ty = uniform(r, args.translate ?? 0);
    const cos = Math.cos(theta), sin = Math.sin(theta);
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        // Scale, then shear along x, then rotate; all about the centre.
        const u = (j - cx) * kx, v = (i - cy) * ky;
        const us = u + shear * v;
        sx[i * w + j] = cos * us - sin * v + cx - tx;
        sy[i * w + j] = sin * us + cos * v + cy - ty;
      }
    }
  });
}

/** A normalised 1D Gaussian kernel of width σ, radius ⌈3σ⌉. */
function gaussianKernel(sigma: number): Float32Array {
  const radius = Math.ceil(3 * sigma);
  const k = Float32Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const sum = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / sum);
}

/** Separable Gaussian smoothing of an h×w field, zero outside (as Simard et al.'s convolution). */
function smooth(field: Float32Array, h: number, w: number, k: Float32Array): Float32Array {
  const radius = (k.length - 1) / 2;
  const rows = new Float32Array(h * w), out = new Float32Array(h * w);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      let s = 0;
      for (let t = -radius; t <= radius; t++) if (j + t >= 0 && j + t < w) s += k[t + radius] * field[i * w + j + t];
      rows[i * w + j] = s;
    }
  }
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      let s = 0;
      for (let t = -radius; t <= radius; t++) if (i + t >= 0 && i + t < h) s += k[t + radius] * rows[(i + t) * w + j];
      out[i * w + j] = s;
    }
  }
  return out;
}

/** Each image deformed by its own smoothed random displacement field (Simard et al. 2003). */
export function elasticDistort(x: tf.Tensor4D, args: ElasticArgs, r: Rng): tf.Tensor4D {
  validateElastic(args);
  const [, h, w] = x.shape;
  const k = gaussianKernel(args.sigma);
  return warpBatch(x, (sy, sx) => {
    const dy = smooth(Float32Array.from({ length: h * w }, () => uniform(r, 1)), h, w, k);
    const dx = smooth(Float32Array.from({ length: h * w }, () => uniform(r, 1)), h, w, k);
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        sy[i * w + j] = i + args.alpha * dy[i * w + j];
        sx[i * w + j] = j + args.alpha * dx[i * w + j];
      }
    }
  });
}
