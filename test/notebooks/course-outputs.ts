/**
 * What the tests of the course notebooks need beyond ./cell-outputs: running a notebook (failing with the
 * cell's error), every error output, the live training dashboard (inline SVG), and the course's standards.
 */
import * as path from "path";
import type { Output } from "../../lib/notebook/types";
import { describeFailure, runNotebookForTest, type NotebookRun } from "./harness";
import { rawJsonLines, selfChecks } from "./cell-outputs";
import { cellSource, cellTags, readNotebook } from "../../lib/notebook/io";

export const NOTEBOOKS_DIR = path.resolve(__dirname, "../../notebooks");

/** Runs notebooks/<name>.ipynb in quick mode and fails with the cell's error if it did not finish. */
export async function runCourseNotebook(name: string): Promise<NotebookRun> {
  const run = await runNotebookForTest(path.join(NOTEBOOKS_DIR, `${name}.ipynb`), { cellTimeoutS: 300 });
  if (!run.result.ok) throw new Error(`${name}: ${describeFailure(run)}`);
  return run;
}

/** Every error output of the whole run (should be none). */
export function errorOutputs(run: NotebookRun): Output[] {
  return run.notebook.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs.filter((o) => o.output_type === "error") : []));
}

/** How many displays of the training dashboard (`dashboard()`: a div.cnnlab-dashboard with inline SVG) the tagged cell made. */
export function dashboardCount(run: NotebookRun, tag: string): number {
  return run
    .outputs(tag)
    .filter((o) => o.output_type === "display_data" || o.output_type === "execute_result")
    .map((o) => (o as { data: Record<string, unknown> }).data["text/html"])
    .filter((html) => typeof html === "string" && html.includes('class="cnnlab-dashboard"')).length;
}

/**
 * The exercises a notebook sets: the numbers ("4.1", "12.3") of bold exercise labels in markdown cells —
 * `**Exercise 4.1**`, `**Exercise 4.1 (recall).**`, `**12.3 (by hand).**` — solution cells left out.
 */
export function exerciseNumbers(name: string): string[] {
  const nb = readNotebook(path.join(NOTEBOOKS_DIR, `${name}.ipynb`));
  const numbers = nb.cells
    .filter((c) => c.cell_type === "markdown" && !(c.metadata as { cnnlab?: { solution?: boolean } }).cnnlab?.solution)
    .flatMap((c) => [...cellSource(c).matchAll(/\*\*(?:Exercise\s+)?(\d+\.\d+)(?:\s*\([^)*]*\))?[.:]?\*\*/g)].map((m) => m[1]));
  return [...new Set(numbers)];
}

/**
 * The course's standards for a notebook, as two tests (shared by the notebook tests): at least 4
 * exercises, and the self-checks (`selfCheckNames`, in order, when given; else at least one) all right
 * with the solutions in; no raw JSON lines, no "seed 00N" citation, and a references section as the last section.
 * `getRun` is read when the tests run (after beforeAll).
 */
export function itMeetsCourseStandards(getRun: () => NotebookRun, name: string, selfCheckNames?: string[]): void {
  it("sets at least 4 exercises, and every self-check is right with the solutions in", () => {
    expect(exerciseNumbers(name).length).toBeGreaterThanOrEqual(4);
    const checks = selfChecks(getRun());
    if (selfCheckNames) expect(checks.map((c) => c.name)).toEqual(selfCheckNames);
    else expect(checks.length).toBeGreaterThanOrEqual(1);
    expect(checks.filter((c) => c.status !== "right")).toEqual([]);
  });

  it("shows the student no raw JSON lines, cites no 'seed 00N', ends with its references", () => {
    expect(rawJsonLines(getRun())).toEqual([]);
    const nb = readNotebook(path.join(NOTEBOOKS_DIR, `${name}.ipynb`));
    expect(nb.cells.map((c) => cellSource(c)).join("\n")).not.toMatch(/seed 00\d/i);
    // The last section is the references (a closing code cell, e.g. the run-time line, may follow it).
    const markdown = nb.cells.filter((c) => c.cell_type === "markdown");
    expect(cellSource(markdown[markdown.length - 1])).toMatch(/^## References/);
  });

  it("frees every tensor it made: its closing cell prints 'tensors left: 0'", () => {
    expect(tensorsLeft(getRun())).toBe(0);
  });
}

/**
 * The tensor count the notebook's closing code cell printed ("tensors left: N", or "tensors alive: N"), read by
 * the cell's `check:` tag; throws when the closing cell prints no count.
 */
export function tensorsLeft(run: NotebookRun): number {
  const code = run.notebook.cells.filter((c) => c.cell_type === "code");
  const tag = cellTags(code[code.length - 1]).find((t) => t.startsWith("check:"));
  if (!tag) throw new Error("the closing code cell has no check: tag");
  const printed = run.stdout(tag.slice("check:".length));
  const m = /tensors (?:left|alive): (\d+)/.exec(printed);
  if (!m) throw new Error(`the closing cell (${tag}) prints no tensor count; it printed: ${JSON.stringify(printed)}`);
  return Number(m[1]);
}

/**
 * The `## ` sections of a notebook (its references excepted) that do not end with a `### Exercises` subsection
 * before the next `## ` heading: notebooks 01–11 end every main section with exercises (issue 16).
 */
export function sectionsWithoutExercises(name: string): string[] {
  const nb = readNotebook(path.join(NOTEBOOKS_DIR, `${name}.ipynb`));
  const missing: string[] = [];
  let section: string | undefined;
  let hasExercises = false;
  const close = () => { if (section !== undefined && !hasExercises) missing.push(section); };
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    for (const line of cellSource(cell).split("\n")) {
      if (/^## /.test(line)) {
        close();
        section = /^## References/.test(line) ? undefined : line.slice(3).trim();
        hasExercises = false;
      } else if (/^### Exercises\s*$/.test(line)) hasExercises = true;
    }
  }
  close();
  return missing;
}

/** The exercise names of the notebook's self-check cells (`selfCheck("…", …)`), in order. */
export function selfCheckNamesInSource(name: string): string[] {
  const nb = readNotebook(path.join(NOTEBOOKS_DIR, `${name}.ipynb`));
  return nb.cells.flatMap((c) => (c.cell_type === "code" ? [...cellSource(c).matchAll(/selfCheck\(\s*"([^"]+)"/g)].map((m) => m[1]) : []));
}

/**
 * One test: every main section ends with exercises, and every self-check of the notebook's source ran (in order) and
 * said right — so an exercise added to a section is covered by the notebook's own test.
 */
export function itEndsEverySectionWithExercises(getRun: () => NotebookRun, name: string): void {
  it("ends every main section with exercises, and every self-check ran and is right", () => {
    expect(sectionsWithoutExercises(name)).toEqual([]);
    const checks = selfChecks(getRun());
    expect(checks.map((c) => c.name)).toEqual(selfCheckNamesInSource(name));
    expect(checks.filter((c) => c.status !== "right")).toEqual([]);
  });
}
