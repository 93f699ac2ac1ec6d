/**
 * Nearest neighbours in feature space ("which training images does the network
 * think look like this one?").
 *   cosine:    similarity s = f·q / (‖f‖‖q‖), distance 1 − s
 *   euclidean: distance ‖f − q‖
 */
import * as tf from "@tensorflow/tfjs";

export type Metric = "cosine" | "euclidean";

/** Options of nearestNeighbours. */
export interface NeighbourArgs {
  /** Distance to rank by. Default "cosine". */
  metric?: Metric;
}

/** One neighbour: its row in `features` and its distance to the query (smaller is nearer). */
export interface Neighbour {
  index: number;
  distance: number;
}

/**
 * The k rows of `features` [N, D] nearest to `query` ([D] → one list, [Q, D] →
 * one list per query row), nearest first. Async: the ranking is read with `await`
 * (webgpu cannot read synchronously), so `const lists = await nearestNeighbours(…)`.
 */
export function nearestNeighbours(features: tf.Tensor2D, query: tf.Tensor1D, k: number, args?: NeighbourArgs): Promise<Neighbour[]>;
export function nearestNeighbours(features: tf.Tensor2D, query: tf.Tensor2D, k: number, args?: NeighbourArgs): Promise<Neighbour[][]>;
export async function nearestNeighbours(
  features: tf.Tensor2D,
  query: tf.Tensor1D | tf.Tensor2D,
  k: number,
  args: NeighbourArgs = {},
): Promise<Neighbour[] | Neighbour[][]> {
  if (!(features instanceof tf.Tensor) || features.rank !== 2) {
    throw new Error(`nearestNeighbours: features must be a Tensor2D [N, D], got ${features instanceof tf.Tensor ? `shape [${features.shape}]` : typeof features}`);
  }
  const [n, d] = features.shape;
  if (!(query instanceof tf.Tensor) || (query.rank !== 1 && query.rank !== 2) || query.shape[query.rank - 1] !== d) {
    throw new Error(`nearestNeighbours: query must be [${d}] or [Q, ${d}] to match features [${n}, ${d}], got ${query instanceof tf.Tensor ? `shape [${query.shape}]` : typeof query}`);
  }
  if (!(Number.isInteger(k) && k >= 1 && k <= n)) {
    throw new Error(`nearestNeighbours: k must be an integer in 1..${n} (the number of feature rows), got ${k}`);
  }
  const metric = args.metric ?? "cosine";
  if (metric !== "cosine" && metric !== "euclidean") {
    throw new Error(`nearestNeighbours: metric must be "cosine" or "euclidean", got ${JSON.stringify(metric)}`);
  }
  const top = tf.tidy(() => {
    const Q = (query.rank === 1 ? query.expandDims(0) : query) as tf.Tensor2D;
    let D: tf.Tensor2D;
    if (metric === "cosine") {
      const unit = (X: tf.Tensor2D) => X.div(X.norm("euclidean", 1, true).maximum(1e-12));
      D = tf.sub(1, tf.matMul(unit(Q), unit(features), false, true));
    } else {
      // ‖q − f‖² = ‖q‖² − 2 q·f + ‖f‖², clamped at 0 against rounding.
      const q2 = Q.square().sum(1, true);
      const f2 = features.square().sum(1).expandDims(0);
      D = q2.sub(tf.matMul(Q, features, false, true).mul(2)).add(f2).maximum(0).sqrt() as tf.Tensor2D;
    }
    const { values, indices } = tf.topk(tf.neg(D), k);
    return { indices, distances: tf.neg(values) };
  });
  const readTop = async (): Promise<[number[][], number[][]]> => [(await top.indices.array()) as number[][], (await top.distances.array()) as number[][]];
  const [indices, distances] = await readTop().finally(() => tf.dispose([top.indices, top.distances]));
  const lists = indices.map((row, qi) => row.map((index, j) => ({ index, distance: distances[qi][j] })));
  return query.rank === 1 ? lists[0] : lists;
}
