/**
 * The input patches that excite one channel of a layer most (Zeiler & Fergus 2014, fig. 2): run the
 * images through the model, find the k largest activations of the channel over all images and
 * positions, and crop each one's receptive field from its image (zeros where the field reaches
 * into the padding).
 */
import * as tf from "@tensorflow/tfjs";
import { checkModel } from "../evaluate/predict";
import { layerByName, layerOutput } from "./model-graph";
import { receptiveBox } from "./receptive-box";
import { readData } from "../read";

/** Images as a batch tensor [N, H, W, C] or a data set with `size` and `images(indices)` (e.g. an ImageSet). */
export type ImageSource = tf.Tensor4D | { size: number; images(indices: ArrayLike<number>): tf.Tensor };

/** Options of `maxActivating`. */
export interface MaxActivatingArgs {
  /** Name of a layer with feature maps [N, h, w, channels]. Required. */
  layer: string;
  /** Channel of that layer. Required. */
  channel: number;
  /** How many patches. Default 9. */
  k?: number;
  /** Images per forward pass. Default 256. */
  batchSize?: number;
  /** At most one patch per image (its strongest unit), as Zeiler & Fergus show them. Default true. */
  distinctImages?: boolean;
}

/** One of the top activations. */
export interface ActivatingPatch {
  /** Index of the image in the source. */
  image: number;
  /** Position of the unit in the layer's map. */
  row: number;
  col: number;
  /** The activation. */
  value: number;
}

export interface MaxActivatingResult {
  /** The receptive-field crops, strongest first: [k, fieldHeight, fieldWidth, C]. */
  patches: tf.Tensor4D;
  /** Where each came from, strongest first. */
  top: ActivatingPatch[];
  /** Receptive-field size of the layer's units, input pixels. */
  field: { height: number; width: number };
}

/** Reads `count` images starting at `start` from the source as a float tensor [count, H, W, C]. */
export function readImages(source: ImageSource, start: number, count: number): tf.Tensor4D {
  if (source instanceof tf.Tensor) return tf.slice(source, start, count) as tf.Tensor4D;
  return source.images(Int32Array.from({ length: count }, (_, i) => start + i)) as tf.Tensor4D;
}

export function sourceSize(source: unknown, fn: string): number {
  if (source instanceof tf.Tensor && source.rank === 4) return source.shape[0];
  const s = source as { size?: unknown; images?: unknown };
  if (s && typeof s === "object" && typeof s.size === "number" && typeof s.images === "function") return s.size;
  throw new Error(`${fn}: images must be a batch tensor [N, H, W, C] or a data set with size and images(indices) (an ImageSet), got ${source instanceof tf.Tensor ? `a tensor of shape [${source.shape}]` : typeof source}`);
}

/**
 * The k strongest activations of one channel over the images, with their receptive-field crops. Async:
 * the activations are read with `await` (webgpu cannot read synchronously), so `await maxActivating(…)`.
 */
export async function maxActivating(model: tf.LayersModel, images: ImageSource, args: MaxActivatingArgs): Promise<MaxActivatingResult> {
  checkModel(model, "maxActivating");
  const n = sourceSize(images, "maxActivating");
  const layer = layerByName(model, args?.layer, "maxActivating");
  const shape = layer.outputShape as number[];
  if (!Array.isArray(shape) || shape.length !== 4) throw new Error(`maxActivating: layer ${JSON.stringify(args.layer)} has output shape [${shape}], not feature maps [N, h, w, channels]`);
  const channels = shape[3];
  if (!(Number.isInteger(args.channel) && args.channel >= 0 && args.channel < channels)) {
    throw new Error(`maxActivating: channel must be an integer in [0, ${channels - 1}] (layer ${JSON.stringify(args.layer)} has ${channels} channels), got ${JSON.stringify(args.channel)}`);
  }
  const k = args.k ?? 9;
  const distinct = args.distinctImages ?? true;
  const most = distinct ? n : n * shape[1] * shape[2];
  if (!(Number.isInteger(k) && k >= 1 && k <= most)) throw new Error(`maxActivating: k must be an integer from 1 to the number of ${distinct ? "images" : "units"} (${most}), got ${JSON.stringify(k)}`);
  const batchSize = args.batchSize ?? 256;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`maxActivating: batchSize must be an integer ≥ 1, got ${JSON.stringify(batchSize)}`);

  let top: ActivatingPatch[] = [];
  const [, h, w] = shape;
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const values = await readData(() => layerOutput(model, readImages(images, start, count), layer).slice([0, 0, 0, args.channel], [-1, -1, -1, 1]));
    const consider = (i: number): void => {
      const value = values[i];
      if (top.length === k && !(value > top[k - 1].value)) return;
      const image = start + Math.floor(i / (h * w));
      top.push({ image, row: Math.floor((i % (h * w)) / w), col: i % w, value });
      top.sort((a, b) => b.value - a.value);
      if (top.length > k) top = top.slice(0, k);
    };
    for (let b = 0; b < count; b++) {
      if (!distinct) {
        for (let i = b * h * w; i < (b + 1) * h * w; i++) consider(i);
        continue;
      }
      let best = b * h * w; // the image's strongest unit (the first, on ties)
      for (let i = best + 1; i < (b + 1) * h * w; i++) if (values[i] > values[best]) best = i;
      consider(best);
    }
  }

  const [rows, cols] = receptiveBox(model, layer);
  const patches = tf.tidy(() => {
    const crops = top.map((t) => {
      const x = readImages(images, t.image, 1);
      const [, H, W] = x.shape;
      const r0 = rows.first + t.row * rows.jump;
      const c0 = cols.first + t.col * cols.jump;
      // zero-pad enough on every side that the whole field can be sliced, then cut it out
      const padTop = Math.max(0, -r0), padLeft = Math.max(0, -c0);
      const padBottom = Math.max(0, r0 + rows.size - H), padRight = Math.max(0, c0 + cols.size - W);
      const padded = tf.pad(x, [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]]);
      return tf.slice(padded, [0, r0 + padTop, c0 + padLeft, 0], [1, rows.size, cols.size, -1]);
    });
    return tf.concat(crops, 0) as tf.Tensor4D;
  });
  return { patches, top, field: { height: rows.size, width: cols.size } };
}
