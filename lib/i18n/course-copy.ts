/**
 * A localised copy of the course for Jupyter (`cnnlab jupyter --lang pl` writes notebooks-pl/ beside
 * notebooks/, so `../datasets` and `import "cnnlab"` resolve as in the original). A student's
 * notebooks there are their work: files that exist are kept, only missing ones are written.
 */
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../fs/atomic-write";
import { readNotebook, serializeNotebook } from "../notebook/io";
import type { Lang } from "./lang";
import { localiseFile } from "./notebook";

export interface CourseCopy {
  /** Paths relative to the copy: files written now, and files that were there and are kept. */
  written: string[];
  kept: string[];
}

// i18n/ is copied too: the glossary notebook reads its table from it.
const SKIP = new Set(["node_modules", ".ipynb_checkpoints", ".git"]);

function files(dir: string, rel = ""): string[] {
  return fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .filter((e) => !SKIP.has(e.name) && !e.name.startsWith("."))
    .flatMap((e) => (e.isDirectory() ? files(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]))
    .sort();
}

/**
 * Writes the course folder `courseDir` localised into `lang` to `outDir`. Every notebook is
 * localised before anything is written, so a missing or stale translation fails with nothing written.
 */
export function writeLocalisedCourse(courseDir: string, outDir: string, lang: Lang): CourseCopy {
  const all = files(courseDir);
  const notebooks = new Map<string, string>();
  for (const rel of all.filter((r) => r.endsWith(".ipynb"))) {
    const file = path.join(courseDir, rel);
    notebooks.set(rel, serializeNotebook(localiseFile(readNotebook(file), file, lang, courseDir)));
  }
  const copy: CourseCopy = { written: [], kept: [] };
  for (const rel of all) {
    const target = path.join(outDir, rel);
    if (fs.existsSync(target)) {
      copy.kept.push(rel);
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const text = notebooks.get(rel);
    if (text !== undefined) writeFileAtomic(target, text);
    else fs.copyFileSync(path.join(courseDir, rel), target);
    copy.written.push(rel);
  }
  return copy;
}
