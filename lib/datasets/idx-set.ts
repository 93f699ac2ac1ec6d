/** An ImageSet from a pair of IDX files (images [N, H, W] uint8, labels [N] uint8), as MNIST ships. */
import * as path from "path";
import { ImageSet } from "./image-set";
import { IdxFile } from "./idx";

/**
 * Build an ImageSet from parsed IDX images and labels; errors name the files. `source` is what the
 * set shows as its origin (default: the two file names without their folders).
 */
export function idxToImageSet(
  images: IdxFile,
  labels: IdxFile,
  files: { images: string; labels: string },
  classNames: readonly string[],
  source = `${path.basename(files.images)} + ${path.basename(files.labels)}`,
): ImageSet {
  if (images.dtype !== "uint8" || images.dims.length !== 3) {
    throw new Error(`IDX file ${files.images}: expected uint8 images [N, H, W], got ${images.dtype} [${images.dims.join(", ")}]`);
  }
  if (labels.dtype !== "uint8" || labels.dims.length !== 1) {
    throw new Error(`IDX file ${files.labels}: expected uint8 labels [N], got ${labels.dtype} [${labels.dims.join(", ")}]`);
  }
  const [n, h, w] = images.dims;
  if (labels.dims[0] !== n) {
    throw new Error(`image and label counts differ: ${files.images} has ${n} images, ${files.labels} has ${labels.dims[0]} labels`);
  }
  const y = labels.data as Uint8Array;
  for (let i = 0; i < y.length; i++) {
    if (y[i] >= classNames.length) {
      throw new Error(`IDX file ${files.labels}: label ${y[i]} at index ${i} is out of range, expected 0..${classNames.length - 1}`);
    }
  }
  return new ImageSet({
    pixels: images.data as Uint8Array,
    labels: Int32Array.from(y),
    imageShape: [h, w, 1],
    classNames,
    source,
  });
}
