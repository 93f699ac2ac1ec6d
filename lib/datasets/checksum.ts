/** Checksums of downloaded and bundled files. */
import * as crypto from "crypto";
import * as path from "path";

/** Expected digests of a file; every one given is checked. */
export interface Checksums {
  /** Lower-case hex SHA-256. */
  sha256?: string;
  /** Lower-case hex MD5 (what the Fashion-MNIST and CIFAR-10 pages publish). */
  md5?: string;
}

export function digest(bytes: Uint8Array, algorithm: "sha256" | "md5"): string {
  return crypto.createHash(algorithm).update(bytes).digest("hex");
}

/**
 * A file whose digest is not the pinned one. `fileName` is its name without folders, for the line a
 * notebook prints when it falls back to other data (lib/datasets/failure.ts).
 */
export class ChecksumError extends Error {
  constructor(message: string, readonly fileName: string) {
    super(message);
  }
}

/**
 * Throw a ChecksumError if `bytes` do not match `expected`; the error names the file (`file`, which may say
 * where it came from; `fileName` its bare name, default the last part of `file`) and both digests.
 */
export function verifyChecksums(bytes: Uint8Array, expected: Checksums, file: string, fileName = path.basename(file)): void {
  for (const algorithm of ["sha256", "md5"] as const) {
    const want = expected[algorithm];
    if (want === undefined) continue;
    const got = digest(bytes, algorithm);
    if (got !== want.toLowerCase()) {
      throw new ChecksumError(`checksum mismatch for ${file}: ${algorithm} is ${got}, expected ${want} (corrupt or a different file)`, fileName);
    }
  }
}
