/**
 * `cnnlab assign <instructor.ipynb> [-o student.ipynb]`: write the student version of an assignment
 * or a course notebook; `cnnlab assign <folder> --out <folder>`: the student edition of a whole course.
 */
import * as fs from "fs";
import { Command } from "commander";
import { readNotebook, writeNotebook } from "../notebook/io";
import { defaultStudentPath, hasSolution } from "../grading/assign";
import { isWrittenSolution } from "../course/written-answers";
import { studentEdition } from "../course/student-edition";
import { writeStudentEditionFolder } from "../course/edition-folder";
import { currentLang, type Lang } from "../i18n/lang";
import { translator } from "../i18n/t";
import { localiseFile } from "../i18n/notebook";
import { langOption } from "./options";

export function register(program: Command): void {
  program
    .command("assign")
    .description("write the student version of an instructor notebook, or of a folder of notebooks: solutions stubbed, written answers blanked, hidden tests removed, outputs cleared")
    .argument("<instructor>", "the instructor notebook (.ipynb) with // BEGIN SOLUTION … // END SOLUTION regions, or a folder of notebooks (e.g. notebooks)")
    .option("-o, --out <path>", "the student notebook to write (default: x.instructor.ipynb → x.ipynb, x.ipynb → x.student.ipynb); for a folder, the folder to write (required)")
    .option("--force", "for a folder: replace --out if it exists and is not empty", false)
    .option("--lang <lang>", "write the edition in this language (en, pl, cs, sk, ru, es; markdown from notebooks/i18n/<lang>/); the default --out of a notebook then ends in .<lang>.ipynb", langOption("--lang"))
    .action((instructor: string, opts: { out?: string; force: boolean; lang?: Lang }) => {
      try {
        // What it prints is in the edition's language (--lang), else the user's (CNNLAB_LANG).
        const tr = translator(opts.lang ?? currentLang());
        if (fs.statSync(instructor, { throwIfNoEntry: false })?.isDirectory()) {
          if (!opts.out) throw new Error(`--out <folder> is required when <instructor> is a folder (${JSON.stringify(instructor)})`);
          const { notebooks, copied } = writeStudentEditionFolder(instructor, opts.out, { force: opts.force, lang: opts.lang });
          console.log(tr("assign.wroteFolder", { out: opts.out, notebooks: tr("assign.notebooks", { count: notebooks.length }), files: tr("assign.otherFiles", { count: copied.length }) }));
          return;
        }
        if (!instructor.endsWith(".ipynb")) throw new Error(`<instructor> must be an .ipynb notebook, got ${JSON.stringify(instructor)}`);
        const lang = opts.lang ?? "en";
        // A localised edition never takes the English student edition's default name.
        const out = opts.out ?? (lang === "en" ? defaultStudentPath(instructor) : defaultStudentPath(instructor).replace(/\.ipynb$/, `.${lang}.ipynb`));
        if (out === instructor) throw new Error(`--out ${JSON.stringify(out)} would overwrite the instructor notebook; choose another file`);
        const nb = readNotebook(instructor);
        // A single notebook without any solution is almost surely the wrong file (a folder may hold such notebooks).
        if (!nb.cells.some((c) => isWrittenSolution(c) || (c.cell_type === "code" && hasSolution(c)))) {
          throw new Error(`${instructor}: no "// BEGIN SOLUTION" … "// END SOLUTION" regions; is this an instructor notebook?`);
        }
        // Localised first, so written answers are blanked in the edition's language and metadata.cnnlab.lang
        // travels with the student's submission (the grader writes its feedback in that language).
        writeNotebook(out, studentEdition(localiseFile(nb, instructor, lang), instructor));
        console.log(tr("assign.wrote", { out }));
      } catch (err) {
        console.error(`cnnlab assign: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}
