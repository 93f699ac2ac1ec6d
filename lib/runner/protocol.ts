/**
 * Messages between the runner and the notebook process (lib/runner/worker.ts), which runs
 * one notebook's cells with tslab's executor. One process per notebook gives each notebook
 * fresh state (module caches, tfjs memory and backend), like a restarted kernel.
 */
import type { JsonObject, MimeBundle } from "../notebook/types";
import type { TrainingProgress } from "../../kernel-ext/progress-channel";

/** Runner → notebook process. */
export type ToWorker = { kind: "execute"; source: string } | { kind: "close" };

/** Notebook process → runner: what a cell printed, displayed or threw, then whether it finished. */
export type FromWorker =
  | { kind: "ready" }
  | { kind: "stream"; name: "stdout" | "stderr"; text: string }
  | { kind: "display"; data: MimeBundle; metadata: JsonObject; displayId?: string; update: boolean }
  | { kind: "error"; ename: string; evalue: string; traceback: string[] }
  /** Out of band: a training dashboard's state for the live progress line; never part of the notebook's outputs. */
  | { kind: "progress"; progress: TrainingProgress }
  | { kind: "done"; ok: boolean };
