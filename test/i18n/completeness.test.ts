/**
 * The translations of the committed course (notebooks/i18n/<lang>/): for every language, every
 * markdown cell of every notebook (course and assignments, both editions) has an up-to-date
 * translation that is not its English left as it was (unless the cell has no words, e.g. only a
 * formula), keeps the cell's formulas and heading levels; every language has its glossary.
 */
import * as fs from "fs";
import * as path from "path";
import { readGlossary } from "../../lib/i18n/glossary";
import { LANGS } from "../../lib/i18n/lang";
import { cellHash, readTranslations, translationFile } from "../../lib/i18n/notebook";
import { cellSource, readNotebook } from "../../lib/notebook/io";
import { formulas, hasWords, headingLevels } from "./markdown";

const COURSE = path.resolve(__dirname, "..", "..", "notebooks");
const notebooks: string[] = [];
(function walk(rel: string) {
  for (const e of fs.readdirSync(path.join(COURSE, rel), { withFileTypes: true })) {
    if (e.isDirectory() && e.name !== "i18n" && !e.name.startsWith(".")) walk(path.join(rel, e.name));
    else if (e.name.endsWith(".ipynb")) notebooks.push(path.join(rel, e.name));
  }
})("");
notebooks.sort();
const markdownOf = (rel: string) => readNotebook(path.join(COURSE, rel)).cells.flatMap((c, i) => (c.cell_type === "markdown" ? [{ n: i + 1, id: c.id ?? "", source: cellSource(c) }] : []));

it("an assignment's two editions have the same markdown cells (one translation file serves both)", () => {
  const pairs = notebooks.filter((r) => r.endsWith(".instructor.ipynb") && notebooks.includes(r.replace(/\.instructor\.ipynb$/, ".ipynb")));
  expect(pairs.length).toBeGreaterThan(0);
  // Ids and text alike (positions differ: hidden tests are code cells only the instructor's edition has).
  const cells = (rel: string) => markdownOf(rel).map(({ id, source }) => ({ id, source }));
  for (const instructor of pairs) expect([instructor, cells(instructor)]).toEqual([instructor, cells(instructor.replace(/\.instructor\.ipynb$/, ".ipynb"))]);
});

describe.each(LANGS.filter((l) => l !== "en"))("%s", (lang) => {
  it.each(notebooks)("%s: every markdown cell translated, up to date, not left in English, formulas and headings kept", (rel) => {
    const tr = readTranslations(translationFile(COURSE, lang, rel), lang);
    const problems = markdownOf(rel).flatMap(({ n, id, source }) => {
      const at = `cell ${n} (id ${JSON.stringify(id)})`;
      const cell = tr?.cells[id];
      if (!cell) return [`${at}: no translation`];
      if (cell.en !== cellHash(source)) return [`${at}: stale`];
      const out: string[] = [];
      if (cell.text === source && hasWords(source)) out.push(`${at}: the English left as it was`);
      if (formulas(cell.text).join("\n") !== formulas(source).join("\n")) out.push(`${at}: formulas differ from the English`);
      if (headingLevels(cell.text).join() !== headingLevels(source).join()) out.push(`${at}: heading levels ${headingLevels(cell.text).join(",")} differ from the English ${headingLevels(source).join(",")}`);
      return out;
    });
    expect(problems).toEqual([]);
  });

  it("has a glossary of at least 40 concepts, each first used in a notebook of the course", () => {
    const glossary = readGlossary(path.join(COURSE, "i18n", lang, "glossary.json"), lang);
    expect(glossary.terms.length).toBeGreaterThanOrEqual(40);
    const names = new Set(notebooks.map((r) => path.basename(r)));
    expect(glossary.terms.filter((x) => !names.has(path.basename(x.first_used))).map((x) => `${x.term}: ${x.first_used}`)).toEqual([]);
    // One term per concept: no English concept twice.
    const en = glossary.terms.map((x) => x.en);
    expect(en.filter((x, i) => en.indexOf(x) !== i)).toEqual([]);
  });
});

it("the English glossary: at least 40 concepts", () => {
  expect(readGlossary(path.join(COURSE, "i18n", "en", "glossary.json"), "en").terms.length).toBeGreaterThanOrEqual(40);
});

it("hasWords: formulas, code and images alone are not prose", () => {
  expect(hasWords("$$y = \\max_{a,b} x_{a,b}$$")).toBe(false);
  expect(hasWords("![](figure.png) `conv2d(x, k)` $n$")).toBe(false);
  expect(hasWords("$n$ is the size")).toBe(true);
  expect(formulas("a $x$ b $$\\frac{1}{2}$$ `$not$`")).toEqual(["$$\\frac{1}{2}$$", "$x$"]);
});
