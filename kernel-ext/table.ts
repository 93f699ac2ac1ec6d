/** Tables as HTML with an aligned text/plain twin; model summaries as tables. */
import * as tf from "@tensorflow/tfjs";
import { MimeBundle, escapeHtml } from "./display";
import { t } from "../lib/i18n/t";

export type Cell = string | number | boolean | null | undefined | readonly (number | null)[];
export type Row = Readonly<Record<string, Cell>>;

/** Options of `show.table`. */
export interface TableArgs {
  /** Column order (and subset). Default: keys in order of first appearance over all rows. */
  columns?: readonly string[];
  /** Caption above the table. Default: none. */
  title?: string;
  /** Significant digits for non-integer numbers. Default 4. */
  digits?: number;
}

/** One row of a model summary. */
export interface LayerRow {
  name: string;
  type: string;
  outputShape: readonly (number | null)[] | string;
  params: number;
}

export function formatCell(v: Cell, digits = 4): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    if (Number.isInteger(v)) return Math.abs(v) >= 10000 ? v.toLocaleString("en-US") : String(v);
    return Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : String(v);
  }
  if (Array.isArray(v)) return `[${v.map((d) => (d === null ? "null" : String(d))).join(", ")}]`;
  return String(v);
}

/** Bundle for `rows` (an array of objects with the same keys). */
export function tableBundle(rows: readonly Row[], args: TableArgs = {}): MimeBundle {
  if (!Array.isArray(rows)) throw new Error(`rows: expected an array of objects, received ${typeof rows}`);
  rows.forEach((r, k) => {
    if (r === null || typeof r !== "object" || Array.isArray(r)) {
      throw new Error(`rows[${k}]: expected an object such as { epoch: 1, loss: 0.3 }, received ${Array.isArray(r) ? "an array" : String(r)}`);
    }
  });
  const digits = args.digits ?? 4;
  const columns = args.columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => columns.map((c) => formatCell(r[c], digits)));
  const numeric = columns.map((c) => rows.every((r) => r[c] === undefined || r[c] === null || typeof r[c] === "number"));
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j].length)));
  const pad = (s: string, j: number) => (numeric[j] ? s.padStart(widths[j]) : s.padEnd(widths[j]));
  const textLines = [
    ...(args.title ? [args.title] : []),
    columns.map(pad).join("  "),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...cells.map((r) => r.map(pad).join("  ")),
  ];
  const align = (j: number) => (numeric[j] ? ' style="text-align:right"' : ' style="text-align:left"');
  const html =
    `<table class="cnnlab-table">` +
    (args.title ? `<caption>${escapeHtml(args.title)}</caption>` : "") +
    `<thead><tr>${columns.map((c, j) => `<th${align(j)}>${escapeHtml(c)}</th>`).join("")}</tr></thead>` +
    `<tbody>${cells.map((r) => `<tr>${r.map((s, j) => `<td${align(j)}>${escapeHtml(s)}</td>`).join("")}</tr>`).join("")}</tbody>` +
    `</table>`;
  return { "text/plain": textLines.join("\n"), "text/html": html };
}

/** Per-layer rows (name, type, output shape, parameters) of a tfjs model. */
export function layerRows(model: tf.LayersModel): LayerRow[] {
  return model.layers.map((layer) => {
    const shape = layer.outputShape;
    const outputShape = Array.isArray(shape[0]) ? JSON.stringify(shape) : (shape as (number | null)[]);
    return { name: layer.name, type: layer.getClassName(), outputShape, params: layer.countParams() };
  });
}

/** What `show.model` accepts: a model, summary rows, or a `summarize(model)` result ({ rows }). */
export type ModelLike = tf.LayersModel | readonly LayerRow[] | { readonly rows: readonly LayerRow[]; readonly model?: string };

const BASE_KEYS = new Set(["name", "type", "outputShape", "params"]);

/**
 * Model summary: a table of layers with a total row. Extra numeric fields of summary rows
 * (e.g. connections, multiplyAdds from summarize) become columns, totalled too.
 */
export function modelBundle(model: ModelLike, args: Pick<TableArgs, "title"> = {}): MimeBundle {
  let rows: readonly LayerRow[];
  let name: string | undefined;
  if (model instanceof tf.LayersModel) [rows, name] = [layerRows(model), model.name];
  else if (Array.isArray(model)) rows = model;
  else if (model && typeof model === "object" && Array.isArray((model as { rows?: unknown }).rows)) {
    [rows, name] = [(model as { rows: readonly LayerRow[] }).rows, (model as { model?: string }).model];
  } else {
    throw new Error(`model: expected a tf.LayersModel, an array of { name, type, outputShape, params } rows or a summarize(model) result, received ${describe(model)}`);
  }
  const extra = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => !BASE_KEYS.has(k) && typeof (r as unknown as Record<string, unknown>)[k] === "number")))];
  const total = (key: string) => rows.reduce((sum, r) => sum + (((r as unknown as Record<string, unknown>)[key] as number) ?? 0), 0);
  // Column headers in the current language (CNNLAB_LANG); extra columns keep their field names.
  const [layer, type, outputShape, params] = [t("table.layer"), t("table.type"), t("table.outputShape"), t("table.params")];
  const tableRows: Row[] = rows.map((r) => ({
    [layer]: r.name,
    [type]: r.type,
    [outputShape]: r.outputShape as Cell,
    [params]: r.params,
    ...Object.fromEntries(extra.map((k) => [k, (r as unknown as Record<string, Cell>)[k]])),
  }));
  tableRows.push({ [layer]: t("table.total"), [type]: "", [outputShape]: "", [params]: total("params"), ...Object.fromEntries(extra.map((k) => [k, total(k)])) });
  return tableBundle(tableRows, { title: args.title ?? (name ? t("table.modelNamed", { name }) : t("table.model")) });
}

function describe(v: unknown): string {
  return v === null || v === undefined ? String(v) : typeof v === "object" ? (v as object).constructor?.name ?? "object" : `${typeof v} ${String(v)}`;
}
