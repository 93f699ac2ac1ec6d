import * as tf from "@tensorflow/tfjs";
import { maxActivatingPatches, receptiveField } from "../../lib/evaluate/patches";
import { initBackend } from "../../lib/backend";

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
});

/** pad 1 → conv 3×3 valid → pool 3×3/2 → conv 5×5 same → pool 3×3/2 → conv 3×3 same: alexnet-small's first stages. */
function stages(): tf.Sequential {
  return tf.sequential({ layers: [
    tf.layers.zeroPadding2d({ inputShape: [16, 16, 1], padding: 1, name: "pad1" }),
    tf.layers.conv2d({ filters: 2, kernelSize: 3, name: "conv1", useBias: false }),
    tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: "pool1" }),
    tf.layers.conv2d({ filters: 2, kernelSize: 5, padding: "same", name: "conv2" }),
    tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: "pool2" }),
    tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: "same", name: "conv3" }),
    tf.layers.flatten({ name: "flat" }),
  ] });
}

describe("receptiveField", () => {
  it("grows as counted by hand: conv1 3, pool1 3+2=5, conv2 5+4·2=13, pool2 13+2·2=17, conv3 17+2·4=25", () => {
    const m = stages();
    // start: pad1 moves it to −1; conv1 (k 3) +1 → 0; pool1 (k 3, jump 1) +1 → 1; conv2 same (pad 2, jump 2): +0;
    // pool2 (k 3, jump 2) +2 → 3; conv3 same (pad 1, jump 4): +0.
    expect(receptiveField(m, "conv1")).toEqual({ size: 3, jump: 1, start: 0 });
    expect(receptiveField(m, "pool1")).toEqual({ size: 5, jump: 2, start: 1 });
    expect(receptiveField(m, "conv2")).toEqual({ size: 13, jump: 2, start: 1 });
    expect(receptiveField(m, "pool2")).toEqual({ size: 17, jump: 4, start: 3 });
    expect(receptiveField(m, "conv3")).toEqual({ size: 25, jump: 4, start: 3 });
    expect(() => receptiveField(m, "flat")).toThrow(/flat \(Flatten\) comes before flat: its units see the whole input/);
    expect(() => receptiveField(m, "conv9")).toThrow(/layerName "conv9" is not a layer of this model; the layers are: pad1, conv1/);
    m.dispose();
  });
});

describe("maxActivatingPatches", () => {
  it("finds, per channel, the images with the strongest response and cuts the window around it", async () => {
    const m = stages();
    // conv1 channel 0 copies the centre pixel, channel 1 its negative.
    const k = new Float32Array(9 * 2);
    k[4 * 2 + 0] = 1;
    k[4 * 2 + 1] = -1;
    m.getLayer("conv1").setWeights([tf.tensor4d(k, [3, 3, 1, 2])]);
    // Image i has one bright pixel of value i + 1 at (3 + i, 5); image 3 has one dark pixel −10 at (8, 2).
    const px = new Float32Array(4 * 16 * 16);
    for (let i = 0; i < 3; i++) px[i * 256 + (3 + i) * 16 + 5] = i + 1;
    px[3 * 256 + 8 * 16 + 2] = -10;
    const images = tf.tensor4d(px, [4, 16, 16, 1]);
    const before = tf.memory().numTensors;
    const { patches, hits, field } = await maxActivatingPatches(m, images, "conv1", { channels: [0, 1], top: 2 });
    expect(field.size).toBe(3);
    expect(patches.shape).toEqual([4, 3, 3, 1]);
    expect(hits.map((h) => [h.channel, h.image, h.row, h.col, h.value])).toEqual([
      [0, 2, 5, 5, 3], [0, 1, 4, 5, 2],          // the two brightest pixels
      [1, 3, 8, 2, 10], [1, 0, 0, 0, 0],         // the dark pixel, then a tie at 0 (first unit of the first image)
    ]);
    const centres = Array.from(patches.dataSync()).filter((_, p) => p % 9 === 4);
    expect(centres).toEqual([3, 2, -10, 0]);     // each patch is centred on the pixel that fired
    patches.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(maxActivatingPatches(m, images, "conv1", { channels: [2] })).rejects.toThrow(/channels 2 are not channels 0\.\.1 of layer conv1/);
    await expect(maxActivatingPatches(m, images, "conv1", { top: 5 })).rejects.toThrow(/top must be an integer in 1\.\.4/);
    images.dispose();
    m.dispose();
  });
});
