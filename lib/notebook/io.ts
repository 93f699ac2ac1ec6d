/** Reading and writing .ipynb files (nbformat 4), keeping every metadata field as it was. */
import * as fs from "fs";
import { writeFileAtomic } from "../fs/atomic-write";
import type { Cell, MultilineString, Notebook, Output } from "./types";

const CELL_TYPES = ["code", "markdown", "raw"];
const OUTPUT_TYPES = ["stream", "display_data", "execute_result", "error"];

/** The text of a multiline string field (`source`, stream `text`). */
export function joinText(text: MultilineString): string {
  return Array.isArray(text) ? text.join("") : text;
}

/** Splits text into Jupyter's list-of-lines form (each line keeps its "\n"). */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** A cell's source as one string. */
export function cellSource(cell: Cell): string {
  return joinText(cell.source);
}

/** The cell's tags (`metadata.tags`), or [] when it has none. */
export function cellTags(cell: Cell): string[] {
  const tags = cell.metadata.tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isMultiline(value: unknown): value is MultilineString {
  return typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"));
}

/**
 * Checks that `json` is an nbformat 4 notebook and returns it typed. Errors name the
 * file (`where`), the cell (1-based, as shown in Jupyter) and the field.
 */
export function parseNotebook(json: unknown, where = "notebook"): Notebook {
  const fail = (msg: string): never => {
    throw new Error(`${where}: ${msg}`);
  };
  if (!isObject(json)) fail(`expected a JSON object (nbformat 4 notebook), got ${describe(json)}`);
  const nb = json as Record<string, unknown>;
  if (nb.nbformat !== 4) fail(`"nbformat" must be 4, got ${describe(nb.nbformat)}`);
  if (typeof nb.nbformat_minor !== "number") fail(`"nbformat_minor" must be a number, got ${describe(nb.nbformat_minor)}`);
  if (!isObject(nb.metadata)) fail(`"metadata" must be an object, got ${describe(nb.metadata)}`);
  if (!Array.isArray(nb.cells)) fail(`"cells" must be an array, got ${describe(nb.cells)}`);
  (nb.cells as unknown[]).forEach((cell, i) => {
    const at = `cell ${i + 1}`;
    if (!isObject(cell)) fail(`${at}: expected an object, got ${describe(cell)}`);
    const c = cell as Record<string, unknown>;
    if (!CELL_TYPES.includes(c.cell_type as string)) fail(`${at}: "cell_type" must be one of ${CELL_TYPES.join(", ")}, got ${describe(c.cell_type)}`);
    if (!isObject(c.metadata)) fail(`${at}: "metadata" must be an object, got ${describe(c.metadata)}`);
    if (!isMultiline(c.source)) fail(`${at}: "source" must be a string or an array of strings, got ${describe(c.source)}`);
    if (c.cell_type !== "code") return;
    if (!(c.execution_count === null || typeof c.execution_count === "number")) fail(`${at}: "execution_count" must be a number or null, got ${describe(c.execution_count)}`);
    if (!Array.isArray(c.outputs)) fail(`${at}: "outputs" must be an array, got ${describe(c.outputs)}`);
    (c.outputs as unknown[]).forEach((out, k) => {
      if (!isObject(out) || !OUTPUT_TYPES.includes(out.output_type as string)) {
        fail(`${at}: output ${k + 1}: "output_type" must be one of ${OUTPUT_TYPES.join(", ")}, got ${describe(isObject(out) ? out.output_type : out)}`);
      }
    });
  });
  return json as unknown as Notebook;
}

/** Reads and validates an .ipynb file. */
export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`cannot read notebook ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message}); expected an .ipynb notebook`);
  }
  return parseNotebook(json, file);
}

/** The file text Jupyter itself writes: JSON indented by one space, trailing newline. */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

/** Writes the notebook atomically (temp file + rename). */
export function writeNotebook(file: string, nb: Notebook): void {
  writeFileAtomic(file, serializeNotebook(nb));
}

/** Output text as stored (list of lines), for outputs we create. */
export function outputText(out: Output): string {
  if (out.output_type === "stream") return joinText(out.text);
  if (out.output_type === "error") return `${out.ename}: ${out.evalue}`;
  const plain = out.data["text/plain"];
  return isMultiline(plain) ? joinText(plain) : "";
}
