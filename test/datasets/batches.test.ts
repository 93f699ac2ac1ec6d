import * as tf from "@tensorflow/tfjs";
import { datasets } from "../../lib";

beforeAll(() => tf.setBackend("cpu"));

// 10 images of 2x2x1; every pixel of image k is k (so a batch's x reveals which images it holds), label k % 3.
const set = new datasets.ImageSet({
  pixels: Uint8Array.from({ length: 40 }, (_, p) => Math.floor(p / 4)),
  labels: Int32Array.from({ length: 10 }, (_, k) => k % 3),
  imageShape: [2, 2, 1],
  classNames: ["a", "b", "c"],
});

/** The image numbers in each batch, read back from x, plus y. */
function collect(args: datasets.BatchesArgs): { ids: number[][]; ys: number[][] } {
  const ids: number[][] = [];
  const ys: number[][] = [];
  for (const { x, y } of datasets.batches(set, args)) {
    const values = x.dataSync();
    const per = x.shape[1] * x.shape[2] * x.shape[3];
    ids.push(Array.from({ length: x.shape[0] }, (_, b) => Math.round(values[b * per] * 255)));
    ys.push(Array.from(y.dataSync()));
  }
  return { ids, ys };
}

describe("batches", () => {
  it.each<[string, datasets.BatchesArgs, number[]]>([
    ["10 images in 4s", { batchSize: 4 }, [4, 4, 2]],
    ["10 images in 4s, dropping the short last batch", { batchSize: 4, drop: true }, [4, 4]],
    ["10 images in 5s", { batchSize: 5 }, [5, 5]],
    ["10 images in 32s", { batchSize: 32 }, [10]],
  ])("splits %s", (_, args, sizes) => {
    const { ids } = collect(args);
    expect(ids.map((b) => b.length)).toEqual(sizes);
    expect(datasets.batches(set, args).numBatches).toBe(sizes.length);
  });

  it("visits every image once per epoch, with y matching x", () => {
    const { ids, ys } = collect({ batchSize: 3, seed: 7 });
    expect(ids.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ys.flat()).toEqual(ids.flat().map((k) => k % 3));
  });

  it("shuffles reproducibly: same seed same order, another seed another order, shuffle:false stored order", () => {
    const order = (args: datasets.BatchesArgs) => collect({ batchSize: 10, ...args }).ids[0];
    expect(order({ seed: 1 })).toEqual(order({ seed: 1 }));
    expect(order({ seed: 1 })).not.toEqual(order({ seed: 2 }));
    expect(order({ shuffle: false })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("pads with zeros (LeNet-1998: 28x28 + 2 on each side = 32x32)", () => {
    const digits = datasets.mnist({ trainLimit: 8 }).train;
    const { value, done } = datasets.batches(digits, { batchSize: 8, pad: 2, shuffle: false }).next();
    expect(done).toBe(false);
    const x = (value as datasets.Batch).x;
    expect(x.shape).toEqual([8, 32, 32, 1]);
    const X = x.arraySync();
    expect(X[3][0].every((p) => p[0] === 0)).toBe(true); // top border row
    expect(X[3][31].every((p) => p[0] === 0)).toBe(true); // bottom border row
    let maxError = 0;
    for (let i = 0; i < 28; i++) for (let j = 0; j < 28; j++) maxError = Math.max(maxError, Math.abs(X[3][i + 2][j + 2][0] - digits.pixels[3 * 784 + i * 28 + j] / 255));
    expect(maxError).toBeLessThan(1e-7); // float32 of byte/255
    tf.dispose(x);
  });

  it("resizes per batch (224x224 for AlexNet); a constant image stays constant", () => {
    const iterator = datasets.batches(set, { batchSize: 2, resize: [224, 224], shuffle: false });
    const x = (iterator.next().value as datasets.Batch).x;
    expect(x.shape).toEqual([2, 224, 224, 1]);
    const [lo, hi] = tf.tidy(() => {
      const image1 = x.slice([1, 0, 0, 0], [1, 224, 224, 1]);
      return [image1.min().dataSync()[0], image1.max().dataSync()[0]];
    });
    expect(lo).toBeCloseTo(1 / 255, 6); // image 1 is all ones (byte 1)
    expect(hi).toBeCloseTo(1 / 255, 6);
    iterator.return?.();
    expect(x.isDisposed).toBe(true);
  });

  it("disposes each batch when the next is requested and the last one when the loop ends or breaks", () => {
    const before = tf.memory().numTensors;
    const seen: tf.Tensor[] = [];
    for (const { x, y } of datasets.batches(set, { batchSize: 3 })) {
      expect(tf.memory().numTensors).toBe(before + 2); // only the current x and y are alive
      seen.push(x, y);
    }
    expect(seen.every((t) => t.isDisposed)).toBe(true);
    for (const _ of datasets.batches(set, { batchSize: 3, resize: [4, 4], pad: 1 })) break;
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each<[string, datasets.BatchesArgs, string]>([
    ["batchSize 0", { batchSize: 0 }, "batches: batchSize must be a positive integer, got 0"],
    ["batchSize 2.5", { batchSize: 2.5 }, "batches: batchSize must be a positive integer, got 2.5"],
    ["a negative pad", { pad: -1 }, "batches: pad must be a non-negative integer, got -1"],
    ["a one-number resize", { resize: [32] as unknown as [number, number] }, "batches: resize must be [height, width] of positive integers, got [32]"],
    ["a seed that is not finite", { seed: Infinity }, "batches: seed must be a finite number, got Infinity"],
  ])("rejects %s when called, before any iteration", (_, args, message) => {
    expect(() => datasets.batches(set, args)).toThrow(message);
  });

  it("rejects data that is not an ImageSet", () => {
    expect(() => datasets.batches({ images: [] } as unknown as datasets.ImageSet)).toThrow("batches: data must be an ImageSet (e.g. mnist().train), got object");
  });
});
