/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017; MIT licence): 60,000/10,000 28x28 gray images
 * of 10 clothing classes, in MNIST's IDX format. Read from a local folder; `download: true`
 * fetches the official gzip files into it.
 */
import * as fs from "fs";
import * as path from "path";
import { Checksums, verifyChecksums } from "./checksum";
import { readIdx } from "./idx";
import { idxToImageSet } from "./idx-set";
import { Splits } from "./image-set";
import { cacheDir, datasetSource } from "./paths";
import { checkDir, checkSeed, limitTo } from "./sample";
import { downloadVerified, FetchFn, fromMirror, missingFilesError, progressPrinter, RemoteFile } from "./download";

export const FASHION_CLASS_NAMES: readonly string[] = [
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
];

const MIRROR = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

/**
 * The official files. The project's README publishes MD5s only (no SHA-256), so we pin those
 * and check structure (magic, sizes, label range) when reading.
 */
export const FASHION_FILES: Record<"trainImages" | "trainLabels" | "testImages" | "testLabels", RemoteFile> = {
  trainImages: { name: "train-images-idx3-ubyte.gz", url: MIRROR + "train-images-idx3-ubyte.gz", checksums: { md5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d" } },
  trainLabels: { name: "train-labels-idx1-ubyte.gz", url: MIRROR + "train-labels-idx1-ubyte.gz", checksums: { md5: "25c81989df183df01b3e8a0aad5dffbe" } },
  testImages: { name: "t10k-images-idx3-ubyte.gz", url: MIRROR + "t10k-images-idx3-ubyte.gz", checksums: { md5: "bef4ecab320f06d8554ea6380940ec79" } },
  testLabels: { name: "t10k-labels-idx1-ubyte.gz", url: MIRROR + "t10k-labels-idx1-ubyte.gz", checksums: { md5: "bb300cfdad3c16e7a12a480ee83cd310" } },
};

/** Arguments of `fashionMnist()` (and, with its own defaults, `cifar10()`). */
export interface LocalDatasetArgs {
  /** Folder holding the files. Default: `<cache>/fashion-mnist` or `<cache>/cifar-10` (cache = $CNNLAB_DATA or ~/.cache/cnnlab). */
  dir?: string;
  /** Fetch missing files from the official URLs (checksum-verified). Default false. */
  download?: boolean;
  /** Digests to expect instead of the pinned ones, by file name (for tests and re-packed mirrors). Default: the pinned official digests. */
  checksums?: Record<string, Checksums>;
  /**
   * Base URL of a mirror to download from instead of the official location (the file names are appended; the pinned
   * digests still apply). Default: `$CNNLAB_DATA_MIRROR` when set, else the official URLs.
   */
  mirror?: string;
  /** The fetch function used for downloads. Default: Node's global `fetch`. */
  fetch?: FetchFn;
  /** Print a line per tenth of each download (`…: 40% of 170.5 MB`). Default true. */
  progress?: boolean;
  /** Seed of the trainLimit/testLimit samples. Default 0. */
  seed?: number;
  /** Keep a seeded random sample of at most this many training images. Default: all. */
  trainLimit?: number;
  /** Keep a seeded random sample of at most this many test images. Default: all. */
  testLimit?: number;
}

/** Load Fashion-MNIST as `{ train, test }` ImageSets of 28x28x1 bytes. */
export async function fashionMnist(args: LocalDatasetArgs = {}): Promise<Splits> {
  const dir = checkDir(args.dir, "fashionMnist: dir") ?? path.join(cacheDir(), "fashion-mnist");
  const seed = checkSeed(args.seed, "fashionMnist: seed");
  const [trainImages, trainLabels, testImages, testLabels] = (["trainImages", "trainLabels", "testImages", "testLabels"] as const).map((key) =>
    args.download ? fromMirror(withChecksums(FASHION_FILES[key], args.checksums), args.mirror, "fashionMnist: mirror") : withChecksums(FASHION_FILES[key], args.checksums),
  );
  const files = [trainImages, trainLabels, testImages, testLabels];
  // Either the .gz as downloaded or the same file gunzipped (name without .gz) is accepted.
  const locate = (f: RemoteFile) => [f.name, f.name.replace(/\.gz$/, "")].map((n) => path.join(dir, n)).find((p) => fs.existsSync(p));
  let missing = files.filter((f) => locate(f) === undefined);
  if (missing.length > 0 && args.download) {
    try {
      for (const f of missing) await downloadVerified(f, dir, args.fetch, args.progress === false ? undefined : progressPrinter(f.name));
    } catch (e) {
      const stillMissing = files.filter((f) => locate(f) === undefined);
      throw missingFilesError("fashionMnist", dir, stillMissing, `The download failed: ${(e as Error).message}\nPut the files there by hand (gzip or gunzipped).`, e);
    }
    missing = [];
  }
  if (missing.length > 0) {
    throw missingFilesError("fashionMnist", dir, missing, "Download them (gzip or gunzipped), or call fashionMnist({ download: true }).");
  }
  const load = (images: RemoteFile, labels: RemoteFile) => {
    const x = locate(images) as string;
    const y = locate(labels) as string;
    for (const [file, spec] of [[x, images], [y, labels]] as const) {
      // The pinned MD5s are of the .gz files; a gunzipped copy is checked by structure only.
      if (file.endsWith(".gz")) verifyChecksums(fs.readFileSync(file), spec.checksums, file);
    }
    return idxToImageSet(readIdx(x), readIdx(y), { images: x, labels: y }, FASHION_CLASS_NAMES, datasetSource("Fashion-MNIST", dir, [x, y]));
  };
  return {
    train: limitTo(load(trainImages, trainLabels), args.trainLimit, seed, "fashionMnist: trainLimit"),
    test: limitTo(load(testImages, testLabels), args.testLimit, seed + 1, "fashionMnist: testLimit"),
  };
}

/** `file` with its checksums replaced by `overrides[file.name]`, if given. */
export function withChecksums(file: RemoteFile, overrides: Record<string, Checksums> | undefined): RemoteFile {
  const override = overrides?.[file.name];
  return override ? { ...file, checksums: override } : file;
}
