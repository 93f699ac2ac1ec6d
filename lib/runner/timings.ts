/**
 * The seconds each notebook took in the last run, kept beside the reports (`<out>/timings.json`),
 * so that the next run can say how long the course has left. Quick and full mode are kept apart:
 * their times differ by an order of magnitude.
 */
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../fs/atomic-write";

export const TIMINGS_FILE = "timings.json";

/** Notebook (its report name, e.g. "06-lenet5-mnist") → seconds, per mode. */
export interface Timings {
  quick: Record<string, number>;
  full: Record<string, number>;
}

const empty = (): Timings => ({ quick: {}, full: {} });

function secondsOnly(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (v === null || typeof v !== "object" || Array.isArray(v)) return out;
  for (const [k, s] of Object.entries(v)) if (typeof s === "number" && Number.isFinite(s) && s >= 0) out[k] = s;
  return out;
}

/**
 * The last run's times in `outDir`; none when the file is missing. A damaged file only costs the
 * ETA (it is rewritten after the next notebook), so it is read as empty rather than stopping the run.
 */
export function readTimings(outDir: string): Timings {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(outDir, TIMINGS_FILE), "utf8"));
  } catch {
    return empty();
  }
  const o = (raw ?? {}) as Record<string, unknown>;
  return { quick: secondsOnly(o.quick), full: secondsOnly(o.full) };
}

/** Records one notebook's time (atomically, so an interrupted run leaves the file whole). */
export function recordTiming(outDir: string, timings: Timings, quick: boolean, name: string, seconds: number): void {
  timings[quick ? "quick" : "full"][name] = Math.round(seconds * 10) / 10;
  writeFileAtomic(path.join(outDir, TIMINGS_FILE), JSON.stringify(timings, null, 2) + "\n");
}
