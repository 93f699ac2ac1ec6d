/**
 * Sample photographs bundled with the package (datasets/images/, public domain / CC0; see the
 * LICENSE.md there), for the image-kernel notebook: blur, sharpen and edge filters on a cat.
 */
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { PNG } from "pngjs";
import { bundledDataDir } from "./paths";

/** Options of `image()`. */
export interface ImageArgs {
  /** Convert to one gray channel (luma, ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B). Default false (3 channels, RGB). */
  gray?: boolean;
  /**
   * Resize (bilinear): a number n makes the longer side n pixels and keeps the aspect ratio;
   * [h, w] sets both. Default: the file's own size.
   */
  size?: number | [number, number];
}

function imagesDir(): string {
  return path.join(bundledDataDir(), "images");
}

/** Names accepted by `image()`, e.g. ["astronaut", "camera", "chelsea", "coffee"]. */
export function imageNames(): string[] {
  return fs
    .readdirSync(imagesDir())
    .filter((f) => f.endsWith(".png"))
    .map((f) => f.slice(0, -4))
    .sort();
}

/**
 * A bundled photograph as a float32 tensor [H, W, C] in 0..1 (C = 3, or 1 with `gray`).
 * The caller disposes it.
 */
export function image(name: string, args: ImageArgs = {}): tf.Tensor3D {
  const names = imageNames();
  if (!names.includes(name)) {
    throw new Error(`image: unknown name ${JSON.stringify(name)}, expected one of ${names.map((n) => JSON.stringify(n)).join(", ")}`);
  }
  const size = targetSize(args.size);
  const file = path.join(imagesDir(), `${name}.png`);
  const png = PNG.sync.read(fs.readFileSync(file)); // always RGBA, 8 bits per channel
  const channels = args.gray ? 1 : 3;
  const pixels = new Float32Array(png.width * png.height * channels);
  for (let p = 0; p < png.width * png.height; p++) {
    const [r, g, b] = [png.data[4 * p], png.data[4 * p + 1], png.data[4 * p + 2]];
    if (args.gray) {
      pixels[p] = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    } else {
      pixels[3 * p] = r / 255;
      pixels[3 * p + 1] = g / 255;
      pixels[3 * p + 2] = b / 255;
    }
  }
  return tf.tidy(() => {
    const X = tf.tensor3d(pixels, [png.height, png.width, channels]);
    if (size === undefined) return X;
    const [h, w] = typeof size === "number" ? longerSideTo(size, png.height, png.width) : size;
    if (h === png.height && w === png.width) return X;
    // alignCorners keeps the corner pixels in place. Bilinear weights are convex, so the clip
    // only removes float rounding just above 1.
    return tf.clipByValue(tf.image.resizeBilinear(X, [h, w], true), 0, 1) as tf.Tensor3D;
  });
}

function targetSize(size: ImageArgs["size"]): number | [number, number] | undefined {
  if (size === undefined) return undefined;
  const ok = (n: unknown) => Number.isInteger(n) && (n as number) > 0;
  if (typeof size === "number" ? ok(size) : Array.isArray(size) && size.length === 2 && size.every(ok)) return size;
  throw new Error(`image: size must be a positive integer (longer side) or [height, width] of positive integers, got ${JSON.stringify(size)}`);
}

function longerSideTo(n: number, h: number, w: number): [number, number] {
  return h >= w ? [n, Math.max(1, Math.round((w * n) / h))] : [Math.max(1, Math.round((h * n) / w)), n];
}
