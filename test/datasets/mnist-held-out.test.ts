/**
 * While an assignment is graded the sandbox holds LeCun's training files but not the test split (held out for
 * the grader's tests): the training split must load without the test files, and reading the test split must
 * say why it fails.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FULL_MNIST_FILES, fullMnist, fullMnistDir } from "../../lib/datasets/mnist";

it("loads LeCun's training split from a folder without the test files; the test split fails only when read, naming the missing file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mnist-train-only-"));
  try {
    for (const f of [FULL_MNIST_FILES.trainImages, FULL_MNIST_FILES.trainLabels]) fs.symlinkSync(path.join(fullMnistDir(), f.name), path.join(dir, f.name));
    const splits = fullMnist(dir);
    expect(splits.train.size).toBe(60000);
    expect(() => splits.test).toThrow(/t10k-images-idx3-ubyte/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
