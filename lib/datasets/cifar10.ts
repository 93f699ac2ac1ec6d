/**
 * CIFAR-10 (Krizhevsky 2009): 50,000/10,000 32x32 colour images of 10 classes, read from
 * the "binary version" (cifar-10-batches-bin/). Each file is a run of 3073-byte records:
 * 1 label byte, then 1024 red, 1024 green, 1024 blue bytes (CHW, rows top to bottom).
 * We reorder to HWC, the layout of tf.js images.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { verifyChecksums } from "./checksum";
import { downloadVerified, fromMirror, missingFilesError, progressPrinter, RemoteFile, writeFileAtomic } from "./download";
import { LocalDatasetArgs, withChecksums } from "./fashion-mnist";
import { ImageSet, Splits } from "./image-set";
import { cacheDir, datasetSource } from "./paths";
import { checkDir, checkSeed, limitTo } from "./sample";
import { readTar } from "./tar";

export const CIFAR10_CLASS_NAMES: readonly string[] = [
  "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
];

const RECORD_BYTES = 1 + 32 * 32 * 3;
const FOLDER = "cifar-10-batches-bin";
export const CIFAR10_TRAIN_FILES = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];
export const CIFAR10_TEST_FILES = ["test_batch.bin"];

/**
 * The official archive. Its page (https://www.cs.toronto.edu/~kriz/cifar.html) publishes an
 * MD5 only, which we pin; the extracted batches are checked by structure (record size, labels).
 */
export const CIFAR10_ARCHIVE: RemoteFile = {
  name: "cifar-10-binary.tar.gz",
  url: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
  checksums: { md5: "c32a1d4ab5d03f1284b67883e8d87530" },
};

/** Read one CIFAR-10 binary batch file into HWC bytes and labels. */
export function readCifarBatch(file: string): { pixels: Uint8Array; labels: Int32Array } {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new Error(`readCifarBatch: cannot read CIFAR-10 batch ${file}: ${(e as Error).message}`);
  }
  if (bytes.length === 0 || bytes.length % RECORD_BYTES !== 0) {
    throw new Error(
      `CIFAR-10 batch ${file}: truncated or not a CIFAR-10 binary batch: ${bytes.length} bytes is not a ` +
        `positive multiple of the ${RECORD_BYTES}-byte record (1 label + 3072 pixels); an official batch has 10000 records`,
    );
  }
  const n = bytes.length / RECORD_BYTES;
  const pixels = new Uint8Array(n * 3072);
  const labels = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const record = r * RECORD_BYTES;
    const label = bytes[record];
    if (label >= CIFAR10_CLASS_NAMES.length) {
      throw new Error(`CIFAR-10 batch ${file}: label ${label} of record ${r} is out of range, expected 0..9`);
    }
    labels[r] = label;
    // CHW -> HWC: pixel (i, j) of channel c sits at 1 + c*1024 + i*32 + j in the record.
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < 1024; p++) pixels[r * 3072 + p * 3 + c] = bytes[record + 1 + c * 1024 + p];
    }
  }
  return { pixels, labels };
}

/** Read and concatenate several batch files into one ImageSet; `source` is what it shows as its origin (default: the file names without their folders). */
export function readCifarSet(files: string[], source = files.map((f) => path.basename(f)).join(" + ")): ImageSet {
  const parts = files.map(readCifarBatch);
  const pixels = new Uint8Array(parts.reduce((n, p) => n + p.pixels.length, 0));
  const labels = new Int32Array(parts.reduce((n, p) => n + p.labels.length, 0));
  let at = 0;
  for (const part of parts) {
    pixels.set(part.pixels, at * 3072);
    labels.set(part.labels, at);
    at += part.labels.length;
  }
  return new ImageSet({ pixels, labels, imageShape: [32, 32, 3], classNames: CIFAR10_CLASS_NAMES, source });
}

/**
 * Load CIFAR-10 as `{ train, test }` ImageSets of 32x32x3 bytes from
 * `<dir>/cifar-10-batches-bin/` (default dir `<cache>/cifar-10`).
 */
