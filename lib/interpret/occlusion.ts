/**
 * Occlusion (Zeiler & Fergus 2014): cover a square patch of the image, see how much the class score drops.
 * drop[r, c] = y_k(x) − y_k(x with the patch at row r·stride, column c·stride set to `fill`).
 * A large drop: the model needed what the patch covered.
 */
import * as tf from "@tensorflow/tfjs";
import { checkModel } from "../evaluate/predict";
import { asImageBatch, classIndices } from "./model-graph";
import { readData } from "../read";

/** Options of `occlusion`. */
export interface OcclusionArgs {
  /** Side of the square patch, pixels. Required. */
  patch: number;
  /** Pixels between neighbouring patch positions. Default: `patch` (patches side by side). */
  stride?: number;
  /** Class whose score drop is measured. Default: the predicted class. */
  classIndex?: number;
  /** Value the covered pixels take. Default 0. */
  fill?: number;
  /** Occluded copies per forward pass. Default 64. */
  batchSize?: number;
}

/**
 * The score drop for each patch position: [rows, cols], rows = ⌊(H − patch)/stride⌋ + 1 (likewise cols).
 * Async: the image and the scores are read with `await` (webgpu cannot read synchronously), so
 * `const drops = await occlusion(…)`.
 */
export async function occlusion(model: tf.LayersModel, x: tf.Tensor, args: OcclusionArgs): Promise<tf.Tensor2D> {
  checkModel(model, "occlusion");
  const { batch, batched } = asImageBatch(x, "occlusion");
  if (batched && batch.shape[0] !== 1) throw new Error(`occlusion: x must be one image [H, W, C] or [1, H, W, C], got shape [${batch.shape}]`);
  const [, H, W, C] = batch.shape;
  const patch = args?.patch;
  if (!(Number.isInteger(patch) && patch >= 1)) throw new Error(`occlusion: patch must be an integer ≥ 1, got ${JSON.stringify(patch)}`);
  if (patch > H || patch > W) throw new Error(`occlusion: patch ${patch} is larger than the image (${H}x${W})`);
  const stride = args.stride ?? patch;
  if (!(Number.isInteger(stride) && stride >= 1)) throw new Error(`occlusion: stride must be an integer ≥ 1, got ${JSON.stringify(stride)}`);
  const fill = args.fill ?? 0;
  if (typeof fill !== "number" || !Number.isFinite(fill)) throw new Error(`occlusion: fill must be a finite number, got ${JSON.stringify(fill)}`);
  const batchSize = args.batchSize ?? 64;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`occlusion: batchSize must be an integer ≥ 1, got ${JSON.stringify(batchSize)}`);
  const readInputs = async (): Promise<[number, number[]]> => {
    const [c] = await classIndices(model, batch, args.classIndex, "occlusion");
    return [c, await readData(batch)];
  };
  const [k, pixels] = await readInputs().finally(() => {
    if (batch !== x) batch.dispose();
  });
  const rows = Math.floor((H - patch) / stride) + 1;
  const cols = Math.floor((W - patch) / stride) + 1;
  // Class-k scores of `count` images laid out in `images` (the tensors live only until they are read).
  const score = (images: Float32Array, count: number): Promise<number[]> =>
    readData(() => (model.apply(tf.tensor4d(images, [count, H, W, C]), { training: false }) as tf.Tensor2D).slice([0, k], [-1, 1]));
  const base = (await score(Float32Array.from(pixels), 1))[0];
  const drops = new Float32Array(rows * cols);
  const plane = H * W * C;
  for (let start = 0; start < rows * cols; start += batchSize) {
    const count = Math.min(batchSize, rows * cols - start);
    const copies = new Float32Array(count * plane);
    for (let b = 0; b < count; b++) {
      const p = start + b;
      const top = Math.floor(p / cols) * stride;
      const left = (p % cols) * stride;
      const copy = copies.subarray(b * plane, (b + 1) * plane);
      copy.set(pixels);
      for (let i = top; i < top + patch; i++) copy.fill(fill, (i * W + left) * C, (i * W + left + patch) * C);
    }
    const scores = await score(copies, count);
    for (let b = 0; b < count; b++) drops[start + b] = base - scores[b];
  }
  return tf.tensor2d(drops, [rows, cols]);
}
