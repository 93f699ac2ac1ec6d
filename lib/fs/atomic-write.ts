/** Writing files so that readers never see a half-written one. */
import * as fs from "fs";
import * as path from "path";
import { sync as writeFileAtomicSync } from "write-file-atomic";

/**
 * Writes `data` to a temporary file beside `file`, then renames it over `file`
 * (write-file-atomic; rename is atomic within one file system). Creates the parent
 * folder if needed. An error names the file.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  try {
    writeFileAtomicSync(file, typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  } catch (err) {
    throw new Error(`could not write ${file}: ${(err as Error).message}`);
  }
}