export async function cifar10(args: LocalDatasetArgs = {}): Promise<Splits> {
  const dir = checkDir(args.dir, "cifar10: dir") ?? path.join(cacheDir(), "cifar-10");
  const seed = checkSeed(args.seed, "cifar10: seed");
  // Checked first: a bad mirror is a configuration error, not a failed download.
  const spec = args.download ? fromMirror(withChecksums(CIFAR10_ARCHIVE, args.checksums), args.mirror, "cifar10: mirror") : withChecksums(CIFAR10_ARCHIVE, args.checksums);
  const batchDir = path.join(dir, FOLDER);
  const all = [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES];
  const missing = () => all.filter((f) => !fs.existsSync(path.join(batchDir, f)));
  const missingError = (why: string, cause?: unknown) => {
    const files = missing().map((f) => ({ name: f, url: `${CIFAR10_ARCHIVE.url} (member ${FOLDER}/${f})`, checksums: {} }));
    const howTo = `download ${CIFAR10_ARCHIVE.url} (md5 ${CIFAR10_ARCHIVE.checksums.md5}) and unpack it in ${dir} (tar xzf ${CIFAR10_ARCHIVE.name})`;
    return missingFilesError("cifar10", batchDir, files, `${why}${howTo}.`, cause);
  };
  // An archive already in the folder (put there by hand) is unpacked without any download.
  if (missing().length > 0 && (args.download || fs.existsSync(path.join(dir, CIFAR10_ARCHIVE.name)))) {
    try {
      await downloadAndExtract(dir, spec, args);
    } catch (e) {
      throw missingError(`Getting or unpacking the archive failed: ${(e as Error).message}\nBy hand: `, e);
    }
  }
  if (missing().length > 0) throw missingError("Call cifar10({ download: true }), or ");
  const read = (files: string[]) => {
    const paths = files.map((f) => path.join(batchDir, f));
    return readCifarSet(paths, datasetSource("CIFAR-10", dir, paths));
  };
  return {
    train: limitTo(read(CIFAR10_TRAIN_FILES), args.trainLimit, seed, "cifar10: trainLimit"),
    test: limitTo(read(CIFAR10_TEST_FILES), args.testLimit, seed + 1, "cifar10: testLimit"),
  };
}

/**
 * Fetch the archive (MD5-checked, atomic) and unpack the expected members. A new
 * cifar-10-batches-bin is filled under a temporary name and renamed, so it is complete or
 * absent; into an existing one (some files missing) each file is written atomically.
 */
async function downloadAndExtract(dir: string, spec: RemoteFile, args: LocalDatasetArgs): Promise<void> {
  const archive = path.join(dir, spec.name);
  if (!fs.existsSync(archive)) await downloadVerified(spec, dir, args.fetch, args.progress === false ? undefined : progressPrinter(spec.name));
  const compressed = fs.readFileSync(archive);
  verifyChecksums(compressed, spec.checksums, archive);
  const members = new Map(readTar(zlib.gunzipSync(compressed), archive).map((m) => [m.name, m.data]));
  const wanted = [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES, "batches.meta.txt"].map((name) => {
    const data = members.get(`${FOLDER}/${name}`);
    if (!data) throw new Error(`CIFAR-10 archive ${archive} has no member ${FOLDER}/${name}`);
    return { name, data };
  });
  const batchDir = path.join(dir, FOLDER);
  if (fs.existsSync(batchDir)) {
    for (const { name, data } of wanted) {
      if (!fs.existsSync(path.join(batchDir, name))) writeFileAtomic(path.join(batchDir, name), data);
    }
    return;
  }
  const temp = `${batchDir}.part-${process.pid}-${Date.now()}`;
  try {
    fs.mkdirSync(temp, { recursive: true });
    for (const { name, data } of wanted) fs.writeFileSync(path.join(temp, name), data);
    fs.renameSync(temp, batchDir);
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}
