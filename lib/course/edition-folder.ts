/**
 * The student edition of a folder of notebooks (`cnnlab assign notebooks --out student/`): the
 * same layout, every notebook in its student edition (an assignment's `x.instructor.ipynb`
 * becomes `x.ipynb`), every other file copied. It is written into a staging folder beside the
 * output and renamed into place at the end, so a failure leaves nothing half-written.
 */
import * as fs from "fs";
import * as path from "path";
import { defaultStudentPath } from "../grading/assign";
import { readNotebook, serializeNotebook } from "../notebook/io";
import { studentEdition } from "./student-edition";
import type { Lang } from "../i18n/lang";
import { localiseFile } from "../i18n/notebook";

export interface StudentEditionArgs {
  /** Replace an output folder that exists and is not empty (only once the new edition is complete). Default: false. */
  force?: boolean;
  /** Localise every notebook into this language first (translations from `<inDir>/i18n/<lang>/`). Default: "en" (as written). */
  lang?: Lang;
}

/** What was written, as paths relative to the output folder. */
export interface StudentEditionSummary {
  notebooks: string[];
  copied: string[];
}

const INSTRUCTOR = /\.instructor\.ipynb$/;

/** Files and folders never part of an edition: hidden ones (checkpoints, caches) and installed packages. */
function skipped(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** Writes the student edition of the folder `inDir` to `outDir`; throws naming the argument or file at fault. */
export function writeStudentEditionFolder(inDir: string, outDir: string, args: StudentEditionArgs = {}): StudentEditionSummary {
  const from = path.resolve(inDir);
  const to = path.resolve(outDir);
  if (!fs.statSync(from, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`<notebooks> must be a folder of notebooks, got ${JSON.stringify(inDir)}`);
  if (isInside(to, from) || isInside(from, to)) {
    throw new Error(`--out ${JSON.stringify(outDir)} must be a folder outside ${JSON.stringify(inDir)} that does not contain it`);
  }
  const existing = fs.statSync(to, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) throw new Error(`--out ${JSON.stringify(outDir)} exists and is not a folder`);
  if (existing && fs.readdirSync(to).length > 0 && !args.force) {
    throw new Error(`--out ${JSON.stringify(outDir)} exists and is not empty; choose another folder or pass --force to replace it`);
  }
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const stage = fs.mkdtempSync(path.join(path.dirname(to), `.${path.basename(to)}.partial-`));
  const summary: StudentEditionSummary = { notebooks: [], copied: [] };
  try {
    writeFolder(from, stage, "", summary, args.lang ?? "en");
    if (existing) {
      const old = fs.mkdtempSync(path.join(path.dirname(to), `.${path.basename(to)}.old-`));
      fs.renameSync(to, path.join(old, "edition"));
      fs.renameSync(stage, to);
      fs.rmSync(old, { recursive: true, force: true });
    } else {
      fs.renameSync(stage, to);
    }
  } catch (err) {
    fs.rmSync(stage, { recursive: true, force: true });
    throw err;
  }
  return summary;
}

function writeFolder(from: string, to: string, rel: string, summary: StudentEditionSummary, lang: Lang): void {
  // Localised before the solutions are stubbed: written answers are blanked in the edition's language.
  const edition = (file: string) => studentEdition(localiseFile(readNotebook(file), file, lang, from), file);
  const dir = path.join(from, rel);
  fs.mkdirSync(path.join(to, rel), { recursive: true });
  const names = fs.readdirSync(dir).filter((n) => !skipped(n)).sort();
  for (const name of names) {
    const relPath = path.join(rel, name);
    const stat = fs.statSync(path.join(from, relPath));
    if (stat.isDirectory()) {
      writeFolder(from, to, relPath, summary, lang);
    } else if (INSTRUCTOR.test(name)) {
      const file = path.join(from, relPath);
      const outRel = defaultStudentPath(relPath);
      fs.writeFileSync(path.join(to, outRel), serializeNotebook(edition(file)));
      summary.notebooks.push(outRel);
    } else if (name.endsWith(".ipynb")) {
      // An assignment's student notebook is made from its instructor notebook above, not copied.
      if (names.includes(name.replace(/\.ipynb$/, ".instructor.ipynb"))) continue;
      const file = path.join(from, relPath);
      fs.writeFileSync(path.join(to, relPath), serializeNotebook(edition(file)));
      summary.notebooks.push(relPath);
    } else {
      fs.copyFileSync(path.join(from, relPath), path.join(to, relPath));
      summary.copied.push(relPath);
    }
  }
}
