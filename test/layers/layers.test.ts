/**
 * Each custom layer against an independent loop implementation that reads like the
 * formula (tolerance 1e-5 relative to O(1) values), plus hand-checked fixtures,
 * parameter counts, gradients and constructor errors.
 */
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { LocalResponseNormalization } from "../../lib/layers/lrn";
import { LENET5_C3_TABLE, PartialConv2D } from "../../lib/layers/partial-conv";
import { TrainableSubsampling } from "../../lib/layers/subsampling";
import { Maxout } from "../../lib/layers/maxout";
import { Squash } from "../../lib/layers/squash-layer";
import { maxAbsDiff, seededNormal, useBackend } from "../models/helpers";

const TOL = 1e-5;
beforeAll(useBackend);

/** Index helper for NHWC data. */
function at(x: Float32Array | Int32Array | Uint8Array, shape: number[], b: number, i: number, j: number, c: number): number {
  return x[((b * shape[1] + i) * shape[2] + j) * shape[3] + c];
}

/** Applies a layer to a concrete tensor inside a one-layer model (so it is built as in a network). */
function run(layer: tf.layers.Layer, X: tf.Tensor): tf.Tensor {
  return layer.apply(X) as tf.Tensor;
}

describe("LocalResponseNormalization", () => {
  /** b[x,y,i] = a[x,y,i] / (k + α Σ_{|j-i| ≤ r} a[x,y,j]²)^β, written as loops. */
  function lrnReference(X: tf.Tensor4D, r: number, k: number, alpha: number, beta: number): Float32Array {
    const x = X.dataSync() as Float32Array;
    const [B, H, W, C] = X.shape;
    const Y = new Float32Array(x.length);
    for (let b = 0; b < B; b++)
      for (let i = 0; i < H; i++)
        for (let j = 0; j < W; j++)
          for (let c = 0; c < C; c++) {
            let s = 0;
            for (let d = Math.max(0, c - r); d <= Math.min(C - 1, c + r); d++) s += at(x, X.shape, b, i, j, d) ** 2;
            Y[((b * H + i) * W + j) * C + c] = at(x, X.shape, b, i, j, c) / (k + alpha * s) ** beta;
          }
    return Y;
  }

  it.each([
    { case: "AlexNet defaults (r=2, k=2, α=1e-4, β=0.75)", args: {}, r: 2, k: 2, alpha: 1e-4, beta: 0.75 },
    { case: "strong normalisation (r=1, k=1, α=0.5, β=1)", args: { depthRadius: 1, bias: 1, alpha: 0.5, beta: 1 }, r: 1, k: 1, alpha: 0.5, beta: 1 },
  ])("matches the loop formula: $case", ({ args, r, k, alpha, beta }) => {
    const X = seededNormal([2, 3, 4, 7], 1).mul(3) as tf.Tensor4D;
    const Y = run(new LocalResponseNormalization(args), X);
    expect(maxAbsDiff(Y, lrnReference(X, r, k, alpha, beta))).toBeLessThan(TOL);
    tf.dispose([X, Y]);
  });

  it("hand-checked: one pixel, channels [1, 2], r=1, k=1, α=1, β=1 → [1/6, 2/6]", () => {
    const X = tf.tensor4d([1, 2], [1, 1, 1, 2]);
    const Y = run(new LocalResponseNormalization({ depthRadius: 1, bias: 1, alpha: 1, beta: 1 }), X);
    expect(maxAbsDiff(Y, [1 / 6, 2 / 6])).toBeLessThan(1e-6);
    tf.dispose([X, Y]);
  });
});

