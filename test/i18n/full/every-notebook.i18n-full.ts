/**
 * `npm run test:i18n-full` (not in CI: it runs the course once per language): every course notebook
 * and every assignment's instructor edition, in every language (or those in CNNLAB_I18N_LANGS,
 * e.g. "pl,ru"), run with `cnnlab run --lang` in quick mode; each runs clean, leaves no markdown
 * in English, and records what the English run records.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadGlossary } from "../../../lib/i18n/glossary";
import { LANGS, parseLang, type Lang } from "../../../lib/i18n/lang";
import { englishLeft, PACKAGE_ROOT, recordedValues, runCourseNotebooks, runProblem, withinRunNoise } from "../compare-runs";

const chosen: Lang[] = process.env.CNNLAB_I18N_LANGS ? process.env.CNNLAB_I18N_LANGS.split(",").map((l) => parseLang(l.trim(), "CNNLAB_I18N_LANGS")) : LANGS.filter((l) => l !== "en");
const notebooksDir = path.join(PACKAGE_ROOT, "notebooks");
const NOTEBOOKS = [
  ...fs.readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")),
  ...fs.readdirSync(path.join(notebooksDir, "assignments")).filter((f) => f.endsWith(".instructor.ipynb")).map((f) => `assignments/${f}`),
].sort();

const out = fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-i18n-full-"));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

// Each notebook on its own, so one failing notebook does not hide the others.
const english = new Map<string, ReturnType<typeof runCourseNotebooks>>();
const englishRun = (nb: string) => {
  if (!english.has(nb)) english.set(nb, runCourseNotebooks([nb], "en", path.join(out, "en-" + nb.replace(/\W/g, "_"))));
  return english.get(nb)!.get(nb)!;
};

function glossaryValues(english: Record<string, unknown[]>, lang: Lang): Record<string, unknown[]> {
  const own = { glossary: { lang, terms: loadGlossary(lang, notebooksDir).terms.length } };
  expect(Object.values(english)).toEqual([[{ glossary: { lang: "en", terms: loadGlossary("en", notebooksDir).terms.length } }]]);
  return Object.fromEntries(Object.keys(english).map((id) => [id, [own]]));
}

describe.each(chosen)("%s", (lang) => {
  it.each(NOTEBOOKS)(
    "%s: runs clean, no English markdown, the English run's recorded values",
    (nb) => {
      const en = englishRun(nb);
      const localised = runCourseNotebooks([nb], lang, path.join(out, `${lang}-${nb.replace(/\W/g, "_")}`)).get(nb)!;
      expect(runProblem(en)).toBeNull();
      expect(runProblem(localised)).toBeNull();
      expect(localised.metadata.cnnlab).toMatchObject({ lang });
      expect(englishLeft(localised, en)).toEqual([]);
      // Equal, numbers up to float32 run-to-run noise (see withinRunNoise). The glossary is the one notebook whose
      // values differ by design: it records its language and that language's number of terms.
      const expected = nb === "glossary.ipynb" ? glossaryValues(recordedValues(en), lang) : recordedValues(en);
      expect(withinRunNoise(recordedValues(localised), expected)).toEqual(expected);
    },
    3_000_000,
  );
});
