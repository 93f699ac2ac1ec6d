import * as tf from "@tensorflow/tfjs";
import { elasticDistort, randomAffine, warpBatch, warpBilinear } from "../../lib/train/distort";
import { augment } from "../../lib/train/augment";
import { rng } from "../../lib/random";
import { initBackend } from "../../lib/backend";

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
});

/** A 2-image batch of 9×9 single-channel images with distinct pixels. */
const batch = () => tf.tidy(() => tf.range(1, 2 * 81 + 1).reshape([2, 9, 9, 1]).div(200) as tf.Tensor4D);

describe("warpBilinear", () => {
  it("reads each pixel back at integer coordinates, the mean of four at half-pixel ones, zero outside", () => {
    const src = Float32Array.from([1, 2, 3, 4]); // 2×2, one channel
    const out = new Float32Array(4);
    warpBilinear(src, 2, 2, 1, Float32Array.from([0, 0, 1, 1]), Float32Array.from([0, 1, 0, 1]), out);
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
    warpBilinear(src, 2, 2, 1, Float32Array.from([0.5, -5, 0, 1.5]), Float32Array.from([0.5, 0, 1.5, 1]), out);
    // (1+2+3+4)/4; outside; halfway between 2 and the zero beyond the right edge; halfway between 4 and zero below
    expect(Array.from(out)).toEqual([2.5, 0, 1, 2]);
  });
});

describe("warpBatch (the sampling as a gather on the backend)", () => {
  it("matches warpBilinear image by image, points outside the image included, to 1e-5", async () => {
    const [n, h, w, c] = [3, 7, 6, 2];
    const r = rng(5);
    const pixels = Float32Array.from({ length: n * h * w * c }, () => r.normal());
    const x = tf.tensor4d(pixels, [n, h, w, c]);
    // Each image's source points: anywhere from two pixels before the image to two after it.
    const fields = Array.from({ length: n }, () => ({
      sy: Float32Array.from({ length: h * w }, () => -2 + (h + 4) * r.next()),
      sx: Float32Array.from({ length: h * w }, () => -2 + (w + 4) * r.next()),
    }));
    let k = 0;
    const before = tf.memory().numTensors;
    const y = warpBatch(x, (sy, sx) => {
      sy.set(fields[k].sy);
      sx.set(fields[k].sx);
      k++;
    });
    expect(tf.memory().numTensors).toBe(before + 1);
    const got = await y.data();
    const size = h * w * c;
    for (let i = 0; i < n; i++) {
      const expected = new Float32Array(size);
      warpBilinear(pixels.subarray(i * size, (i + 1) * size), h, w, c, fields[i].sy, fields[i].sx, expected);
      for (let p = 0; p < size; p++) expect(Math.abs(got[i * size + p] - expected[p])).toBeLessThan(1e-5);
    }
    tf.dispose([x, y]);
  });
});

describe("randomAffine and elasticDistort", () => {
  it("with zero amounts are the identity (to float32 rounding)", () => {
    const x = batch();
    const a = randomAffine(x, {}, rng(1));
    const e = elasticDistort(x, { alpha: 0, sigma: 2 }, rng(1));
    for (const y of [a, e]) expect(tf.max(tf.abs(tf.sub(y, x))).dataSync()[0]).toBeLessThan(1e-6);
    tf.dispose([x, a, e]);
  });

  it("keep the centre pixel of an odd-sized image in place under rotation, scaling and shear (no translation)", () => {
    const x = batch();
    const y = randomAffine(x, { rotate: 30, scale: 0.2, shear: 15 }, rng(5));
    const centre = (t: tf.Tensor4D) => Array.from(t.slice([0, 4, 4, 0], [2, 1, 1, 1]).dataSync());
    expect(centre(y)[0]).toBeCloseTo(centre(x)[0], 5);
    expect(centre(y)[1]).toBeCloseTo(centre(x)[1], 5);
    expect(Array.from(y.dataSync())).not.toEqual(Array.from(x.dataSync()));
    tf.dispose([x, y]);
  });

  it("through augment: seeded, shape-preserving, and leaving no tensors behind", () => {
    const x = batch();
    const before = tf.memory().numTensors;
    for (const args of [{ affine: { rotate: 15, scale: 0.15, shear: 10, translate: 1 } }, { elastic: { alpha: 6, sigma: 2 } }]) {
      const a = augment(x, args, 3), b = augment(x, args, 3), c = augment(x, args, 4);
      expect(a.shape).toEqual(x.shape);
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
      expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
      tf.dispose([a, b, c]);
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it.each([
    [{ affine: { scale: 1 } }, /augment\.affine\.scale: expected a number in \[0, 1\), got 1/],
    [{ affine: { rotation: 10 } }, /augment\.affine: unknown field\(s\) rotation/],
    [{ affine: { rotate: -1 } }, /augment\.affine\.rotate: expected a number ≥ 0, got -1/],
    [{ elastic: { alpha: 5, sigma: 0 } }, /augment\.elastic\.sigma: expected a number > 0, got 0/],
  ])("rejects %j", (args, message) => {
    const x = batch();
    expect(() => augment(x, args as never, 1)).toThrow(message);
    x.dispose();
  });
});
