import * as tf from "@tensorflow/tfjs";
import { featureMapsBundle, filtersBundle } from "../../kernel-ext/layers";
import { decodePng, pixel } from "./helpers";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A conv layer whose kernel we set by hand: filter 0 = +1 everywhere, filter 1 = −1 everywhere. */
function handMadeModel(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 2, useBias: false, name: "conv" }),
      tf.layers.flatten({ name: "flat" }),
    ],
  });
  const kernel = tf.concat([tf.ones([2, 2, 1, 1]), tf.ones([2, 2, 1, 1]).neg()], 3);
  model.getLayer("conv").setWeights([kernel]);
  kernel.dispose();
  return model;
}

describe("show.filters", () => {
  it("draws each filter on one blue-white-red scale: +1 red, −1 blue", () => {
    const model = handMadeModel();
    const b = filtersBundle(model.getLayer("conv"));
    expect(b["text/plain"]).toContain('"2 filters 2×2×1": filter 0, filter 1');
    const png = decodePng(b);
    // 2×2 tiles enlarged ×24 (⌊48/2⌋) = 48 px; montage 2 cols: 4 + 48 + 4 + 48 + 4 = 108 wide.
    expect([png.width, png.height]).toEqual([108, 56]);
    expect(pixel(png, 4 + 24, 4 + 24)).toEqual([178, 24, 43, 255]);
    expect(pixel(png, 56 + 24, 4 + 24)).toEqual([33, 102, 172, 255]);
    model.dispose();
  });

  it("accepts a kernel tensor [kh, kw, in, out] and shows one row per input channel", () => {
    const k = tf.randomNormal([3, 3, 2, 4], 0, 1, "float32", 7);
    const b = filtersBundle(k);
    expect(b["text/html"].match(/<img /g)).toHaveLength(8);
    expect(b["text/html"]).toContain("in 1 → 3");
    k.dispose();
  });

  it.each([
    ["a Dense layer", () => tf.layers.dense({ units: 2, inputShape: [3], name: "d" }), /layerOrKernel: expected a Conv2D layer \(4D kernel \[kh, kw, in, out\]\), received Dense layer "d" with weight shapes \[3, 2\], \[2\]/],
    ["a 2D tensor", () => tf.zeros([3, 3]), /layerOrKernel: expected a kernel of shape \[kh, kw, in, out\], received shape \[3, 3\]/],
  ])("rejects %s", (_name, make, message) => {
    const x = make();
    if (x instanceof tf.layers.Layer) tf.sequential({ layers: [x] });
    expect(() => filtersBundle(x)).toThrow(message);
  });
});

describe("show.featureMaps", () => {
  it("shows the layer's activations, matching an independent tf.conv2d", () => {
    const model = handMadeModel();
    const X = tf.tensor3d([1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5], [4, 4, 1]);
    // Independent check of what is drawn: channel 0 sums each 2×2 window.
    const expected = tf.conv2d(X, tf.ones([2, 2, 1, 1]), 1, "valid").squeeze().arraySync() as number[][];
    expect(expected[0][0]).toBe(10);
    const before = tf.memory().numTensors;
    const b = featureMapsBundle(model, X, "conv");
    expect(tf.memory().numTensors).toBe(before);
    expect(b["text/plain"]).toContain('"conv: 2 feature maps 3×3": channel 0, channel 1');
    expect(b["text/plain"]).toContain("signed values: blue −10 … white 0 … red +10");
    const png = decodePng(b);
    // Tiles 3×3 enlarged ×21 (⌊64/3⌋) = 63 px. Channel 0 at window (0,0) = +10 → full red;
    // channel 1 = −10 → full blue; window (0,1) = 2+0+4+0 = 6 → 60 % of the way to red.
    expect(pixel(png, 4 + 10, 4 + 10)).toEqual([178, 24, 43, 255]);
    expect(pixel(png, 4 + 63 + 4 + 10, 4 + 10)).toEqual([33, 102, 172, 255]);
    const sixTenths = [255 + (178 - 255) * 0.6, 255 + (24 - 255) * 0.6, 255 + (43 - 255) * 0.6].map(Math.round);
    expect(expected[0][1]).toBe(6);
    expect(pixel(png, 4 + 21 + 10, 4 + 10).slice(0, 3)).toEqual(sixTenths);
    tf.dispose([X]);
    model.dispose();
  });

  it.each([
    ["an unknown layer", (m: tf.LayersModel) => featureMapsBundle(m, tf.zeros([4, 4, 1]), "conv9"), /layerName: no layer named "conv9"; the model's layers are "conv", "flat"/],
    ["a layer without spatial maps", (m: tf.LayersModel) => featureMapsBundle(m, tf.zeros([4, 4, 1]), "flat"), /layerName: layer "flat" outputs shape \[18\], expected feature maps/],
    ["an input of the wrong shape", (m: tf.LayersModel) => featureMapsBundle(m, tf.zeros([5, 5, 1]), "conv"), /input: expected one image of shape \[4, 4, 1\] \(or \[1, ...\]\), received shape \[5, 5, 1\]/],
    ["not a model", () => featureMapsBundle({} as never, [[1]], "conv"), /model: expected a tf.LayersModel .*received Object/],
  ])("rejects %s", (_name, call, message) => {
    const model = handMadeModel();
    expect(() => call(model)).toThrow(message);
    model.dispose();
  });
});
