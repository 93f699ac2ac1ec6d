/**
 * Reading what a tagged notebook cell showed, for the course-notebook tests: the values it
 * recorded with `record({...})` (display bundles of the record MIME type that front ends do not
 * show; older cells printed them as JSON lines, still read until every notebook is converted),
 * the self-checks of the run, and which rich outputs (images, charts, tables, matrices) it displayed.
 */
import { RECORD_MIME } from "../../lib/course/record";
import type { SelfCheckStatus } from "../../lib/course/self-check";
import type { Cell, Output } from "../../lib/notebook/types";
import { cellTags, joinText } from "../../lib/notebook/io";
import type { NotebookRun } from "./harness";

/** The records (`record({...})`) among outputs, in order. */
function recordsOf(outputs: Output[]): Record<string, unknown>[] {
  return outputs.flatMap((o) => {
    if (o.output_type !== "display_data" && o.output_type !== "execute_result") return [];
    const data = (o.data as Record<string, unknown>)[RECORD_MIME];
    return data !== undefined ? [data as Record<string, unknown>] : [];
  });
}

const isSelfCheckRecord = (r: Record<string, unknown>): boolean => Object.keys(r).length === 1 && r.selfCheck !== undefined;

/**
 * The values the tagged cell recorded with `record({...})`, in order (self-check records left
 * out: see selfChecks). A cell that records nothing is read the old way: every line it printed
 * that parses as JSON (objects or arrays).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function jsonLines(run: NotebookRun, tag: string): any[] {
  const records = recordsOf(run.outputs(tag)).filter((r) => !isSelfCheckRecord(r));
  if (records.length > 0) return records;
  const lines = run.text(tag).split("\n").filter((l) => l.startsWith("{") || l.startsWith("["));
  if (lines.length === 0) throw new Error(`cell check:${tag} recorded no values and printed no JSON line; it printed: ${JSON.stringify(run.text(tag).slice(0, 300))}`);
  return lines.map((l) => JSON.parse(l));
}

/** The last values the tagged cell recorded (or, for an unconverted cell, its last JSON line). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lastJson(run: NotebookRun, tag: string): any {
  const all = jsonLines(run, tag);
  return all[all.length - 1];
}

/** One self-check of a run: the exercise, its verdict, and the tags of the cell that ran it. */
export interface SelfCheckRecord {
  name: string;
  status: SelfCheckStatus;
  tags: string[];
}

/** Every self-check the run's cells recorded (`selfCheck(...)`), in notebook order. */
export function selfChecks(run: NotebookRun): SelfCheckRecord[] {
  return run.notebook.cells.flatMap((c: Cell) =>
    c.cell_type !== "code"
      ? []
      : recordsOf(c.outputs)
          .filter(isSelfCheckRecord)
          .map((r) => {
            const { name, status } = r.selfCheck as { name: string; status: SelfCheckStatus };
            return { name, status, tags: cellTags(c) };
          }),
  );
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

/** Printed lines that look like raw JSON (start with { or [), with the tags of their cell: a student should see none. */
export function rawJsonLines(run: NotebookRun): string[] {
  return run.notebook.cells.flatMap((c) =>
    c.cell_type !== "code"
      ? []
      : c.outputs
          .flatMap((o) => (o.output_type === "stream" ? joinText(o.text).split("\n") : []))
          .filter((l) => /^\s*[{[]/.test(l))
          .map((l) => `${JSON.stringify(cellTags(c))}: ${l.slice(0, 120)}`),
  );
}
