/**
 * maxActivating and receptiveBox on models whose answers are known: a 3x3 all-ones convolution's
 * strongest unit sits on the brightest 3x3 window, whose crop must come back; the receptive fields of
 * stacked layers agree with lib/arith's receptiveField (size and jump), and 'same' padding shifts the
 * first pixel by the padding tfjs puts before the image.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { maxActivating, receptiveBox } from "../../lib/interpret";
import { receptiveField } from "../../lib/arith";

beforeAll(async () => {
  await initBackend({ force: "cpu", verbose: false });
});

function onesConv(padding: "valid" | "same"): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [9, 9, 1], filters: 2, kernelSize: 3, padding, name: "conv", useBias: false }));
  tf.tidy(() => {
    const k = new Float32Array(9 * 2);
    for (let p = 0; p < 9; p++) { k[p * 2] = 1; k[p * 2 + 1] = -1; }
    m.layers[0].setWeights([tf.tensor4d(k, [3, 3, 1, 2])]);
  });
  return m;
}

/** Three images of zeros, image n with a bright 3x3 square of value n + 1 whose top-left is at (r, c). */
function squares(spots: [number, number][]): tf.Tensor4D {
  const data = new Float32Array(spots.length * 81);
  spots.forEach(([r, c], n) => { for (let i = r; i < r + 3; i++) for (let j = c; j < c + 3; j++) data[n * 81 + i * 9 + j] = n + 1; });
  return tf.tensor4d(data, [spots.length, 9, 9, 1]);
}

describe("maxActivating", () => {
  it("finds the brightest windows, strongest first, and crops their receptive fields", async () => {
    const model = onesConv("valid");
    const x = squares([[0, 0], [5, 2], [2, 6]]);
    const r = await maxActivating(model, x, { layer: "conv", channel: 0, k: 2 });
    expect(r.field).toEqual({ height: 3, width: 3 });
    expect(r.top.map((t) => [t.image, t.row, t.col, t.value])).toEqual([[2, 2, 6, 27], [1, 5, 2, 18]]);
    expect(r.patches.shape).toEqual([2, 3, 3, 1]);
    expect(Array.from(r.patches.dataSync())).toEqual([...new Array(9).fill(3), ...new Array(9).fill(2)]);
    tf.dispose([r.patches, x]);
  });

  it("takes one patch per image unless asked for every unit", async () => {
    const model = onesConv("valid");
    const x = squares([[0, 0], [5, 2]]);
    const perImage = await maxActivating(model, x, { layer: "conv", channel: 0, k: 2 });
    expect(perImage.top.map((t) => t.image)).toEqual([1, 0]);
    const anyUnit = await maxActivating(model, x, { layer: "conv", channel: 0, k: 2, distinctImages: false });
    expect(anyUnit.top.map((t) => [t.image, t.value])).toEqual([[1, 18], [1, 12]]); // the full window, then one shifted by a column
    await expect(maxActivating(model, x, { layer: "conv", channel: 0, k: 3 })).rejects.toThrow(/k must be an integer from 1 to the number of images \(2\), got 3/);
    tf.dispose([perImage.patches, anyUnit.patches, x]);
  });

  it("pads the crop with zeros where a 'same' unit's field leaves the image", async () => {
    const model = onesConv("same");
    const x = squares([[0, 0]]);
    const r = await maxActivating(model, x, { layer: "conv", channel: 0, k: 1 });
    expect(r.top[0]).toMatchObject({ row: 1, col: 1, value: 9 });
    const corner = await maxActivating(model, x, { layer: "conv", channel: 1, k: 1 }); // −sum: largest where the window is empty
    expect(corner.top[0].value).toBe(0);
    tf.dispose([r.patches, corner.patches, x]);
  });

  it("reads an image set through images(indices) and rejects bad arguments", async () => {
    const model = onesConv("valid");
    const x = squares([[1, 1], [4, 4]]);
    const set = { size: 2, images: (idx: ArrayLike<number>) => tf.gather(x, Array.from(idx)) };
    const r = await maxActivating(model, set, { layer: "conv", channel: 0, k: 1 });
    expect(r.top[0]).toMatchObject({ image: 1, row: 4, col: 4 });
    await expect(maxActivating(model, x, { layer: "nope", channel: 0 })).rejects.toThrow(/layer "nope" is not a layer of this model; the layers are: conv/);
    await expect(maxActivating(model, x, { layer: "conv", channel: 2 })).rejects.toThrow(/channel must be an integer in \[0, 1\]/);
    await expect(maxActivating(model, tf.zeros([9, 9]) as never, { layer: "conv", channel: 0 })).rejects.toThrow(/images must be a batch tensor/);
    tf.dispose([r.patches, x]);
  });
});

describe("receptiveBox", () => {
  it("agrees with receptiveField for a stack of convolutions and pooling, and knows 'same' padding", () => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ inputShape: [32, 32, 1], filters: 2, kernelSize: 5, name: "c1" }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2, name: "p1" }));
    m.add(tf.layers.conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: "same", name: "c2" }));
    m.add(tf.layers.activation({ activation: "relu", name: "relu" }));
    m.add(tf.layers.conv2d({ filters: 2, kernelSize: 3, dilationRate: 2, name: "c3" }));
    const want = receptiveField([{ kernel: 5 }, { kernel: 2, stride: 2 }, { kernel: 3, stride: 2 }, { kernel: 3, dilation: 2 }]);
    const [rows, cols] = receptiveBox(m, m.getLayer("c3"));
    expect([rows.size, rows.jump]).toEqual([want.size, want.jump]);
    expect(cols).toEqual(rows);
    // c2 on a 14x14 map, stride 2, 'same': output 7, total padding (7−1)·2 + 3 − 14 = 1, none before
    expect(receptiveBox(m, m.getLayer("c2"))[0].first).toBe(0);
    const same = onesConv("same");
    expect(receptiveBox(same, same.getLayer("conv"))[0]).toEqual({ first: -1, size: 3, jump: 1 });
  });
});
