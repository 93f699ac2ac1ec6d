/**
 * The course glossary (notebooks/glossary.ipynb): one term per concept per language, read from
 * `notebooks/i18n/<lang>/glossary.json` ({ lang, terms: [{ term, en, definition, first_used, source }] }).
 */
import * as fs from "fs";
import * as path from "path";
import { packageRoot } from "../package-root";
import { currentLang, LANG_NAMES, type Lang } from "./lang";
import { t } from "./t";

export interface GlossaryTerm {
  /** The term in the glossary's language. */
  term: string;
  /** The English term. */
  en: string;
  /** A one-line definition in the glossary's language. */
  definition: string;
  /** The notebook that first uses it, e.g. "01-image-kernels.ipynb". */
  first_used: string;
  /** "deck" when taken from the language's lecture deck, else "standard". */
  source: "deck" | "standard";
}

export interface Glossary {
  lang: Lang;
  terms: GlossaryTerm[];
}

/** `<courseDir>/i18n/<lang>/glossary.json`. */
export function glossaryFile(courseDir: string, lang: Lang): string {
  return path.join(courseDir, "i18n", lang, "glossary.json");
}

/** Reads and checks a glossary; errors name the file, the entry and the field. */
export function readGlossary(file: string, lang: Lang): Glossary {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`glossary ${file}: ${(err as Error).message}`);
  }
  const g = json as Partial<Glossary>;
  if (typeof g !== "object" || g === null || g.lang !== lang) throw new Error(`glossary ${file}: "lang" must be ${JSON.stringify(lang)}, got ${JSON.stringify(g?.lang)}`);
  if (!Array.isArray(g.terms)) throw new Error(`glossary ${file}: "terms" must be an array`);
  g.terms.forEach((term, i) => {
    for (const field of ["term", "en", "definition", "first_used"] as const) {
      if (typeof term?.[field] !== "string" || term[field].trim() === "") throw new Error(`glossary ${file}: terms[${i}].${field} must be a non-empty string, got ${JSON.stringify(term?.[field])}`);
    }
    if (term.source !== "deck" && term.source !== "standard") throw new Error(`glossary ${file}: terms[${i}].source must be "deck" or "standard", got ${JSON.stringify(term.source)}`);
  });
  return g as Glossary;
}

/**
 * The glossary as table rows with headers in its language: for English, term / definition /
 * first used; for the others, also the English term and where the term comes from.
 */
export function glossaryRows(glossary: Glossary): Record<string, string>[] {
  const lang = glossary.lang;
  const h = (key: Parameters<typeof t>[0]) => t(key, {}, lang);
  return glossary.terms.map((x) =>
    lang === "en"
      ? { [h("glossary.term")]: x.term, [h("glossary.definition")]: x.definition, [h("glossary.firstUsed")]: x.first_used }
      : { [h("glossary.term")]: x.term, [h("glossary.english")]: x.en, [h("glossary.definition")]: x.definition, [h("glossary.firstUsed")]: x.first_used, [h("glossary.source")]: h(x.source === "deck" ? "glossary.deck" : "glossary.standard") },
  );
}

/**
 * The glossary of `lang` (default: currentLang(), so a localised run shows its own language)
 * from the course folder `courseDir` (default: the notebook's working folder).
 */
export function loadGlossary(lang: Lang = currentLang(), courseDir = process.cwd()): Glossary {
  // A copy of the course without the translations beside it (the student edition `cnnlab assign` writes, a notebook
  // moved elsewhere) reads the glossaries the package ships with its notebooks.
  const beside = glossaryFile(courseDir, lang);
  const shipped = glossaryFile(path.join(packageRoot(), "notebooks"), lang);
  return readGlossary(fs.existsSync(beside) || !fs.existsSync(shipped) ? beside : shipped, lang);
}

/** The table's title, e.g. "Słownik pojęć: Polski". */
export function glossaryTitle(lang: Lang): string {
  return t("glossary.title", { language: LANG_NAMES[lang] }, lang);
}
