/** Writing files so that readers never see a half-written one. */
import * as fs from "fs";
import * as path from "path";

/**
 * Writes `data` to a temporary file beside `file`, then renames it over `file`
 * (rename is atomic within one file system). Creates the parent folder if needed.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
