/** The --lang flags and `cnnlab i18n check`, as a user runs them: `node bin/cnnlab.js …` in a fresh process and a temp folder. */
import * as fs from "fs";
import * as path from "path";
import { cellSource, readNotebook, writeNotebook } from "../../lib/notebook/io";
import type { CodeCell } from "../../lib/notebook/types";
import { RECORD_MIME } from "../../lib/course/record";
import { cnnlab, removeTempDirs, tempDir } from "../cli/spawn";
import { ASSIGNMENT_PL, LESSON_MD, LESSON_PL, writeCourse } from "./fixtures";

afterAll(removeTempDirs);

const stdout = (cell: CodeCell) => cell.outputs.map((o) => (o.output_type === "stream" ? ([] as string[]).concat(o.text).join("") : "")).join("");
const records = (cell: CodeCell) => cell.outputs.flatMap((o) => (o.output_type === "display_data" && o.data[RECORD_MIME] ? [o.data[RECORD_MIME]] : []));
const values = (cell: CodeCell) => records(cell).filter((r) => !(r as { selfCheck?: unknown }).selfCheck);

describe("cnnlab i18n check", () => {
  it("an up-to-date language: counts, exit 0", () => {
    const course = writeCourse(tempDir());
    const r = cnnlab(["i18n", "check", course, "--lang", "pl"], { cwd: course });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^pl: 3\/3 markdown cells of 2 notebooks translated and up to date \(\d+ words\)$/m);
    expect(r.status).toBe(0);
  });

  it("a changed English cell is reported stale, a language without files as missing: exit 1", () => {
    const course = writeCourse(tempDir());
    const file = path.join(course, "lesson.ipynb");
    const nb = readNotebook(file);
    nb.cells[0].source = LESSON_MD.intro.replace("largest", "biggest");
    writeNotebook(file, nb);
    const r = cnnlab(["i18n", "check", course], { cwd: course });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('lesson.ipynb: cell 1 (id "m1"): stale (its English changed since it was translated)');
    expect(r.stdout).toMatch(/^pl: 2\/3 markdown cells/m);
    expect(r.stdout).toContain(`lesson.ipynb: no translation file ${path.join("i18n", "cs", "lesson.json")} (2 markdown cells)`);
    for (const lang of ["cs", "sk", "ru", "es"]) expect(r.stdout).toMatch(new RegExp(`^${lang}: 0/3 markdown cells`, "m"));
  });
});