describe("PartialConv2D", () => {
  /** Y[b,i,j,o] = bias[o] + Σ_{c: table[c][o]} Σ_{di,dj} X[b,i+di,j+dj,c] K_c,o[di,dj]. */
  function partialReference(X: tf.Tensor4D, table: readonly (readonly number[])[], kernel: Float32Array, bias: Float32Array, k: number): Float32Array {
    const x = X.dataSync() as Float32Array;
    const [B, H, W] = X.shape;
    const cin = table.length;
    const cout = table[0].length;
    // Storage order of the connected kernels: input map-major, then output map.
    const slot: number[][] = table.map(() => new Array(cout).fill(-1));
    let n = 0;
    for (let c = 0; c < cin; c++) for (let o = 0; o < cout; o++) if (table[c][o]) slot[c][o] = n++;
    const Ho = H - k + 1;
    const Wo = W - k + 1;
    const Y = new Float32Array(B * Ho * Wo * cout);
    for (let b = 0; b < B; b++)
      for (let i = 0; i < Ho; i++)
        for (let j = 0; j < Wo; j++)
          for (let o = 0; o < cout; o++) {
            let s = bias[o];
            for (let c = 0; c < cin; c++) {
              if (slot[c][o] < 0) continue;
              for (let di = 0; di < k; di++)
                for (let dj = 0; dj < k; dj++) s += at(x, X.shape, b, i + di, j + dj, c) * kernel[(di * k + dj) * n + slot[c][o]];
            }
            Y[((b * Ho + i) * Wo + j) * cout + o] = s;
          }
    return Y;
  }

  it("LeNet-5 C3: 1,516 parameters (60 connected 5x5 kernels + 16 biases)", () => {
    const layer = new PartialConv2D({ table: LENET5_C3_TABLE });
    const X = tf.zeros([1, 14, 14, 6]);
    const Y = run(layer, X);
    expect(Y.shape).toEqual([1, 10, 10, 16]);
    expect(layer.connections).toHaveLength(60);
    expect(layer.countParams()).toBe(1516);
    tf.dispose([X, Y]);
    layer.dispose();
  });

  it("matches the loop formula on the C3 table with random weights and biases", () => {
    const layer = new PartialConv2D({ table: LENET5_C3_TABLE });
    const X = seededNormal([2, 9, 8, 6], 2) as tf.Tensor4D;
    layer.apply(X); // build
    const bias = seededNormal([16], 3);
    layer.setWeights([layer.getWeights()[0], bias]);
    const Y = run(layer, X);
    const [K, b] = layer.getWeights().map((w) => w.dataSync() as Float32Array);
    expect(maxAbsDiff(Y, partialReference(X, LENET5_C3_TABLE, K, b, 5))).toBeLessThan(1e-4);
    tf.dispose([X, Y, bias]);
    layer.dispose();
  });

  it("hand-checked: table [[1,0],[0,1]] with 1x1 kernels (3, 5) maps X=(1,2) to (3, 10)", () => {
    const layer = new PartialConv2D({ table: [[1, 0], [0, 1]], kernelSize: 1, useBias: false });
    const X = tf.tensor4d([1, 2], [1, 1, 1, 2]);
    layer.apply(X);
    layer.setWeights([tf.tensor3d([3, 5], [1, 1, 2])]);
    const Y = run(layer, X);
    expect(Array.from(Y.dataSync())).toEqual([3, 10]);
    tf.dispose([X, Y]);
    layer.dispose();
  });

  it("an output map does not depend on unconnected input maps (C3 map 0 ignores S2 maps 3, 4, 5)", () => {
    const layer = new PartialConv2D({ table: LENET5_C3_TABLE });
    const X = seededNormal([1, 5, 5, 6], 4);
    const mask = tf.tensor1d([1, 1, 1, 0, 0, 0]);
    const Y1 = run(layer, X);
    const Y2 = run(layer, X.mul(mask).add(seededNormal([1, 5, 5, 6], 5).mul(tf.sub(1, mask))));
    const map0 = (Y: tf.Tensor) => Y.slice([0, 0, 0, 0], [1, 1, 1, 1]);
    expect(maxAbsDiff(map0(Y1), map0(Y2))).toBeLessThan(TOL);
    expect(maxAbsDiff(Y1, Y2)).toBeGreaterThan(1e-3); // other maps do see maps 3-5
    tf.dispose([X, mask, Y1, Y2]);
    layer.dispose();
  });

  // The table as the Polish deck prints it ("Х" = connected), copied verbatim into the fixture.
  it("LENET5_C3_TABLE equals the S2-C3 table of the Polish lecture deck", () => {
    const lines = fs.readFileSync(path.join(__dirname, "..", "fixtures", "lenet5-s2-c3-table.txt"), "utf8").split("\n");
    const start = lines.findIndex((l) => l.includes("połaczenia S2-C3"));
    expect(start).toBeGreaterThanOrEqual(0);
    const rows = lines.slice(start).filter((l) => /^[0-5]\t/.test(l)).slice(0, 6);
    expect(rows).toHaveLength(6);
    const parsed = rows.map((l) => l.split("\t").slice(1, 17).map((cell) => (cell.trim() === "" ? 0 : 1)));
    expect(parsed).toEqual(LENET5_C3_TABLE);
  });
});

