/** `cnnlab grade <submissions…> --instructor DIR --assignment NAME`: grade submissions in sandboxes. */
import { Command } from "commander";
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../fs/atomic-write";
import { gradebookCanvasCsv, gradebookCsv, summaryCsv, writeFeedback, writeFeedbackFor } from "../grading/feedback";
import { positiveIntOption } from "./options";
import { gradeSubmissions, type Progress } from "../grading/grade";
import { t } from "../i18n/t";


/** Notebooks named on the command line: files, or folders holding them (directly or one folder down). */
export function submissionFiles(args: string[]): string[] {
  const files: string[] = [];
  const isSubmission = (name: string): boolean => name.endsWith(".ipynb") && !name.endsWith(".instructor.ipynb");
  for (const a of args) {
    if (!fs.existsSync(a)) throw new Error(`<submissions>: no such file or folder ${JSON.stringify(a)}`);
    if (fs.statSync(a).isDirectory()) {
      const found: string[] = [];
      for (const e of fs.readdirSync(a, { withFileTypes: true })) {
        const p = path.join(a, e.name);
        if (e.isFile() && isSubmission(e.name)) found.push(p);
        else if (e.isDirectory() && !e.name.startsWith(".")) {
          for (const f of fs.readdirSync(p, { withFileTypes: true })) if (f.isFile() && isSubmission(f.name)) found.push(path.join(p, f.name));
        }
      }
      if (found.length === 0) throw new Error(`<submissions>: the folder ${JSON.stringify(a)} holds no .ipynb notebooks`);
      files.push(...found.sort());
    } else if (a.endsWith(".ipynb")) files.push(a);
    else throw new Error(`<submissions>: expected .ipynb files or folders of them, got ${JSON.stringify(a)}`);
  }
  return files;
}

function clock(s: number): string {
  const t = Math.round(s);
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, "0")}`;
}

/** The progress line, in the grader's language (CNNLAB_LANG); each student's feedback is in the submission's. */
function progressLine(p: Progress): string {
  const reused = p.reused ? t("grade.progressReused", { count: p.reused }) : "";
  return `${t("grade.progress", { done: p.done, total: p.total })}${reused}${p.etaS !== null && p.done < p.total ? t("grade.progressEta", { time: clock(p.etaS) }) : ""}`;
}

interface GradeOptions {
  instructor?: string;
  assignment?: string;
  out?: string;
  json?: string;
  feedback?: string;
  csv?: string;
  quick: boolean;
  concurrency: number;
  timeout?: number;
  memory?: number;
  unsafeNoSandbox: boolean;
  resume: boolean;
}

export function register(program: Command): void {
  program
    .command("grade")
    .description("grade submitted notebooks: each runs in its own sandbox (bubblewrap) with time and memory limits; the tests run in the grader")
    .argument("<submissions...>", "submitted notebooks (.ipynb), or folders of them")
    .option("-i, --instructor <dir>", "the folder with the instructor notebooks (<name>.instructor.ipynb): solutions and hidden tests, kept away from students")
    .option("-a, --assignment <name>", "the assignment's name, e.g. a1-conv (resolved in --instructor; never taken from a submission)")
    .option("-o, --out <dir>", "results folder: one JSON file per student as graded (a rerun resumes from them), grades.json, summary and gradebook CSVs, feedback/ (default: grades/<name>)")
    .option("--json <file>", "also write all results as JSON here")
    .option("--feedback <dir>", "write the feedback pages here instead of <out>/feedback")
    .option("--csv <file>", "also write the CSV summary here")
    .option("--quick", "set CNNLAB_QUICK=1 (tiny data, small training budget, the quick-mode floors)", false)
    .option("-j, --concurrency <n>", "submissions graded at once", positiveIntOption("--concurrency"), 2)
    .option("--timeout <seconds>", "total seconds per submission (default: the assignment's metadata)", positiveIntOption("--timeout"))
    .option("--memory <MiB>", "JavaScript heap limit per submission (default: the assignment's metadata)", positiveIntOption("--memory"))
    .option("--unsafe-no-sandbox", "grade even where no sandbox can be made (Node's permission model only; every report says so)", false)
    .option("--no-resume", "grade every submission again, ignoring results already in --out")
    .action(async (submissions: string[], opts: GradeOptions) => {
      try {
        if (!opts.instructor) throw new Error("--instructor <dir>: name the folder with the instructor notebooks (<name>.instructor.ipynb)");
        if (!opts.assignment) throw new Error("--assignment <name>: name the assignment to grade, e.g. --assignment a1-conv (it is never taken from a submission)");
        const files = submissionFiles(submissions);
        const out = opts.out ?? path.join("grades", opts.assignment);
        const feedbackDir = opts.feedback ?? path.join(out, "feedback");
        const tty = process.stderr.isTTY === true;
        const report = await gradeSubmissions({
          instructorDir: opts.instructor,
          assignment: opts.assignment,
          submissions: files,
          outDir: out,
          env: opts.quick ? { CNNLAB_QUICK: "1" } : {},
          concurrency: opts.concurrency,
          totalTimeoutS: opts.timeout,
          memoryMb: opts.memory,
          unsafeNoSandbox: opts.unsafeNoSandbox,
          resume: opts.resume,
          onGraded: (g, p) => {
            writeFeedbackFor(g, feedbackDir);
            if (tty) process.stderr.write(`\r\x1b[K${progressLine(p)}`);
            else process.stderr.write(`${progressLine(p)}\n`);
            console.log(t("grade.studentLine", { student: g.student, earned: g.earned, possible: g.possible, percent: g.percent, seconds: g.seconds.toFixed(1) }));
          },
        });
        if (tty) process.stderr.write("\n");
        if (report.unsafeNoSandbox !== undefined) console.error(t("grade.noSandboxWarning", { why: report.unsafeNoSandbox }));
        if (report.instructorProblems.length > 0) {
          console.error(`${t("grade.instructorBroken", { file: report.instructor })}\n  ${report.instructorProblems.join("\n  ")}`);
          process.exitCode = 1;
        }
        const failed = report.grades.filter((g) => g.graderError);
        if (failed.length > 0) {
          console.error(t("grade.graderFailed", { count: failed.length, students: failed.map((g) => g.student).join(", ") }));
          process.exitCode = 1;
        }
        const json = JSON.stringify(report, null, 2) + "\n";
        writeFileAtomic(path.join(out, "grades.json"), json);
        writeFileAtomic(path.join(out, "summary.csv"), summaryCsv(report));
        writeFileAtomic(path.join(out, "gradebook.csv"), gradebookCsv(report));
        writeFileAtomic(path.join(out, "gradebook-canvas.csv"), gradebookCanvasCsv(report));
        if (opts.json) writeFileAtomic(opts.json, json);
        if (opts.csv) writeFileAtomic(opts.csv, summaryCsv(report));
        const pages = writeFeedback(report, feedbackDir);
        console.log(t("grade.wrote", { count: report.grades.length, out: path.resolve(out), pages: pages.length, feedback: path.resolve(feedbackDir) }));
      } catch (err) {
        console.error(`cnnlab grade: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}
