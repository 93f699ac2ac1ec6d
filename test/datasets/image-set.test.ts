import * as tf from "@tensorflow/tfjs";
import { datasets } from "../../lib";

beforeAll(() => tf.setBackend("cpu"));

// Three 2x2 gray images; pixel (i, j) of image k is 10*k + 2*i + j, labels 2, 0, 1.
const px = (k: number, i: number, j: number) => 10 * k + 2 * i + j;
const make = () =>
  new datasets.ImageSet({
    pixels: Uint8Array.from({ length: 12 }, (_, p) => px(Math.floor(p / 4), Math.floor((p % 4) / 2), p % 2)),
    labels: Int32Array.from([2, 0, 1]),
    imageShape: [2, 2, 1],
    classNames: ["a", "b", "c"],
    source: "tiny",
  });

describe("ImageSet", () => {
  it("images() gives the bytes / 255 as [n, H, W, C]", () => {
    const set = make();
    const X = set.images([2, 0]);
    expect(X.shape).toEqual([2, 2, 2, 1]);
    const values = X.arraySync();
    for (const [row, k] of [[0, 2], [1, 0]]) {
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(values[row][i][j][0]).toBeCloseTo(px(k, i, j) / 255, 7);
    }
    X.dispose();
  });

  it("images(indices, pad) surrounds each image with zeros", () => {
    const X = make().images([1], 1);
    expect(X.shape).toEqual([1, 4, 4, 1]);
    const v = X.arraySync()[0].map((row) => row.map((c) => Math.round(c[0] * 255)));
    expect(v).toEqual([
      [0, 0, 0, 0],
      [0, 10, 11, 0],
      [0, 12, 13, 0],
      [0, 0, 0, 0],
    ]);
    X.dispose();
  });

  it("labelTensor, take, subset and classCounts agree with the labels", () => {
    const set = make();
    const y = set.labelTensor([1, 2]);
    expect(y.dtype).toBe("int32");
    expect(Array.from(y.dataSync())).toEqual([0, 1]);
    y.dispose();
    const first = set.take(2);
    expect([first.size, Array.from(first.labels)]).toEqual([2, [2, 0]]);
    expect(first.pixels.buffer).toBe(set.pixels.buffer); // a view, not a copy
    const picked = set.subset([2, 2, 0]);
    expect(Array.from(picked.labels)).toEqual([1, 1, 2]);
    expect(Array.from(picked.pixels.subarray(0, 4))).toEqual([20, 21, 22, 23]);
    expect(set.classCounts()).toEqual([1, 1, 1]);
  });

  it("keeps tf.memory() stable: images() and labelTensor() make only what the caller disposes", () => {
    const set = make();
    const before = tf.memory().numTensors;
    tf.dispose([set.images(), set.labelTensor()]);
    expect(tf.memory().numTensors).toBe(before);
  });

  const base = { pixels: new Uint8Array(8), labels: Int32Array.from([0, 1]), imageShape: [2, 2, 1] as const, classNames: ["a", "b"], source: "case" };
  it.each<[string, Partial<datasets.ImageSetArgs>, string]>([
    ["image and label counts differ", { labels: Int32Array.from([0, 1, 1]) }, "case: image and label counts differ: 2 images of 2x2x1 but 3 labels"],
    ["a label out of range", { labels: Int32Array.from([0, 2]) }, "case: label 2 at index 1 is out of range, expected 0..1"],
    ["a negative label", { labels: Int32Array.from([-1, 0]) }, "case: label -1 at index 0 is out of range, expected 0..1"],
    ["float pixels", { pixels: new Float32Array(8) as unknown as Uint8Array }, "case: pixels must be a Uint8Array of raw 0..255 bytes, got Float32Array"],
    ["a 2-D image shape", { imageShape: [2, 4] as unknown as [number, number, number] }, "case: imageShape must be [H, W, C] of positive integers, got [2,4]"],
    ["no class names", { classNames: [] }, "case: classNames must be a non-empty array of names, got []"],
  ])("rejects %s", (_, change, message) => {
    expect(() => new datasets.ImageSet({ ...base, ...change })).toThrow(message);
  });

  it("prints as a one-line summary, not its bytes", () => {
    const line = "ImageSet(3 images of 2x2x1, 3 classes: a, b, c; from tiny)";
    expect(String(make())).toBe(line);
    expect(require("util").inspect({ set: make() })).toContain(line);
  });

  it("rejects an index out of range, naming the set", () => {
    expect(() => make().subset([3])).toThrow("tiny: index 3 is out of range, expected an integer in 0..2");
    expect(() => make().take(-1)).toThrow("tiny: take(n): n must be a non-negative integer, got -1");
  });
});
