import * as tf from "@tensorflow/tfjs";
import { augment, AugmentArgs, randomShift } from "../../lib/train/augment";
import { rng } from "../../lib/random";
import { initBackend } from "../../lib/backend";

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
});

/** A batch whose pixels are all distinct (so any move shows). */
const batch = (n = 4, h = 5, w = 6, c = 3) => tf.tidy(() => tf.range(0, n * h * w * c).reshape([n, h, w, c]).div(n * h * w * c) as tf.Tensor4D);

const CASES: Array<[string, AugmentArgs]> = [
  ["crop with padding 2", { crop: { padding: 2 } }],
  ["shift up to 1 pixel", { shift: 1 }],
  ["flip", { flip: true }],
  ["brightness 0.2", { brightness: 0.2 }],
  ["contrast 0.3", { contrast: 0.3 }],
  ["RGB jitter 0.1", { rgbJitter: 0.1 }],
  ["Gaussian noise 0.05", { noise: 0.05 }],
  ["everything, clipped to [0, 1]", { crop: { padding: 1 }, flip: 0.5, brightness: 0.1, contrast: 0.1, rgbJitter: 0.05, noise: 0.02, clip: [0, 1] }],
];

describe("augment", () => {
  it.each(CASES)("%s: keeps the shape, is seeded, changes the batch", (_title, args) => {
    const x = batch(16); // 16 images: a p = 0.5 flip leaves all unflipped with probability 2^-16
    const a = augment(x, args, 11);
    const b = augment(x, args, 11);
    const c = augment(x, args, 12);
    expect(a.shape).toEqual(x.shape);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync())); // same seed → same batch
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync())); // another seed → another batch
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(x.dataSync()));
    tf.dispose([x, a, b, c]);
  });

  it("flip with probability 1, twice, is the identity", () => {
    const x = batch();
    const once = augment(x, { flip: 1 }, 3);
    const twice = augment(once, { flip: 1 }, 4);
    expect(Array.from(twice.dataSync())).toEqual(Array.from(x.dataSync()));
    // and once is the mirror image: pixel (i, j) ← (i, W−1−j)
    const X = x.arraySync(), F = once.arraySync();
    expect(F[2][1][0]).toEqual(X[2][1][5]);
    tf.dispose([x, once, twice]);
  });

  it.each([
    { name: "4x4, up to 1 pixel", n: 6, size: 4, max: 1 },
    { name: "28x28 digits, up to 2 pixels (the LeNet notebook's setting)", n: 8, size: 28, max: 2 },
  ])("a shift is an exact pixel translation with zero fill: $name", ({ n, size, max }) => {
    const x = batch(n, size, size, 1);
    const y = randomShift(x, max, rng(5));
    const X = x.arraySync(), Y = y.arraySync();
    const offsets = Array.from({ length: 2 * max + 1 }, (_, k) => k - max);
    for (let k = 0; k < n; k++) {
      // Find the (dy, dx) ∈ [−max, max]² that explains image k: Y[i][j] = X[i + dy][j + dx], or 0 outside.
      const fits = offsets.flatMap((dy) => offsets.map((dx) => [dy, dx])).filter(([dy, dx]) =>
        Y[k].every((row, i) => row.every((px, j) => {
          const si = i + dy, sj = j + dx;
          const src = si >= 0 && si < size && sj >= 0 && sj < size ? X[k][si][sj][0] : 0;
          return Math.abs(px[0] - src) < 1e-6;
        })),
      );
      expect(fits.length).toBe(1);
    }
    tf.dispose([x, y]);
  });

  it("leaves no tensors behind", () => {
    const x = batch();
    const before = tf.memory().numTensors;
    augment(x, CASES[CASES.length - 1][1], 1).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it.each<[string, AugmentArgs, RegExp]>([
    ["negative noise", { noise: -1 }, /augment.noise: expected a number ≥ 0, got -1/],
    ["fractional padding", { crop: { padding: 1.5 } }, /augment.crop.padding: expected an integer ≥ 0, got 1.5/],
    ["flip probability 2", { flip: 2 }, /augment.flip: expected .* got 2/],
    ["reversed clip", { clip: [1, 0] }, /augment.clip: expected \[lo, hi\] .* got \[1,0\]/],
  ])("rejects %s", (_title, args, message) => {
    const x = batch();
    expect(() => augment(x, args, 0)).toThrow(message);
    x.dispose();
  });
});
