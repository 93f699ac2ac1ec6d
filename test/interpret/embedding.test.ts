/**
 * embedding: PCA of points that lie exactly in a 2D plane of a 6D feature space keeps every pairwise
 * distance (the projection onto the plane is an isometry there; tolerance 1e-4 relative, float32
 * features); t-SNE of two far-apart clusters puts each point's nearest neighbour in its own cluster.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { embedding } from "../../lib/interpret";
import { rng } from "../../lib/random";

beforeAll(async () => {
  await initBackend({ force: "cpu", verbose: false });
});

/** Images [N, 1, 1, 6] whose pixels are the features; the model is flatten → dense (so "flatten" is the layer). */
function featureModel(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.flatten({ inputShape: [1, 1, 6], name: "features" }));
  m.add(tf.layers.dense({ units: 2 }));
  return m;
}

const dist = (a: number[], b: number[]): number => Math.hypot(...a.map((v, i) => v - b[i]));

describe("embedding", () => {
  it("PCA keeps pairwise distances of points on a plane", async () => {
    const r = rng(5);
    const u = [1, 2, 0, -1, 0.5, 0].map((v) => v / Math.hypot(1, 2, 0, -1, 0.5, 0));
    const vRaw = [0, 1, 1, 2, -1, 3];
    const dot = vRaw.reduce((s, x, i) => s + x * u[i], 0);
    const vOrth = vRaw.map((x, i) => x - dot * u[i]);
    const v = vOrth.map((x) => x / Math.hypot(...vOrth));
    const coords = Array.from({ length: 20 }, () => [3 * r.normal(), r.normal()]);
    const rows = coords.map(([a, b]) => u.map((ui, i) => 7 + a * ui + b * v[i]));
    const x = tf.tensor4d(rows.flat(), [20, 1, 1, 6]);
    const points = await embedding(featureModel(), x, { layer: "features" });
    expect(points.length).toBe(20);
    for (let i = 0; i < 20; i++) for (let j = i + 1; j < 20; j++) {
      expect(Math.abs(dist(points[i], points[j]) - dist(rows[i], rows[j]))).toBeLessThan(1e-4 * (1 + dist(rows[i], rows[j])));
    }
    x.dispose();
  });

  it("t-SNE keeps two separated clusters apart, and reproduces", async () => {
    const r = rng(6);
    const rows = Array.from({ length: 30 }, (_, i) => Array.from({ length: 6 }, () => (i < 15 ? 0 : 8) + r.normal()));
    const x = tf.tensor4d(rows.flat(), [30, 1, 1, 6]);
    const model = featureModel();
    const points = await embedding(model, x, { layer: "features", method: "tsne", perplexity: 5, iterations: 300 });
    points.forEach((p, i) => {
      let best = -1, bestD = Infinity;
      points.forEach((q, j) => { if (j !== i && dist(p, q) < bestD) { bestD = dist(p, q); best = j; } });
      expect(best < 15).toBe(i < 15);
    });
    expect(await embedding(model, x, { layer: "features", method: "tsne", perplexity: 5, iterations: 300 })).toEqual(points);
    await expect(embedding(model, x, { method: "umap" as never })).rejects.toThrow(/method must be "pca" or "tsne"/);
    await expect(embedding(model, x, { method: "tsne", perplexity: 50 })).rejects.toThrow(/perplexity must be a number in \(1, 9.67\] for 30 images, got 50/);
    await expect(embedding(model, x, { layer: "conv1" })).rejects.toThrow(/layer "conv1" is not a layer of this model; the layers are: features/);
    x.dispose();
  });

  it("defaults to the penultimate features", async () => {
    const x = tf.tensor4d(Array.from({ length: 5 * 6 }, (_, i) => Math.sin(i)), [5, 1, 1, 6]);
    const model = featureModel();
    expect(await embedding(model, x)).toEqual(await embedding(model, x, { layer: "features" }));
    x.dispose();
  });
});
