/**
 * What the tests of the course notebooks 06–11 need beyond ./cell-outputs: running a notebook
 * (failing with the cell's error), every error output, and the live training dashboard (inline SVG).
 */
import * as path from "path";
import type { Output } from "../../lib/notebook/types";
import { describeFailure, runNotebookForTest, type NotebookRun } from "./harness";

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
