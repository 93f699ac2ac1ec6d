/**
 * Where data lives: the package's own `datasets/` folder (shipped in the npm package) and
 * the per-user cache for downloads.
 */
import * as fs from "fs";
import * as os from "os";
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

/** The package's bundled data folder (`<package>/datasets`). */
export function bundledDataDir(): string {
  return path.join(packageRoot(), "datasets");
}

/** The download cache: `$CNNLAB_DATA` if set, else `~/.cache/cnnlab`. */
export function cacheDir(): string {
  const fromEnv = process.env.CNNLAB_DATA;
  return fromEnv && fromEnv.trim() !== "" ? fromEnv : path.join(os.homedir(), ".cache", "cnnlab");
}

/** The folder of an installed npm package (found through Node's resolution, as `require` would). */
export function npmPackageDir(name: string, neededFor: string): string {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new Error(`${neededFor} needs the npm package "${name}" (a dependency of cnnlab), which is not installed: run npm install ${name}`);
  }
}
