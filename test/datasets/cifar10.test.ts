import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { datasets } from "../../lib";
import { cifarBatch, listFiles, tempDir, writeFile } from "./fixtures";

const root = tempDir();
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A folder laid out like the official archive: cifar-10-batches-bin/ with 5 train + 1 test batches of 2 records. */
function fakeCifarDir(): string {
  const dir = fs.mkdtempSync(path.join(root, "cifar-"));
  const bin = path.join(dir, "cifar-10-batches-bin");
  fs.mkdirSync(bin);
  datasets.CIFAR10_TRAIN_FILES.forEach((f, b) => writeFile(bin, f, cifarBatch([b, 9 - b]).bytes));
  writeFile(bin, "test_batch.bin", cifarBatch([3, 3, 5]).bytes);
  writeFile(bin, "batches.meta.txt", Buffer.from(datasets.CIFAR10_CLASS_NAMES.join("\n") + "\n"));
  return dir;
}

describe("readCifarBatch", () => {
  it("reorders each 1 + 3072-byte CHW record into HWC pixels", () => {
    const { bytes, pixel } = cifarBatch([7, 2]);
    const file = writeFile(root, "two.bin", bytes);
    const { pixels, labels } = datasets.readCifarBatch(file);
    expect(Array.from(labels)).toEqual([7, 2]);
    for (const [r, i, j, c] of [[0, 0, 0, 0], [0, 0, 0, 2], [1, 5, 17, 1], [1, 31, 31, 2]]) {
      expect(pixels[r * 3072 + (i * 32 + j) * 3 + c]).toBe(pixel(r, i, j, c));
    }
  });

  it.each<[string, Buffer, RegExp]>([
    ["a truncated file", cifarBatch([1, 2]).bytes.subarray(0, 6000), /truncated or not a CIFAR-10 binary batch: 6000 bytes is not a positive multiple of the 3073-byte record/],
    ["an empty file", Buffer.alloc(0), /0 bytes is not a positive multiple/],
    ["a label out of range", cifarBatch([1, 10]).bytes, /label 10 of record 1 is out of range, expected 0..9/],
  ])("rejects %s, naming the file", (_, bytes, message) => {
    const file = writeFile(root, `bad-${crypto.randomUUID()}.bin`, bytes);
    expect(() => datasets.readCifarBatch(file)).toThrow(message);
    expect(() => datasets.readCifarBatch(file)).toThrow(file);
  });
});

describe("cifar10", () => {
  it("reads train (5 batches) and test from <dir>/cifar-10-batches-bin as 32x32x3 ImageSets", async () => {
    const { train, test } = await datasets.cifar10({ dir: fakeCifarDir() });
    expect([train.size, test.size]).toEqual([10, 3]);
    expect(train.imageShape).toEqual([32, 32, 3]);
    expect(Array.from(train.labels)).toEqual([0, 9, 1, 8, 2, 7, 3, 6, 4, 5]);
    expect(Array.from(test.labels)).toEqual([3, 3, 5]);
    expect(train.classNames[3]).toBe("cat");
  });

  it("rejects a dir that is not a path", async () => {
    await expect(datasets.cifar10({ dir: "" })).rejects.toThrow('cifar10: dir must be a folder path (a non-empty string), got ""');
  });

  it("applies trainLimit as a seeded sample", async () => {
    const dir = fakeCifarDir();
    const a = await datasets.cifar10({ dir, trainLimit: 4, seed: 5 });
    const b = await datasets.cifar10({ dir, trainLimit: 4, seed: 5 });
    expect(a.train.size).toBe(4);
    expect(Array.from(a.train.labels)).toEqual(Array.from(b.train.labels));
  });

  it("for a missing folder, says which files to put where and the archive's URL and MD5", async () => {
    const dir = path.join(root, "nowhere");
    const error = datasets.cifar10({ dir });
    await expect(error).rejects.toThrow(`cifar10: missing files in ${path.join(dir, "cifar-10-batches-bin")} (the folder does not exist)`);
    await expect(datasets.cifar10({ dir })).rejects.toThrow(path.join(dir, "cifar-10-batches-bin", "data_batch_1.bin"));
    await expect(datasets.cifar10({ dir })).rejects.toThrow("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (md5 c32a1d4ab5d03f1284b67883e8d87530)");
  });

  describe("download: true (a fetch that serves a small archive made by the system tar)", () => {
    const archive = () => {
      const source = fakeCifarDir();
      const file = path.join(root, `archive-${crypto.randomUUID()}.tar.gz`);
      execFileSync("tar", ["czf", file, "-C", source, "cifar-10-batches-bin"]);
      return fs.readFileSync(file);
    };
    const serve = (bytes: Uint8Array): datasets.FetchFn => async () => new Response(bytes);

    it("fetches, verifies and unpacks the archive into the cache, then reads it", async () => {
      const bytes = archive();
      const dir = path.join(root, `cache-${crypto.randomUUID()}`);
      const md5 = crypto.createHash("md5").update(bytes).digest("hex");
      const { train, test } = await datasets.cifar10({ dir, download: true, fetch: serve(bytes), checksums: { "cifar-10-binary.tar.gz": { md5 } } });
      expect([train.size, test.size]).toEqual([10, 3]);
      expect(listFiles(dir).filter((f) => f.includes(".part"))).toEqual([]);
      expect(listFiles(path.join(dir, "cifar-10-batches-bin"))).toEqual(["batches.meta.txt", "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"]);
    });

    it("unpacks an archive put in the folder by hand, without download (and checks its MD5)", async () => {
      const bytes = archive();
      const dir = path.join(root, `by-hand-${crypto.randomUUID()}`);
      fs.mkdirSync(dir);
      writeFile(dir, "cifar-10-binary.tar.gz", bytes);
      await expect(datasets.cifar10({ dir })).rejects.toThrow(/checksum mismatch for .*cifar-10-binary.tar.gz: md5 is/);
      const md5 = crypto.createHash("md5").update(bytes).digest("hex");
      const { train } = await datasets.cifar10({ dir, checksums: { "cifar-10-binary.tar.gz": { md5 } } });
      expect(train.size).toBe(10);
    });

    it("rejects an archive whose MD5 differs from the pinned one and leaves nothing in the cache", async () => {
      const dir = path.join(root, `cache-${crypto.randomUUID()}`);
      const result = datasets.cifar10({ dir, download: true, fetch: serve(archive()) });
      await expect(result).rejects.toThrow(/checksum mismatch for cifar-10-binary.tar.gz downloaded from https:\/\/www.cs.toronto.edu\/~kriz\/cifar-10-binary.tar.gz: md5 is [0-9a-f]{32}, expected c32a1d4ab5d03f1284b67883e8d87530/);
      expect(listFiles(dir)).toEqual([]);
    });
  });
});
