/**
 * Reading what the course notebooks (06–11) compute: their checked cells print one JSON
 * object per line, and the tests parse those rather than matching prose.
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

/** The JSON objects the cell tagged `check:tag` printed (lines starting with "{"), in order. */
export function jsonLines(run: NotebookRun, tag: string): Array<Record<string, any>> {
  return run
    .text(tag)
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, any>);
}

/** The last JSON object the tagged cell printed; throws naming the tag when there is none. */
export function lastJson(run: NotebookRun, tag: string): Record<string, any> {
  const all = jsonLines(run, tag);
  if (all.length === 0) throw new Error(`cell check:${tag} printed no JSON line; it printed: ${JSON.stringify(run.text(tag))}`);
  return all[all.length - 1];
}

/** MIME types of the tagged cell's display outputs, one list per output. */
export function mimeTypes(run: NotebookRun, tag: string): string[][] {
  return run.outputs(tag).filter((o: Output) => o.output_type === "display_data" || o.output_type === "execute_result")
    .map((o: Output) => Object.keys((o as { data: Record<string, unknown> }).data));
}

/** Images (image/png), Plotly charts, inline SVG charts (the dashboard) and tables the tagged cell displayed. */
export function countVisuals(run: NotebookRun, tag: string): { images: number; charts: number; svgs: number; tables: number } {
  let images = 0, charts = 0, svgs = 0, tables = 0;
  for (const o of run.outputs(tag)) {
    if (o.output_type !== "display_data" && o.output_type !== "execute_result") continue;
    const data = (o as { data: Record<string, unknown> }).data;
    const html = String(Array.isArray(data["text/html"]) ? (data["text/html"] as string[]).join("") : data["text/html"] ?? "");
    if ("image/png" in data) images++;
    else if (html.includes('class="cnnlab-plot"')) charts++;
    else if (html.includes("<svg")) svgs++;
    else if (/<table/.test(html)) tables++;
  }
  return { images, charts, svgs, tables };
}

/** Every error output of the whole run (should be none). */
export function errorOutputs(run: NotebookRun): Output[] {
  return run.notebook.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs.filter((o) => o.output_type === "error") : []));
}
