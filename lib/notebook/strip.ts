/** Removing run results so notebooks are committed clean. */
import type { Cell, Notebook } from "./types";

/** Cell metadata keys that only record a run (nbclient's timings, collapsed/scrolled view state stays). */
const RUN_METADATA_KEYS = ["execution"];
/** Notebook metadata keys that only record a run. */
const RUN_NOTEBOOK_KEYS = ["cnnlab_run"];

function stripCell(cell: Cell): Cell {
  const metadata = { ...cell.metadata };
  for (const key of RUN_METADATA_KEYS) delete metadata[key];
  if (cell.cell_type !== "code") return { ...cell, metadata };
  return { ...cell, metadata, outputs: [], execution_count: null };
}

/** A copy of `nb` without outputs, execution counts or run records; all other metadata kept. */
export function stripOutputs(nb: Notebook): Notebook {
  const metadata = { ...nb.metadata };
  for (const key of RUN_NOTEBOOK_KEYS) delete metadata[key];
  return { ...nb, metadata, cells: nb.cells.map(stripCell) };
}

/** True when no code cell has outputs or an execution count. */
export function hasNoOutputs(nb: Notebook): boolean {
  return nb.cells.every((c) => c.cell_type !== "code" || (c.outputs.length === 0 && c.execution_count === null));
}