describe("TrainableSubsampling", () => {
  it("hand-checked: mean of [[1,2],[3,4]] = 2.5, × coefficient 2 + bias 1 = 6, linear", () => {
    const layer = new TrainableSubsampling({ activation: "linear" });
    const X = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    layer.apply(X);
    layer.setWeights([tf.tensor1d([2]), tf.tensor1d([1])]);
    const Y = run(layer, X);
    expect(Array.from(Y.dataSync())).toEqual([6]);
    expect(layer.countParams()).toBe(2);
    tf.dispose([X, Y]);
  });

  it("matches the loop formula with scaled tanh, per-map coefficients and biases; 12 params for 6 maps", () => {
    const layer = new TrainableSubsampling({});
    const X = seededNormal([2, 6, 4, 6], 6) as tf.Tensor4D;
    layer.apply(X);
    const w = seededNormal([6], 7);
    const bias = seededNormal([6], 8);
    layer.setWeights([w, bias]);
    const Y = run(layer, X);
    expect(Y.shape).toEqual([2, 3, 2, 6]);
    expect(layer.countParams()).toBe(12);
    const x = X.dataSync() as Float32Array;
    const [wd, bd] = [w.dataSync(), bias.dataSync()];
    const ref: number[] = [];
    for (let b = 0; b < 2; b++)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 2; j++)
          for (let c = 0; c < 6; c++) {
            let s = 0;
            for (let di = 0; di < 2; di++) for (let dj = 0; dj < 2; dj++) s += at(x, X.shape, b, 2 * i + di, 2 * j + dj, c);
            ref.push(1.7159 * Math.tanh((2 / 3) * (wd[c] * (s / 4) + bd[c])));
          }
    expect(maxAbsDiff(Y, ref)).toBeLessThan(TOL);
    tf.dispose([X, Y, w, bias]);
  });
});

describe("Maxout", () => {
  it("hand-checked: channels [1, 5, 3, 2] with 2 pieces → [5, 3]", () => {
    const X = tf.tensor4d([1, 5, 3, 2], [1, 1, 1, 4]);
    const Y = run(new Maxout({ pieces: 2 }), X);
    expect(Array.from(Y.dataSync())).toEqual([5, 3]);
    tf.dispose([X, Y]);
  });

  it("matches max over consecutive groups of 3 on a dense [batch, 12] input", () => {
    const X = seededNormal([4, 12], 9);
    const Y = run(new Maxout({ pieces: 3 }), X);
    const x = X.dataSync();
    const ref: number[] = [];
    for (let b = 0; b < 4; b++) for (let u = 0; u < 4; u++) ref.push(Math.max(x[b * 12 + 3 * u], x[b * 12 + 3 * u + 1], x[b * 12 + 3 * u + 2]));
    expect(Y.shape).toEqual([4, 4]);
    expect(maxAbsDiff(Y, ref)).toBe(0);
    tf.dispose([X, Y]);
  });
});

describe("Squash (scaled tanh)", () => {
  it("f(±1) = ±1.7159·tanh(2/3) ≈ ±1 and f(0) = 0, as LeCun 1998 chose A and S", () => {
    const X = tf.tensor1d([-1, 0, 1]);
    const Y = run(new Squash(), X);
    expect(maxAbsDiff(Y, [-1.7159 * Math.tanh(2 / 3), 0, 1.7159 * Math.tanh(2 / 3)])).toBeLessThan(1e-6);
    expect(Math.abs(Y.dataSync()[2] - 1)).toBeLessThan(1e-3);
    tf.dispose([X, Y]);
  });
});

