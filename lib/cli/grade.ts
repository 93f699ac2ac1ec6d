/** `cnnlab grade <submission.ipynb …>`: grade submissions against an instructor notebook. */
import { Command } from "commander";
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../fs/atomic-write";
import { summaryCsv, writeFeedback } from "../grading/feedback";
import { gradeSubmissions, resolveInstructor } from "../grading/grade";
import { cnnlabMeta } from "../grading/spec";
import { readNotebook } from "../notebook/io";
import { positiveIntOption } from "./options";

/** Without --assignment: the name the first submission carries in its metadata (cnnlab.assignment.name). */
function assignmentOf(submission: string): string {
  let name: unknown;
  try {
    const a = cnnlabMeta(readNotebook(submission)).assignment as { name?: unknown } | undefined;
    name = a?.name;
  } catch {
    name = undefined;
  }
  if (typeof name !== "string") throw new Error(`${submission} does not name its assignment (metadata.cnnlab.assignment.name); pass --assignment NAME or the instructor .ipynb`);
  return name;
}

interface GradeOptions {
  assignment?: string;
  json?: string;
  feedback?: string;
  csv?: string;
  quick: boolean;
  concurrency: number;
  timeout?: number;
  memory?: number;
}

export function register(program: Command): void {
  program
    .command("grade")
    .description("grade submitted notebooks: each runs sandboxed with time and memory limits, then the hidden tests run against it")
    .argument("<submissions...>", "submitted notebooks (.ipynb)")
    .option("-a, --assignment <name|instructor.ipynb>", "the assignment: a name under notebooks/assignments/ or an instructor notebook (default: from the submission's metadata)")
    .option("--json <file>", "write all results as JSON")
    .option("--feedback <dir>", "write a feedback page per submission (Markdown and HTML)")
    .option("--csv <file>", "write a CSV summary, one row per submission")
    .option("--quick", "set CNNLAB_QUICK=1 (tiny data, small training budget, the quick-mode floors)", false)
    .option("-j, --concurrency <n>", "submissions graded at once", positiveIntOption("--concurrency"), 2)
    .option("--timeout <seconds>", "total seconds per submission (default: the assignment's metadata)", positiveIntOption("--timeout"))
    .option("--memory <MiB>", "JavaScript heap limit per submission (default: the assignment's metadata)", positiveIntOption("--memory"))
    .action(async (submissions: string[], opts: GradeOptions) => {
      try {
        for (const s of submissions) {
          if (!s.endsWith(".ipynb") || !fs.existsSync(s)) throw new Error(`<submissions>: expected existing .ipynb files, got ${JSON.stringify(s)}`);
        }
        const instructor = resolveInstructor(opts.assignment ?? assignmentOf(submissions[0]));
        const report = await gradeSubmissions({
          instructor,
          submissions,
          env: opts.quick ? { CNNLAB_QUICK: "1" } : {},
          concurrency: opts.concurrency,
          totalTimeoutS: opts.timeout,
          memoryMb: opts.memory,
          onGraded: (g) => console.log(`${g.student}: ${g.earned} / ${g.possible} (${g.percent}%) in ${g.seconds.toFixed(1)} s`),
        });
        if (report.instructorProblems.length > 0) {
          console.error(`cnnlab grade: the instructor solution ${instructor} fails its own tests, so these grades are not reliable:\n  ${report.instructorProblems.join("\n  ")}`);
          process.exitCode = 1;
        }
        if (opts.json) writeFileAtomic(opts.json, JSON.stringify(report, null, 2) + "\n");
        if (opts.csv) writeFileAtomic(opts.csv, summaryCsv(report));
        if (opts.feedback) {
          const files = writeFeedback(report, opts.feedback);
          console.log(`wrote ${files.length} feedback files to ${path.resolve(opts.feedback)}`);
        }
      } catch (err) {
        console.error(`cnnlab grade: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}
