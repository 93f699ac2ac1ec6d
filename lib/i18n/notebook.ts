/**
 * Localised notebooks (contract C, documented in notebooks/README.md): the translations of a
 * notebook's markdown cells live in `notebooks/i18n/<lang>/<stem>.json`, keyed by cell id, each
 * with the hash of the English it was made from, so a translation whose English changed since
 * is detected as stale. Code cells exist once and are never translated.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { splitLines } from "../notebook/io";
import type { Cell, MultilineString, Notebook } from "../notebook/types";
import { LANGS, type Lang } from "./lang";
import { translator } from "./t";

/** One translated cell: the hash of its English source and the translated markdown. */
export interface CellTranslation {
  en: string;
  text: string;
}

/** The contents of `notebooks/i18n/<lang>/<stem>.json`. */
export interface Translations {
  lang: Lang;
  notebook: string;
  cells: Record<string, CellTranslation>;
}

/** A markdown cell without a usable translation. */
export interface CellProblem {
  /** 1-based, as Jupyter shows it. */
  cellNumber: number;
  cellId: string;
  kind: "missing" | "stale" | "no id";
}

/**
 * The first 16 hex digits of SHA-256 of the cell source as stored (lines joined, UTF-8, no
 * trimming); Python: hashlib.sha256("".join(src).encode()).hexdigest()[:16].
 */
export function cellHash(source: MultilineString): string {
  const text = Array.isArray(source) ? source.join("") : source;
  return crypto.createHash("sha256").update(text, "utf8").digest("hex").slice(0, 16);
}

/**
 * The translation file's stem for a notebook path relative to the course folder:
 * "01-image-kernels.ipynb" → "01-image-kernels"; an assignment's instructor edition uses its
 * student edition's file ("assignments/a1-conv.instructor.ipynb" → "assignments/a1-conv").
 */
export function translationStem(relPath: string): string {
  return relPath.split(path.sep).join("/").replace(/(\.instructor)?\.ipynb$/, "");
}

/** `<courseDir>/i18n/<lang>/<stem>.json`. */
export function translationFile(courseDir: string, lang: Lang, relPath: string): string {
  return path.join(courseDir, "i18n", lang, ...`${translationStem(relPath)}.json`.split("/"));
}

/**
 * The course folder a notebook belongs to: the nearest folder at or above the notebook's own
 * that has an `i18n/` subfolder (the notebook's own folder when none has).
 */
export function courseDirOf(notebookFile: string): string {
  let dir = path.resolve(path.dirname(notebookFile));
  for (;;) {
    if (fs.statSync(path.join(dir, "i18n"), { throwIfNoEntry: false })?.isDirectory()) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(path.dirname(notebookFile));
    dir = up;
  }
}

