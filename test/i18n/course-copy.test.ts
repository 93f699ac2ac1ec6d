/** The localised copy `cnnlab jupyter --lang` opens: every notebook localised, other files copied, a student's edits kept. */
import * as fs from "fs";
import * as path from "path";
import { writeLocalisedCourse } from "../../lib/i18n/course-copy";
import { cellSource, readNotebook, writeNotebook } from "../../lib/notebook/io";
import { removeTempDirs, tempDir } from "../cli/spawn";
import { ASSIGNMENT_PL, LESSON_PL, writeCourse } from "./fixtures";

afterAll(removeTempDirs);

it("writes every notebook localised (the instructor edition through its student file) and copies the rest", () => {
  const course = writeCourse(tempDir());
  fs.writeFileSync(path.join(course, "README.md"), "# Course\n");
  const to = path.join(tempDir(), "notebooks-pl");
  const copy = writeLocalisedCourse(course, to, "pl");
  expect(copy.kept).toEqual([]);
  expect(copy.written).toEqual(expect.arrayContaining(["README.md", "lesson.ipynb", path.join("assignments", "tiny.instructor.ipynb"), path.join("i18n", "pl", "lesson.json")]));
  const lesson = readNotebook(path.join(to, "lesson.ipynb"));
  expect(cellSource(lesson.cells[0])).toBe(LESSON_PL.intro);
  expect(lesson.metadata.cnnlab).toEqual({ lang: "pl" });
  expect(cellSource(readNotebook(path.join(to, "assignments", "tiny.instructor.ipynb")).cells[0])).toBe(ASSIGNMENT_PL);
});

it("keeps a notebook the student has edited, writes only what is missing", () => {
  const course = writeCourse(tempDir());
  const to = path.join(tempDir(), "notebooks-pl");
  writeLocalisedCourse(course, to, "pl");
  const mine = readNotebook(path.join(to, "lesson.ipynb"));
  mine.cells[1].source = "// my work\n";
  writeNotebook(path.join(to, "lesson.ipynb"), mine);
  fs.rmSync(path.join(to, "assignments"), { recursive: true });
  const again = writeLocalisedCourse(course, to, "pl");
  expect(again.kept).toContain("lesson.ipynb");
  expect(again.written).toEqual([path.join("assignments", "tiny.instructor.ipynb")]);
  expect(cellSource(readNotebook(path.join(to, "lesson.ipynb")).cells[1])).toBe("// my work\n");
});

it("a stale translation: an error naming the notebook and cell, nothing written", () => {
  const course = writeCourse(tempDir());
  const nb = readNotebook(path.join(course, "lesson.ipynb"));
  nb.cells[0].source = "# Changed\n";
  writeNotebook(path.join(course, "lesson.ipynb"), nb);
  const to = path.join(tempDir(), "notebooks-pl");
  expect(() => writeLocalisedCourse(course, to, "pl")).toThrow(/lesson\.ipynb: the pl translation is not up to date[\s\S]*cell 1 \(id "m1"\): stale/);
  expect(fs.existsSync(to)).toBe(false);
});