describe("cnnlab run --lang pl", () => {
  let dir: string;
  let r: ReturnType<typeof cnnlab>;

  beforeAll(() => {
    dir = tempDir();
    writeCourse(dir);
    r = cnnlab(["run", "course/lesson.ipynb", "--lang", "pl", "--quick"], { cwd: dir });
  });

  it("prints its progress in Polish and exits 0", () => {
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^course\/lesson\.ipynb \(1\/1, tryb szybki, język pl\)$/m);
    expect(r.stdout).toMatch(/^ {2}\[1\/1\] komórka 2 ok \d+\.\ds$/m);
    expect(r.stdout).toMatch(/^1 notatnik w [\d.]+ s: 1 ok, 0 z błędem\./m);
  });

  it("writes the localised notebook into reports/pl/: Polish markdown, the same code, metadata cnnlab.lang", () => {
    const out = readNotebook(path.join(dir, "reports", "pl", "lesson.ipynb"));
    expect(out.metadata.cnnlab).toMatchObject({ lang: "pl" });
    expect(cellSource(out.cells[0])).toBe(LESSON_PL.intro);
    expect(cellSource(out.cells[2])).toBe(LESSON_PL.formula);
    expect(cellSource(out.cells[1])).toBe(cellSource(readNotebook(path.join(dir, "course", "lesson.ipynb")).cells[1]));
    const html = fs.readFileSync(path.join(dir, "reports", "pl", "lesson.html"), "utf8");
    expect(html).toContain('<html lang="pl">');
    expect(html).toContain("Max pooling zachowuje największą wartość każdego okna.");
    expect(html).toMatch(/<span>komórka 2 \[1\]<\/span>/);
    expect(html).toContain("wszystkie komórki wykonane");
  });

  it("the kernel runs with CNNLAB_LANG=pl: library strings and self-checks print Polish, values are recorded as in English", () => {
    const cell = readNotebook(path.join(dir, "reports", "pl", "lesson.ipynb")).cells[1] as CodeCell;
    expect(stdout(cell)).toBe("Uczenie\n✗ Exercise 1: różni się o czynnik około 1.1 (za duże)\n");
    expect(values(cell)).toEqual([{ y: 9, lang: "pl" }]);
    expect(records(cell)).toContainEqual({ selfCheck: { name: "Exercise 1", status: "wrong" } });
  });

  it("reports/index.html links every language that has reports; an English run adds itself", () => {
    const pl = fs.readFileSync(path.join(dir, "reports", "pl", "index.html"), "utf8");
    expect(pl).toContain('<html lang="pl">');
    expect(pl).toContain("Raporty cnnlab");
    expect(pl).toContain('href="lesson.html"');
    expect(pl).toContain('<a href="../index.html" hreflang="en">English</a>');
    expect(fs.readFileSync(path.join(dir, "reports", "index.html"), "utf8")).toContain('<a href="pl/index.html" hreflang="pl">Polski</a>');
    const en = cnnlab(["run", "course/lesson.ipynb", "--quick"], { cwd: dir });
    expect(en.status).toBe(0);
    const top = fs.readFileSync(path.join(dir, "reports", "index.html"), "utf8");
    expect(top).toContain('href="lesson.html"');
    expect(top).toContain('<a href="pl/index.html" hreflang="pl">Polski</a>');
    const enCell = readNotebook(path.join(dir, "reports", "lesson.ipynb")).cells[1] as CodeCell;
    expect(stdout(enCell)).toBe("Training\n✗ Exercise 1: off by a factor of about 1.1 (too large)\n");
    expect(values(enCell)).toEqual([{ y: 9, lang: "en" }]);
  });

  it("a stale translation stops the run before any notebook runs, naming the notebook and cell", () => {
    const other = tempDir();
    const course = writeCourse(other);
    const nb = readNotebook(path.join(course, "lesson.ipynb"));
    nb.cells[2].source = "$$y = \\max_{a} x_{a}$$";
    writeNotebook(path.join(course, "lesson.ipynb"), nb);
    const stale = cnnlab(["run", "course", "--lang", "pl"], { cwd: other });
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain("cnnlab run: --lang pl: 1 notebook cannot be localised:");
    expect(stale.stderr).toContain('cell 3 (id "m2"): stale');
    expect(fs.existsSync(path.join(other, "reports"))).toBe(false);
  });
});

describe("cnnlab assign --lang pl", () => {
  it("writes a localised student edition beside the instructor's, keeping metadata cnnlab.lang", () => {
    const dir = tempDir();
    const course = writeCourse(dir);
    const r = cnnlab(["assign", path.join("course", "assignments", "tiny.instructor.ipynb"), "--lang", "pl"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const file = path.join(course, "assignments", "tiny.pl.ipynb");
    expect(r.stdout).toBe(`zapisano ${path.join("course", "assignments", "tiny.pl.ipynb")}\n`); // said in the edition's language
    const student = readNotebook(file);
    expect(student.metadata.cnnlab).toMatchObject({ lang: "pl", role: "student" });
    expect(cellSource(student.cells[0])).toBe(ASSIGNMENT_PL);
    expect(cellSource(student.cells[1])).not.toContain("2 * v");
    expect(fs.existsSync(path.join(course, "assignments", "tiny.ipynb"))).toBe(false); // the English edition's name is left alone
  });
});

describe("a bad --lang", () => {
  it.each([
    [["run", "x.ipynb", "--lang", "de"]],
    [["assign", "x.instructor.ipynb", "--lang", "de"]],
    [["i18n", "check", "--lang", "de"]],
    [["jupyter", "--lang", "de", "--no-browser"]],
  ])("%j: an error naming the flag, the value and the allowed ones; exit 1, nothing written", (argv) => {
    const dir = tempDir();
    const r = cnnlab(argv, { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--lang must be one of en, pl, cs, sk, ru, es, got "de"');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