/** Reads and checks a translation file; null when it does not exist. Errors name the file and the field. */
export function readTranslations(file: string, lang: Lang): Translations | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new Error(`cannot read translation file ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const o = json as Partial<Translations>;
  if (typeof o !== "object" || o === null) throw new Error(`${file}: expected an object {lang, notebook, cells}`);
  if (o.lang !== lang) throw new Error(`${file}: "lang" must be ${JSON.stringify(lang)} (the folder it is in), got ${JSON.stringify(o.lang)}`);
  // No "cells": a notebook without markdown (glossary.json is the glossary notebook's file and holds only its terms).
  if (o.cells === undefined) o.cells = {};
  if (typeof o.cells !== "object" || o.cells === null || Array.isArray(o.cells)) throw new Error(`${file}: "cells" must be an object of cell id → {en, text}`);
  for (const [id, c] of Object.entries(o.cells)) {
    if (typeof c !== "object" || c === null || typeof c.en !== "string" || typeof c.text !== "string") {
      throw new Error(`${file}: cell ${JSON.stringify(id)} must be {"en": "<16 hex>", "text": "<markdown>"}, got ${JSON.stringify(c)?.slice(0, 80)}`);
    }
  }
  return o as Translations;
}

/** The translations of `notebookFile` into `lang` (null when the language has no file for it). */
export function loadTranslations(notebookFile: string, lang: Lang, courseDir = courseDirOf(notebookFile)): Translations | null {
  const rel = path.relative(courseDir, path.resolve(notebookFile));
  return readTranslations(translationFile(courseDir, lang, rel), lang);
}

/** Markdown cells without an up-to-date translation, in notebook order. */
export function checkTranslations(nb: Notebook, translations: Translations | null): CellProblem[] {
  const problems: CellProblem[] = [];
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "markdown") return;
    if (!cell.id) return void problems.push({ cellNumber: i + 1, cellId: "", kind: "no id" });
    const tr = translations?.cells[cell.id];
    if (!tr) problems.push({ cellNumber: i + 1, cellId: cell.id, kind: "missing" });
    else if (tr.en !== cellHash(cell.source)) problems.push({ cellNumber: i + 1, cellId: cell.id, kind: "stale" });
  });
  return problems;
}

/** "cell 3 (id "abc"): stale" lines, in `outputLang` (default English: errors are read by developers). */
export function describeProblems(problems: CellProblem[], outputLang: Lang = "en"): string[] {
  const tr = translator(outputLang);
  return problems.map((p) => {
    const problem = tr(p.kind === "missing" ? "i18n.missing" : p.kind === "stale" ? "i18n.stale" : "i18n.noId");
    return p.cellId ? tr("i18n.cellWithId", { cell: p.cellNumber, id: JSON.stringify(p.cellId), problem }) : tr("i18n.cell", { cell: p.cellNumber, problem });
  });
}

/**
 * A copy of `nb` in `lang`: every markdown cell's source replaced by its translation, code and raw
 * cells untouched, metadata.cnnlab.lang set. Throws naming the notebook (`where`) and each cell
 * whose translation is missing or stale; "en" needs no translations.
 */
export function localiseNotebook(nb: Notebook, lang: Lang, translations: Translations | null, where = "notebook"): Notebook {
  if (!(LANGS as readonly string[]).includes(lang)) throw new Error(`localiseNotebook: lang must be one of ${LANGS.join(", ")}, got ${JSON.stringify(lang)}`);
  const cnnlab = typeof nb.metadata.cnnlab === "object" && nb.metadata.cnnlab !== null ? (nb.metadata.cnnlab as Record<string, unknown>) : {};
  const metadata = { ...nb.metadata, cnnlab: { ...cnnlab, lang } };
  if (lang === "en") return { ...nb, metadata, cells: nb.cells.map((c) => ({ ...c })) };
  const problems = checkTranslations(nb, translations);
  if (problems.length > 0 && translations === null) throw new Error(`${where}: no ${lang} translation of its ${problems.length} markdown cells (expected its file under i18n/${lang}/)`);
  if (problems.length > 0) {
    throw new Error(`${where}: the ${lang} translation is not up to date (run \`cnnlab i18n check --lang ${lang}\`):\n  ${describeProblems(problems).join("\n  ")}`);
  }
  const cells = nb.cells.map((cell): Cell => (cell.cell_type === "markdown" ? { ...cell, source: splitLines(translations!.cells[cell.id!].text) } : { ...cell }));
  return { ...nb, metadata, cells };
}

/** The notebook's language (metadata.cnnlab.lang) when it is one of LANGS, else "en" (a submission may carry anything). */
export function notebookLang(nb: Notebook): Lang {
  const m = nb.metadata.cnnlab as { lang?: unknown } | undefined;
  const lang = typeof m === "object" && m !== null ? m.lang : undefined;
  return typeof lang === "string" && (LANGS as readonly string[]).includes(lang) ? (lang as Lang) : "en";
}

/** Localises the notebook file `file` (read as `nb`) with its translations from its course folder; "en" gives `nb` itself, as written. */
export function localiseFile(nb: Notebook, file: string, lang: Lang, courseDir = courseDirOf(file)): Notebook {
  if (lang === "en") return nb;
  return localiseNotebook(nb, lang, loadTranslations(file, lang, courseDir), file);
}

