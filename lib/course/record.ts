/**
 * `record(values)`: the channel through which a course notebook hands its key numbers to its
 * tests. A record is a display bundle whose only MIME type is RECORD_MIME: Jupyter front ends
 * and the HTML report show nothing for it, the notebook file keeps it as JSON under the cell,
 * and the notebook tests read it by cell tag. So students never see raw JSON lines.
 */
import { emitData } from "../../kernel-ext/display";

/** The MIME type of a record; `+json` so nbformat stores it as JSON, vendor so no front end renders it. */
export const RECORD_MIME = "application/vnd.cnnlab.record+json";

/** Plain JSON: what a record may hold. */
export type RecordValues = Record<string, unknown>;

/**
 * Records `values` (a plain object of JSON data) as an invisible output of the running cell.
 * Throws when `values` is not a plain object or does not survive JSON (e.g. NaN, a tf.Tensor,
 * a cycle), naming the offending key, so a test never reads something other than what the cell meant.
 */
export function record(values: RecordValues): void {
  if (typeof values !== "object" || values === null || Array.isArray(values)) {
    throw new Error(`record(values): values must be a plain object like {accuracy: 0.98}, got ${describe(values)}`);
  }
  emitData({ [RECORD_MIME]: toJson(values, "values") });
}

/** A deep copy of `v` as JSON data; throws naming the path of the first value JSON cannot hold faithfully. */
function toJson(v: unknown, path: string): unknown {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`record(values): ${path} is ${v}, which JSON cannot hold; record a finite number or a string`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => toJson(x, `${path}[${i}]`));
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x, i) => toJson(Number(x), `${path}[${i}]`));
  if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as object)) {
      if (x !== undefined) out[k] = toJson(x, `${path}.${k}`);
    }
    return out;
  }
  throw new Error(`record(values): ${path} is ${describe(v)}; record numbers, strings, booleans, arrays and plain objects (call .arraySync() on a tensor)`);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === "object") return `a ${(v as object).constructor?.name ?? "object"}`;
  return `${typeof v} ${String(v).slice(0, 40)}`;
}
