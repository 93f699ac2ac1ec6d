/**
 * `cnnlab i18n check`: which markdown cells of a course folder have no up-to-date translation,
 * per language, and how much is translated (cells and words).
 */
import * as fs from "fs";
import * as path from "path";
import { readNotebook } from "../notebook/io";
import type { Lang } from "./lang";
import { translator } from "./t";
import { checkTranslations, describeProblems, readTranslations, translationFile, translationStem } from "./notebook";

/** Folders of a course that hold no notebooks of its own. */
const SKIP = new Set(["i18n", "node_modules", ".ipynb_checkpoints", ".git"]);

/**
 * The notebooks of a course folder, relative to it, sorted; an assignment whose student edition
 * exists is checked through it (its instructor edition shares the translation file and the
 * markdown), so each translation file is checked once.
 */
export function courseNotebooks(courseDir: string): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(courseDir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(e.name) && !e.name.startsWith(".")) walk(r);
      } else if (e.name.endsWith(".ipynb") && !e.name.startsWith(".")) found.push(r);
    }
  };
  walk("");
  const all = new Set(found);
  return found.filter((r) => !(r.endsWith(".instructor.ipynb") && all.has(r.replace(/\.instructor\.ipynb$/, ".ipynb")))).sort();
}

export interface LanguageCheck {
  lang: Lang;
  notebooks: number;
  markdownCells: number;
  /** Cells with an up-to-date translation, and the words of those translations. */
  translatedCells: number;
  translatedWords: number;
  /** "<notebook>: cell N (id …): no translation | stale …" lines. */
  problems: string[];
  /** Translated cell ids no notebook cell has any more (harmless, but worth removing). */
  orphans: string[];
}

const words = (text: string): number => (text.match(/[\p{L}\p{N}]+/gu) ?? []).length;

/** Checks every notebook of `courseDir` against its translations into `lang`; problems are described in `outputLang` (default English). */
export function checkLanguage(courseDir: string, lang: Lang, outputLang: Lang = "en"): LanguageCheck {
  const tr = translator(outputLang);
  const result: LanguageCheck = { lang, notebooks: 0, markdownCells: 0, translatedCells: 0, translatedWords: 0, problems: [], orphans: [] };
  for (const rel of courseNotebooks(courseDir)) {
    const nb = readNotebook(path.join(courseDir, rel));
    const file = translationFile(courseDir, lang, rel);
    const translations = readTranslations(file, lang);
    const problems = checkTranslations(nb, translations);
    const markdown = nb.cells.filter((c) => c.cell_type === "markdown");
    result.notebooks += 1;
    result.markdownCells += markdown.length;
    const bad = new Set(problems.map((p) => p.cellId));
    for (const c of markdown) {
      if (c.id && !bad.has(c.id) && translations) {
        result.translatedCells += 1;
        result.translatedWords += words(translations.cells[c.id].text);
      }
    }
    const where = translationStem(rel) + ".ipynb";
    if (translations === null && markdown.length > 0) result.problems.push(`${rel}: ${tr("i18n.noFile", { file: path.relative(courseDir, file), count: markdown.length })}`);
    else result.problems.push(...describeProblems(problems, outputLang).map((p) => `${rel}: ${p}`));
    const ids = new Set(markdown.map((c) => c.id));
    if (translations) result.orphans.push(...Object.keys(translations.cells).filter((id) => !ids.has(id)).map((id) => `${where}: ${tr("i18n.orphan", { id: JSON.stringify(id) })}`));
  }
  return result;
}
