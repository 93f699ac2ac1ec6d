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

/** Per code cell (by id), what it recorded, in order. */
export function recordedValues(nb: Notebook): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const c of nb.cells) {
    if (c.cell_type !== "code") continue;
    const values = c.outputs.flatMap((o) => ((o.output_type === "display_data" || o.output_type === "execute_result") && o.data[RECORD_MIME] !== undefined ? [o.data[RECORD_MIME]] : []));
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
