/**
 * Downloads into the cache: checksum-verified, written to a temporary file and renamed, so a
 * failed or interrupted download never leaves a half-written file under the final name.
 */
import * as fs from "fs";
import * as path from "path";
import { Checksums, verifyChecksums } from "./checksum";

/** The subset of the global `fetch` we use; injectable so tests can serve files. */
export type FetchFn = (url: string) => Promise<{ ok: boolean; status: number; statusText: string; arrayBuffer(): Promise<ArrayBuffer> }>;

/** One file of a data set: its name in the folder, where to get it, and its digests. */
export interface RemoteFile {
  name: string;
  url: string;
  checksums: Checksums;
}

/**
 * Fetch `file.url` and write it to `dir/file.name` if its checksums match. On any failure the
 * temporary file is removed and the error names the URL and the file.
 */
export async function downloadVerified(file: RemoteFile, dir: string, fetchFn: FetchFn = globalThis.fetch as FetchFn): Promise<string> {
  const dest = path.join(dir, file.name);
  let bytes: Uint8Array;
  try {
    const response = await fetchFn(file.url);
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    throw new Error(`could not download ${file.url} to ${dest}: ${(e as Error).message}`);
  }
  verifyChecksums(bytes, file.checksums, `${file.name} downloaded from ${file.url}`);
  writeFileAtomic(dest, bytes);
  return dest;
}

import { writeFileAtomic } from "../fs/atomic-write";
export { writeFileAtomic };

/** The error for missing files when offline or when `download` is off: which files, where, from where. */
export function missingFilesError(dataset: string, dir: string, missing: RemoteFile[], hint: string): Error {
  const list = missing.map((f) => `  ${path.join(dir, f.name)}   <- ${f.url}`).join("\n");
  const where = fs.existsSync(dir) ? dir : `${dir} (the folder does not exist)`;
  return new Error(`${dataset}: missing files in ${where}:\n${list}\n${hint}`);
}
