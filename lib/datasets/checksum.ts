/** Checksums of downloaded and bundled files. */
import * as crypto from "crypto";

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

/** Throw if `bytes` do not match `expected`; the error names the file and both digests. */
export function verifyChecksums(bytes: Uint8Array, expected: Checksums, file: string): void {
  for (const algorithm of ["sha256", "md5"] as const) {
    const want = expected[algorithm];
    if (want === undefined) continue;
    const got = digest(bytes, algorithm);
    if (got !== want.toLowerCase()) {
      throw new Error(`checksum mismatch for ${file}: ${algorithm} is ${got}, expected ${want} (corrupt or a different file)`);
    }
  }
}
