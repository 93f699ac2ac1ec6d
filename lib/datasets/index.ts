/**
 * Data sets for the course, exported from the package as `datasets`:
 *   import { datasets } from "cnnlab";
 *   const { train, test } = datasets.mnist({ seed: 1 });
 *   for (const { x, y } of datasets.batches(train, { batchSize: 64, seed: epoch })) { ... }
 */
export { ImageSet } from "./image-set";
export type { ImageSetArgs, Splits } from "./image-set";
export { mnist, fullMnist, fullMnistDir, DIGIT_NAMES, FULL_MNIST_FILES, FULL_MNIST_CLASS_COUNTS } from "./mnist";
export type { MnistArgs } from "./mnist";
export { fashionMnist, FASHION_CLASS_NAMES, FASHION_FILES } from "./fashion-mnist";
export type { LocalDatasetArgs } from "./fashion-mnist";
export { cifar10, readCifarBatch, readCifarSet, CIFAR10_CLASS_NAMES, CIFAR10_ARCHIVE, CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILES } from "./cifar10";
export { readIdx, parseIdx } from "./idx";
export type { IdxFile, IdxDtype } from "./idx";
export { idxToImageSet } from "./idx-set";
export { batches } from "./batches";
export type { Batch, BatchesArgs } from "./batches";
export { image, imageNames } from "./images";
export type { ImageArgs } from "./images";
export { cacheDir } from "./paths";
export { downloadVerified, progressPrinter } from "./download";
export type { FetchFn, ProgressFn, RemoteFile } from "./download";
export type { Checksums } from "./checksum";
export { downloadFailure, describeDownloadFailure } from "./failure";
export type { DownloadFailure } from "./failure";
