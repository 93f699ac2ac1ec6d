import * as fs from "fs";
import * as path from "path";

/**
 * The cnnlab package root. Found by walking up from this file rather than by a fixed number
 * of `..`, because this file runs both as lib/datasets/*.ts (tests) and as
 * dist/lib/datasets/*.js (the built package).
 */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && fs.existsSync(path.join(dir, "datasets"))) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, "utf8")).name === "cnnlab") return dir;
      } catch {
        // not a readable manifest: keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`cnnlab: could not find the package root (a package.json named "cnnlab" next to a datasets/ folder) above ${__dirname}`);
    }
    dir = parent;
  }
}

/** The version in the package's own package.json. */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}
