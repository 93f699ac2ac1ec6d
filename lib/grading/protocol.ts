/**
 * Messages between the grader and a submission's process (lib/grading/worker.ts). Test cells are
 * sent only after the submission's own cells have run, so they never sit in its folder or memory
 * while its code runs.
 */
import type { CheckRecord } from "./checks";

/** Grader → submission process. */
export type ToGrader = { kind: "cell"; source: string } | { kind: "test"; id: string; source: string } | { kind: "close" };

/** Submission process → grader. */
export type FromGrader =
  | { kind: "ready" }
  | { kind: "stream"; name: "stdout" | "stderr"; text: string }
  | { kind: "error"; ename: string; evalue: string }
  | { kind: "check"; record: CheckRecord }
  | { kind: "done"; ok: boolean };
