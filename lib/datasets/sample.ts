/** Seeded sampling and argument checks shared by the loaders. */
import { permutation } from "../random";
import { ImageSet } from "./image-set";

/**
 * At most `limit` images of `set`, drawn at random with `seed` (a quick-mode subset that still
 * covers every class). `undefined` or a limit >= size returns the set itself.
 */
export function limitTo(set: ImageSet, limit: number | undefined, seed: number, argName: string): ImageSet {
  if (limit === undefined) return set;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`${argName} must be a positive integer (number of examples to keep), got ${limit}`);
  }
  if (limit >= set.size) return set;
  return set.subset(permutation(set.size, seed).subarray(0, limit));
}

/** Validate a seed option (any finite number; default 0). */
export function checkSeed(seed: number | undefined, argName: string): number {
  if (seed === undefined) return 0;
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new Error(`${argName} must be a finite number, got ${typeof seed === "number" ? seed : JSON.stringify(seed)}`);
  }
  return seed;
}

/** Validate a folder option: undefined (use the default) or a non-empty string. */
export function checkDir(dir: unknown, argName: string): string | undefined {
  if (dir === undefined) return undefined;
  if (typeof dir !== "string" || dir.trim() === "") {
    throw new Error(`${argName} must be a folder path (a non-empty string), got ${JSON.stringify(dir)}`);
  }
  return dir;
}
