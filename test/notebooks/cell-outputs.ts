/**
 * Reading what a tagged notebook cell showed, for the course-notebook tests: the JSON lines it
 * printed (cells print their key numbers as JSON so tests check computed values, not text),
 * and which rich outputs (images, charts, tables, matrices) it displayed.
 */
import type { Output } from "../../lib/notebook/types";
import type { NotebookRun } from "./harness";

/** Every line the cell printed that parses as JSON (objects or arrays), in order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function jsonLines(run: NotebookRun, tag: string): any[] {
  const lines = run.text(tag).split("\n").filter((l) => l.startsWith("{") || l.startsWith("["));
  if (lines.length === 0) throw new Error(`cell check:${tag} printed no JSON line; it printed: ${JSON.stringify(run.text(tag).slice(0, 300))}`);
  return lines.map((l) => JSON.parse(l));
}

/** The last JSON line the cell printed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lastJson(run: NotebookRun, tag: string): any {
  const all = jsonLines(run, tag);
  return all[all.length - 1];
}

function displays(run: NotebookRun, tag: string): Record<string, unknown>[] {
  return run
    .outputs(tag)
    .filter((o: Output) => o.output_type === "display_data" || o.output_type === "execute_result")
    .map((o) => (o as { data: Record<string, unknown> }).data);
}

const html = (d: Record<string, unknown>): string => (typeof d["text/html"] === "string" ? (d["text/html"] as string) : "");

/** How many PNG images (show.image / show.grid) the cell displayed; charts and dashboards carry a PNG still too, not counted. */
export const imageCount = (run: NotebookRun, tag: string): number =>
  displays(run, tag).filter((d) => typeof d["image/png"] === "string" && !/class="cnnlab-(plot|dashboard)"/.test(html(d))).length;

/** How many Plotly charts (plot.*) the cell displayed (the first chart of a session also embeds the library, not counted). */
export const chartCount = (run: NotebookRun, tag: string): number => displays(run, tag).filter((d) => html(d).includes('class="cnnlab-plot"')).length;

/** How many LaTeX matrices (show.matrix) the cell displayed. */
export const matrixCount = (run: NotebookRun, tag: string): number =>
  displays(run, tag).filter((d) => typeof d["text/latex"] === "string" && (d["text/latex"] as string).includes("bmatrix")).length;

/** How many HTML tables (show.table) the cell displayed. */
export const tableCount = (run: NotebookRun, tag: string): number => displays(run, tag).filter((d) => /<table/.test(html(d))).length;

/** Tags of the cells that wrote to stderr (warnings a student would see in red). */
export function cellsWithStderr(run: NotebookRun): string[] {
  return run.notebook.cells
    .filter((c) => c.cell_type === "code" && c.outputs.some((o) => o.output_type === "stream" && o.name === "stderr"))
    .map((c) => JSON.stringify(c.metadata.tags ?? c.id));
}
