/**
 * A 2D picture of what a layer has learned: each image's features at `layer` (flattened) mapped to a point.
 *   "pca":  the projections on the two directions of largest variance (power iteration with deflation
 *           on the covariance, computed in float64);
 *   "tsne": t-SNE (van der Maaten & Hinton 2008), exact O(N²) gradient — fine for the few thousand
 *           points a notebook shows; perplexity-calibrated Gaussian affinities, Student-t in 2D, early
 *           exaggeration, momentum; started from the PCA points so it is deterministic.
 */
import * as tf from "@tensorflow/tfjs";
import { checkModel } from "../evaluate/predict";
import { layerByName, layerOutput } from "./model-graph";
import { ImageSource, readImages, sourceSize } from "./max-activating";
import { readData } from "../read";

/** Options of `embedding`. */
export interface EmbeddingArgs {
  /** Layer whose outputs are embedded. Default: the input of the last layer with weights (the penultimate features). */
  layer?: string;
  /** "pca" or "tsne". Default "pca". */
  method?: "pca" | "tsne";
  /** t-SNE perplexity (effective number of neighbours). Default 30 (at most (N − 1)/3). */
  perplexity?: number;
  /** t-SNE iterations. Default 500. */
  iterations?: number;
  /** Images per forward pass. Default 256. */
  batchSize?: number;
}

/** One [x, y] point per image, in the images' order. */
export type Points = [number, number][];

/** Features [N, D] of every image at the layer, float64. */
async function layerFeatures(model: tf.LayersModel, images: ImageSource, layer: tf.layers.Layer | null, batchSize: number): Promise<{ data: Float64Array; n: number; d: number }> {
  const n = sourceSize(images, "embedding");
  const rows: number[][] = [];
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    rows.push(await readData(() => {
      const x = readImages(images, start, count);
      const out = layer ? layerOutput(model, x, layer) : penultimate(model, x);
      return out.reshape([count, -1]);
    }));
  }
  const d = rows[0].length / Math.min(batchSize, n);
  const data = new Float64Array(n * d);
  let offset = 0;
  for (const r of rows) { data.set(r, offset); offset += r.length; }
  return { data, n, d };
}

function penultimate(model: tf.LayersModel, x: tf.Tensor): tf.Tensor {
  const classifier = [...model.layers].reverse().find((l) => l.countParams() > 0);
  if (!classifier || classifier === model.layers[0]) throw new Error("embedding: the model has no layer before its classifier; pass { layer }");
  return tf.model({ inputs: model.inputs, outputs: classifier.input as tf.SymbolicTensor }).apply(x, { training: false }) as tf.Tensor;
}

/** PCA to 2D: centre, then the top two eigenvectors of the covariance by power iteration. */
export function pca2(data: Float64Array, n: number, d: number): Points {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j] / n;
  const X = data.map((v, idx) => v - mean[idx % d]);
  // The covariance is never formed (d can be thousands for a conv layer): w = Xᵀ(X v) costs O(n·d).
  const times = (v: Float64Array): Float64Array => {
    const w = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const row = X.subarray(i * d, (i + 1) * d);
      let s = 0;
      for (let j = 0; j < d; j++) s += row[j] * v[j];
      if (s !== 0) for (let j = 0; j < d; j++) w[j] += s * row[j];
    }
    return w;
  };
  const components: Float64Array[] = [];
  for (let c = 0; c < 2; c++) {
    let v = Float64Array.from({ length: d }, (_, j) => 1 + ((j * 7919) % 13) / 13); // fixed start: deterministic
    for (let it = 0; it < 200; it++) {
      const w = times(v);
      for (const u of components) { const dot = w.reduce((s, x, j) => s + x * u[j], 0); for (let j = 0; j < d; j++) w[j] -= dot * u[j]; }
      const norm = Math.sqrt(w.reduce((s, x) => s + x * x, 0));
      if (norm === 0) break;
      const next = w.map((x) => x / norm);
      const change = next.reduce((s, x, j) => s + Math.abs(x - v[j]), 0);
      v = next;
      if (change < 1e-10 * d) break;
    }
    // a sign convention, so the picture does not flip between runs: the largest entry is positive
    const big = v.reduce((bi, x, j) => (Math.abs(x) > Math.abs(v[bi]) ? j : bi), 0);
    if (v[big] < 0) v = v.map((x) => -x);
    components.push(v);
  }
  const points: Points = [];
  for (let i = 0; i < n; i++) {
    const row = X.subarray(i * d, (i + 1) * d);
    points.push([row.reduce((s, x, j) => s + x * components[0][j], 0), row.reduce((s, x, j) => s + x * components[1][j], 0)]);
  }
  return points;
}

