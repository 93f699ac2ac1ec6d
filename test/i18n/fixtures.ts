/**
 * A tiny course for the i18n CLI tests: a lesson with two markdown cells (one words, one a formula)
 * around a code cell that prints library strings and records a value, an assignment with a
 * solution region, and their Polish translations; written into a temp folder whose
 * node_modules/cnnlab links to this checkout, so `import "cnnlab"` loads the code under test.
 */
import * as fs from "fs";
import * as path from "path";
import { cellHash } from "../../lib/i18n/notebook";
import { writeNotebook } from "../../lib/notebook/io";
import type { Cell, Notebook } from "../../lib/notebook/types";

export const PACKAGE_ROOT = path.resolve(__dirname, "../..");

const md = (id: string, source: string): Cell => ({ cell_type: "markdown", id, metadata: {}, source });
const code = (id: string, source: string, metadata: Record<string, unknown> = {}): Cell => ({ cell_type: "code", id, metadata, source, execution_count: null, outputs: [] });
const notebook = (cells: Cell[], cnnlab?: Record<string, unknown>): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "cnnlab", display_name: "TypeScript (cnnlab)", language: "typescript" }, ...(cnnlab ? { cnnlab } : {}) },
  cells,
});

export const LESSON_MD = {
  intro: "# Pooling\n\nMax pooling keeps the largest value of each window.\n",
  formula: "$$y = \\max_{a,b} x_{a,b}$$",
};
export const LESSON_PL = {
  intro: "# Warstwa łącząca\n\nMax pooling zachowuje największą wartość każdego okna.\n",
  formula: "$$y = \\max_{a,b} x_{a,b}$$",
};
/** Prints a catalogue string and a self-check line (both follow CNNLAB_LANG) and records a computed value. */
export const LESSON_CODE =
  'import { t, record, selfCheck, currentLang } from "cnnlab";\n' +
  "const y = Math.max(...[3, 9, 4]);\n" +
  'console.log(t("dashboard.title"));\n' +
  'selfCheck("Exercise 1", () => y + 1, y);\n' +
  "record({ y, lang: currentLang() });\n";

export function lesson(): Notebook {
  return notebook([md("m1", LESSON_MD.intro), code("c1", LESSON_CODE), md("m2", LESSON_MD.formula)]);
}

export const ASSIGNMENT_MD = "# Assignment: double\n\nWrite `double(x)`, which doubles every element.\n";
export const ASSIGNMENT_PL = "# Zadanie: double\n\nNapisz `double(x)`, która podwaja każdy element.\n";

export function assignmentInstructor(): Notebook {
  return notebook(
    [md("a1", ASSIGNMENT_MD), code("a2", "function double(x: number[]): number[] {\n  // BEGIN SOLUTION\n  return x.map((v) => 2 * v);\n  // END SOLUTION\n}\n")],
    { assignment: { name: "tiny", student_api: ["double"] } },
  );
}

function translations(lang: string, notebookName: string, cells: Record<string, [string, string]>): string {
  const out = { lang, notebook: notebookName, cells: Object.fromEntries(Object.entries(cells).map(([id, [en, text]]) => [id, { en: cellHash(en), text }])) };
  return JSON.stringify(out, null, 2) + "\n";
}

/** Writes the course into `<dir>/course` (and node_modules/cnnlab into `dir`); returns the course folder. */
export function writeCourse(dir: string): string {
  const course = path.join(dir, "course");
  fs.mkdirSync(path.join(course, "assignments"), { recursive: true });
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  fs.symlinkSync(PACKAGE_ROOT, path.join(dir, "node_modules", "cnnlab"), "dir");
  writeNotebook(path.join(course, "lesson.ipynb"), lesson());
  writeNotebook(path.join(course, "assignments", "tiny.instructor.ipynb"), assignmentInstructor());
  const pl = path.join(course, "i18n", "pl");
  fs.mkdirSync(path.join(pl, "assignments"), { recursive: true });
  fs.writeFileSync(path.join(pl, "lesson.json"), translations("pl", "lesson.ipynb", { m1: [LESSON_MD.intro, LESSON_PL.intro], m2: [LESSON_MD.formula, LESSON_PL.formula] }));
  fs.writeFileSync(path.join(pl, "assignments", "tiny.json"), translations("pl", "assignments/tiny.ipynb", { a1: [ASSIGNMENT_MD, ASSIGNMENT_PL] }));
  return course;
}
