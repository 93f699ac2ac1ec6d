/** Localised notebooks: the cell hash matches Python's, markdown is replaced and nothing else, stale and missing translations are named. */
import * as fs from "fs";
import * as path from "path";
import { cellHash, checkTranslations, localiseNotebook, notebookLang, translationStem, type Translations } from "../../lib/i18n/notebook";
import type { CodeCell, Notebook } from "../../lib/notebook/types";

const vector = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "i18n", "hash-vector.json"), "utf8")) as { source: string[]; sha256_16: string; empty_sha256_16: string };

describe("cellHash", () => {
  it("equals Python's hashlib.sha256(''.join(source).encode()).hexdigest()[:16] (the vector in test/fixtures/i18n)", () => {
    expect(cellHash(vector.source)).toBe(vector.sha256_16);
    expect(cellHash("")).toBe(vector.empty_sha256_16);
  });

  it("a list of lines and the joined string hash alike; no trimming", () => {
    expect(cellHash(vector.source.join(""))).toBe(vector.sha256_16);
    expect(cellHash(vector.source.join("") + "\n")).not.toBe(vector.sha256_16);
  });
});

const md = (id: string, source: string | string[]) => ({ cell_type: "markdown" as const, id, metadata: {}, source });
const code = (id: string, source: string): CodeCell => ({ cell_type: "code", id, metadata: { tags: ["check:x"] }, source, execution_count: null, outputs: [] });
const nb = (): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "cnnlab" }, cnnlab: { role: "student" } },
  cells: [md("m1", ["# Pooling\n", "\n", "Max pooling keeps the largest value.\n"]), code("c1", "// max pooling\nconst y = 1;\n"), md("m2", "$$y = \\max_{a,b} x_{a,b}$$")],
});
const translations = (): Translations => ({
  lang: "pl",
  notebook: "n.ipynb",
  cells: {
    m1: { en: cellHash(["# Pooling\n", "\n", "Max pooling keeps the largest value.\n"]), text: "# Warstwa łącząca\n\nMax pooling zachowuje największą wartość.\n" },
    m2: { en: cellHash("$$y = \\max_{a,b} x_{a,b}$$"), text: "$$y = \\max_{a,b} x_{a,b}$$" },
  },
});

describe("localiseNotebook", () => {
  it("replaces every markdown cell, leaves code cells and the rest as they were, records the language", () => {
    const original = nb();
    const out = localiseNotebook(original, "pl", translations(), "n.ipynb");
    expect(out.cells.map((c) => c.cell_type)).toEqual(["markdown", "code", "markdown"]);
    expect((out.cells[0].source as string[]).join("")).toBe("# Warstwa łącząca\n\nMax pooling zachowuje największą wartość.\n");
    expect(out.cells[1]).toEqual(original.cells[1]);
    expect(out.cells.map((c) => c.id)).toEqual(["m1", "c1", "m2"]);
    expect(out.metadata).toEqual({ kernelspec: { name: "cnnlab" }, cnnlab: { role: "student", lang: "pl" } });
    expect(notebookLang(out)).toBe("pl");
    expect(original).toEqual(nb()); // the input is not changed
  });

  it("a cell whose English changed since it was translated is stale: an error naming the notebook, cell and id", () => {
    const changed = nb();
    changed.cells[0].source = "# Pooling\n\nMax pooling keeps the LARGEST value.\n";
    expect(checkTranslations(changed, translations())).toEqual([{ cellNumber: 1, cellId: "m1", kind: "stale" }]);
    expect(() => localiseNotebook(changed, "pl", translations(), "n.ipynb")).toThrow(/^n\.ipynb: the pl translation is not up to date[^\n]*\n {2}cell 1 \(id "m1"\): stale/);
  });

  it("a markdown cell without a translation is missing; a notebook without a file names the language", () => {
    const tr = translations();
    delete tr.cells.m2;
    expect(checkTranslations(nb(), tr)).toEqual([{ cellNumber: 3, cellId: "m2", kind: "missing" }]);
    expect(() => localiseNotebook(nb(), "pl", tr, "n.ipynb")).toThrow('cell 3 (id "m2"): no translation');
    expect(() => localiseNotebook(nb(), "ru", null, "n.ipynb")).toThrow("n.ipynb: no ru translation of its 2 markdown cells");
  });

  it("a notebook without markdown needs no translation file", () => {
    const codeOnly: Notebook = { ...nb(), cells: [code("c1", "1")] };
    expect(localiseNotebook(codeOnly, "es", null).metadata.cnnlab).toEqual({ role: "student", lang: "es" });
  });
});

it("an assignment's instructor edition uses its student edition's translation file", () => {
  expect(translationStem("01-image-kernels.ipynb")).toBe("01-image-kernels");
  expect(translationStem(path.join("assignments", "a1-conv.instructor.ipynb"))).toBe("assignments/a1-conv");
  expect(translationStem(path.join("assignments", "a1-conv.ipynb"))).toBe("assignments/a1-conv");
});