/** Affinities p_{j|i} with the Gaussian width found by bisection so that 2^H(P_i) = perplexity; then symmetrised. */
function affinities(D: Float64Array, n: number, perplexity: number): Float64Array {
  const P = new Float64Array(n * n);
  const target = Math.log(perplexity);
  for (let i = 0; i < n; i++) {
    let beta = 1, lo = 0, hi = Infinity;
    for (let it = 0; it < 60; it++) {
      let sum = 0, h = 0;
      for (let j = 0; j < n; j++) { if (j === i) continue; const p = Math.exp(-D[i * n + j] * beta); P[i * n + j] = p; sum += p; h += D[i * n + j] * p; }
      const entropy = Math.log(sum) + (beta * h) / sum;
      for (let j = 0; j < n; j++) P[i * n + j] /= sum;
      if (Math.abs(entropy - target) < 1e-5) break;
      if (entropy > target) { lo = beta; beta = hi === Infinity ? beta * 2 : (beta + hi) / 2; } else { hi = beta; beta = (beta + lo) / 2; }
    }
  }
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S[i * n + j] = Math.max((P[i * n + j] + P[j * n + i]) / (2 * n), 1e-12);
  return S;
}

export function tsne2(data: Float64Array, n: number, d: number, perplexity: number, iterations: number): Points {
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) { const t = data[i * d + k] - data[j * d + k]; s += t * t; }
    D[i * n + j] = D[j * n + i] = s;
  }
  const P = affinities(D, n, perplexity);
  const start = pca2(data, n, d);
  const scale = Math.sqrt(start.reduce((s, [x, y]) => s + x * x + y * y, 0) / n) || 1;
  const Y = Float64Array.from(start.flatMap(([x, y]) => [(1e-4 * x) / scale, (1e-4 * y) / scale]));
  const velocity = new Float64Array(2 * n), gains = new Float64Array(2 * n).fill(1);
  const num = new Float64Array(n * n), grad = new Float64Array(2 * n);
  const learningRate = Math.max(n / 12, 50);
  for (let it = 0; it < iterations; it++) {
    const exaggeration = it < 100 ? 12 : 1, momentum = it < 100 ? 0.5 : 0.8;
    let Z = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const dx = Y[2 * i] - Y[2 * j], dy = Y[2 * i + 1] - Y[2 * j + 1];
      const q = 1 / (1 + dx * dx + dy * dy);
      num[i * n + j] = num[j * n + i] = q;
      Z += 2 * q;
    }
    grad.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const q = num[i * n + j];
      const m = 4 * (exaggeration * P[i * n + j] - q / Z) * q;
      grad[2 * i] += m * (Y[2 * i] - Y[2 * j]);
      grad[2 * i + 1] += m * (Y[2 * i + 1] - Y[2 * j + 1]);
    }
    for (let k = 0; k < 2 * n; k++) {
      gains[k] = Math.sign(grad[k]) !== Math.sign(velocity[k]) ? gains[k] + 0.2 : Math.max(gains[k] * 0.8, 0.01);
      velocity[k] = momentum * velocity[k] - learningRate * gains[k] * grad[k];
      Y[k] += velocity[k];
    }
  }
  const points: Points = [];
  for (let i = 0; i < n; i++) points.push([Y[2 * i], Y[2 * i + 1]]);
  return points;
}

/**
 * One 2D point per image (PCA or t-SNE of its features at the layer). Async: the features are read with
 * `await` (webgpu cannot read synchronously), so `const points = await embedding(…)`.
 */
export async function embedding(model: tf.LayersModel, images: ImageSource, args: EmbeddingArgs = {}): Promise<Points> {
  checkModel(model, "embedding");
  const method = args.method ?? "pca";
  if (method !== "pca" && method !== "tsne") throw new Error(`embedding: method must be "pca" or "tsne", got ${JSON.stringify(method)}`);
  const batchSize = args.batchSize ?? 256;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`embedding: batchSize must be an integer ≥ 1, got ${JSON.stringify(batchSize)}`);
  const layer = args.layer === undefined ? null : layerByName(model, args.layer, "embedding");
  const n = sourceSize(images, "embedding");
  if (n < 3) throw new Error(`embedding: needs at least 3 images, got ${n}`);
  const { data, d } = await layerFeatures(model, images, layer, batchSize);
  if (method === "pca") return pca2(data, n, d);
  const iterations = args.iterations ?? 500;
  if (!(Number.isInteger(iterations) && iterations >= 1)) throw new Error(`embedding: iterations must be an integer ≥ 1, got ${JSON.stringify(iterations)}`);
  const perplexity = args.perplexity ?? Math.min(30, (n - 1) / 3);
  if (!(typeof perplexity === "number" && perplexity > 1 && perplexity <= (n - 1) / 3 + 1e-9)) {
    throw new Error(`embedding: perplexity must be a number in (1, ${((n - 1) / 3).toFixed(2)}] for ${n} images, got ${JSON.stringify(perplexity)}`);
  }
  return tsne2(data, n, d, perplexity, iterations);
}
