/**
 * What the tests of the course notebooks 06–11 need beyond ./cell-outputs: running a notebook
 * (failing with the cell's error), every error output, and the live training dashboard (inline SVG).
 */
import * as path from "path";
import type { Output } from "../../lib/notebook/types";
import { describeFailure, runNotebookForTest, type NotebookRun } from "./harness";
import { rawJsonLines, selfChecks } from "./cell-outputs";
import { cellSource, readNotebook } from "../../lib/notebook/io";

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
 * The course's standards for a notebook, as two tests (shared by the notebook tests): at least 4
 * exercises whose self-checks are all right with the solutions in; no raw JSON lines, no "seed 00N"
 * citation, and a references section at the end. `getRun` is read when the tests run (after beforeAll).
 */
export function itMeetsCourseStandards(getRun: () => NotebookRun, name: string): void {
  it("has at least 4 exercises and every self-check is right with the solutions in", () => {
    const checks = selfChecks(getRun());
    expect(checks.length).toBeGreaterThanOrEqual(4);
    expect(checks.filter((c) => c.status !== "right")).toEqual([]);
  });

  it("shows the student no raw JSON lines, cites no 'seed 00N', ends with its references", () => {
    expect(rawJsonLines(getRun())).toEqual([]);
    const nb = readNotebook(path.join(NOTEBOOKS_DIR, `${name}.ipynb`));
    expect(nb.cells.map((c) => cellSource(c)).join("\n")).not.toMatch(/seed 00\d/i);
    expect(cellSource(nb.cells[nb.cells.length - 1])).toMatch(/^## References/);
  });
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