describe("gradients of the custom layers reach their weights and inputs", () => {
  it.each([
    { case: "PartialConv2D", make: () => new PartialConv2D({ table: LENET5_C3_TABLE }), shape: [1, 6, 6, 6] },
    { case: "TrainableSubsampling", make: () => new TrainableSubsampling(), shape: [1, 4, 4, 3] },
    { case: "LocalResponseNormalization", make: () => new LocalResponseNormalization(), shape: [1, 2, 2, 5] },
    { case: "Maxout", make: () => new Maxout(), shape: [1, 2, 2, 4] },
  ])("$case: finite, non-zero gradient", ({ make, shape }) => {
    const layer = make();
    const X = seededNormal(shape, 10);
    layer.apply(X);
    const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const grads = weights.length ? tf.variableGrads(() => (layer.apply(X) as tf.Tensor).square().sum() as tf.Scalar, weights).grads : {};
    const dx = tf.grad((x: tf.Tensor) => (layer.apply(x) as tf.Tensor).square().sum())(X);
    for (const g of [...Object.values(grads), dx]) {
      const d = g.dataSync();
      expect(d.every(Number.isFinite)).toBe(true);
      expect(d.some((v) => v !== 0)).toBe(true);
    }
    tf.dispose([X, dx, ...Object.values(grads)]);
  });
});

describe("constructor errors name the argument and the value", () => {
  it.each([
    { case: "LRN depthRadius 0", make: () => new LocalResponseNormalization({ depthRadius: 0 }), msg: /depthRadius must be a positive integer, got 0/ },
    { case: "LRN bias -1", make: () => new LocalResponseNormalization({ bias: -1 }), msg: /bias must be a positive finite number, got -1/ },
    { case: "PartialConv2D ragged table", make: () => new PartialConv2D({ table: [[1, 0], [1]] }), msg: /table must be a non-empty \[inputChannels\]\[filters\] array.*got \[\[1,0\],\[1\]\]/ },
    { case: "PartialConv2D entry 2", make: () => new PartialConv2D({ table: [[2]] }), msg: /table entries must be 0\/1 or booleans, got 2/ },
    { case: "PartialConv2D unconnected column", make: () => new PartialConv2D({ table: [[1, 0]] }), msg: /table column 1 connects output map 1 to no input map/ },
    { case: "PartialConv2D kernelSize 2.5", make: () => new PartialConv2D({ table: [[1]], kernelSize: 2.5 }), msg: /kernelSize must be a positive integer, got 2.5/ },
    { case: "TrainableSubsampling activation", make: () => new TrainableSubsampling({ activation: "softmax" as never }), msg: /activation must be one of "linear", "tanh", "scaledTanh", "sigmoid", "relu", got "softmax"/ },
    { case: "Maxout pieces -2", make: () => new Maxout({ pieces: -2 }), msg: /pieces must be a positive integer, got -2/ },
  ])("$case", ({ make, msg }) => {
    expect(make).toThrow(msg);
  });

  it("PartialConv2D names the layer and the expected channels when the input has the wrong depth", () => {
    const layer = new PartialConv2D({ table: LENET5_C3_TABLE, name: "C3" });
    expect(() => layer.apply(tf.input({ shape: [14, 14, 4] }))).toThrow(/PartialConv2D "C3": input shape must be \[batch, h, w, 6\].*got \[,14,14,4\]/);
  });

  it("Maxout names the channels that do not divide into pieces", () => {
    expect(() => new Maxout({ pieces: 3, name: "mx" }).apply(tf.input({ shape: [4] }))).toThrow(/Maxout "mx": the last dimension \(4\).*multiple of pieces = 3/);
  });
});

describe("memory", () => {
  it("calling the custom layers leaves no tensors behind", () => {
    const layers = [new PartialConv2D({ table: LENET5_C3_TABLE }), new TrainableSubsampling(), new LocalResponseNormalization(), new Maxout(), new Squash()];
    const X = seededNormal([1, 8, 8, 6], 11);
    for (const l of layers) tf.dispose(l.apply(X) as tf.Tensor); // build once
    const before = tf.memory().numTensors;
    for (let rep = 0; rep < 3; rep++) for (const l of layers) tf.dispose(l.apply(X) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
    X.dispose();
  });
});
