/**
 * A localised run against the English one: `cnnlab run` spawned twice on the same notebook (same
 * seed, quick mode), once with --lang. What the notebook computed must not depend on the language:
 * the values its cells record (the `record` channel, self-checks included) are compared cell by
 * cell, and no markdown cell with words may be left in English.
 */
import * as fs from "fs";
import * as path from "path";
import { RECORD_MIME } from "../../lib/course/record";
import type { Lang } from "../../lib/i18n/lang";
import { cellSource, readNotebook } from "../../lib/notebook/io";
import type { Notebook } from "../../lib/notebook/types";
import { cnnlab } from "../cli/spawn";
import { hasWords } from "./markdown";

export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

/** Runs `notebooks/<rel>` (quick mode) into `outDir` in `lang` ("en": no --lang); returns the executed notebook or throws with the CLI's output. */
export function runCourseNotebooks(rels: string[], lang: Lang, outDir: string): Map<string, Notebook> {
  const argv = ["run", ...rels.map((r) => path.join("notebooks", r)), "--quick", "--out", outDir, ...(lang === "en" ? [] : ["--lang", lang])];
  const r = cnnlab(argv, { cwd: PACKAGE_ROOT, timeoutMs: 3_000_000, env: { CNNLAB_QUICK: "1" } });
  const dir = lang === "en" ? outDir : path.join(outDir, lang);
  const out = new Map<string, Notebook>();
  for (const rel of rels) {
    const file = path.join(dir, path.basename(rel));
    if (!fs.existsSync(file)) throw new Error(`cnnlab ${argv.join(" ")} wrote no ${file} (exit ${r.status}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
    out.set(rel, readNotebook(file));
  }
  if (r.status !== 0) throw new Error(`cnnlab ${argv.join(" ")} exited ${r.status}:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return out;
}

/**
 * Recorded keys that hold wall-clock measurements (e.g. 03's `timingsMs`, a training time in seconds, images per
 * second): they differ between any two runs, whatever the language, so the comparison leaves them out.
 */
const WALL_CLOCK_KEY = /^(timings\w*|seconds|ms|elapsed\w*)$|(Ms|Seconds|PerSecond|PerS)$/;

function withoutWallClock(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => !WALL_CLOCK_KEY.test(k)));
}

/** Per code cell (by id), what it recorded, in order (wall-clock measurements left out). */
export function recordedValues(nb: Notebook): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const c of nb.cells) {
    if (c.cell_type !== "code") continue;
    const values = c.outputs.flatMap((o) => ((o.output_type === "display_data" || o.output_type === "execute_result") && o.data[RECORD_MIME] !== undefined ? [withoutWallClock(o.data[RECORD_MIME])] : []));
    if (values.length > 0) out[c.id ?? "?"] = values;
  }
  return out;
}

/** Markdown cells of the localised notebook still holding their English text (cells with words only). */
export function englishLeft(localised: Notebook, english: Notebook): string[] {
  const source = new Map(english.cells.map((c) => [c.id, cellSource(c)]));
  return localised.cells.filter((c) => c.cell_type === "markdown" && cellSource(c) === source.get(c.id) && hasWords(cellSource(c))).map((c) => `cell ${JSON.stringify(c.id)}`);
}

/** The failure of the first failing cell, if any (a run that stops records less). */
export function runProblem(nb: Notebook): string | null {
  const run = nb.metadata.cnnlab_run as { ok?: boolean; failed_cell?: number | null } | undefined;
  return run?.ok === true ? null : `the run did not finish (failed cell ${run?.failed_cell ?? "?"})`;
}

/**
 * Relative tolerance for numbers two runs of the same notebook compute. Training and pooling run in float32 on
 * two wasm threads, whose share of each reduction can differ from run to run (a few units of float32's 1.2e-7 per
 * sum, whatever the language): e.g. 1.9e-9 in one run and 3.7e-9 in the next for a difference that is zero in exact
 * arithmetic. 1e-5 of the value (at least 1e-6 absolute) is far above that noise and far below any change a
 * language could make; strings, booleans and the structure must be equal.
 */
const RUN_TO_RUN_RTOL = 1e-5;

/** Replaces every number in `actual` that is within the run-to-run tolerance of the number at the same place in `expected` by that number, so that toEqual compares the rest exactly. */
export function withinRunNoise(actual: unknown, expected: unknown): unknown {
  if (typeof actual === "number" && typeof expected === "number") {
    const close = Math.abs(actual - expected) <= RUN_TO_RUN_RTOL * Math.max(1e-1, Math.abs(actual), Math.abs(expected));
    return close ? expected : actual;
  }
  if (Array.isArray(actual) && Array.isArray(expected)) return actual.map((a, k) => withinRunNoise(a, expected[k]));
  if (actual && expected && typeof actual === "object" && typeof expected === "object" && !Array.isArray(actual) && !Array.isArray(expected)) {
    const e = expected as Record<string, unknown>;
    return Object.fromEntries(Object.entries(actual as Record<string, unknown>).map(([k, v]) => [k, withinRunNoise(v, e[k])]));
  }
  return actual;
}
