/** notebooks/glossary.ipynb: the glossary table of the language it runs in (English here; test/i18n runs it localised). */
import * as path from "path";
import { describeFailure, PACKAGE_ROOT, runNotebookForTest } from "./harness";
import { lastJson, tableCount } from "./cell-outputs";
import { readGlossary } from "../../lib/i18n/glossary";

it("shows the English glossary: one row per term, with its definition and first use", async () => {
  const run = await runNotebookForTest(path.join(PACKAGE_ROOT, "notebooks", "glossary.ipynb"));
  expect(describeFailure(run)).toBe("ok");
  const glossary = readGlossary(path.join(PACKAGE_ROOT, "notebooks", "i18n", "en", "glossary.json"), "en");
  expect(glossary.terms.length).toBeGreaterThanOrEqual(40);
  expect(lastJson(run, "glossary")).toEqual({ glossary: { lang: "en", terms: glossary.terms.length } });
  expect(tableCount(run, "glossary")).toBe(1);
  const html = run.bundles("glossary").map((b) => String(b["text/html"] ?? "")).join("");
  expect(html).toContain("Glossary: English");
  expect([...html.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1])).toEqual(["term", "definition", "first used in"]);
  for (const term of glossary.terms) expect(html).toContain(`>${term.term}</td>`);
}, 300_000);
