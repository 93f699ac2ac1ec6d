/**
 * Messages of grading. A submission's sandboxed process (lib/grading/worker.ts) runs only the
 * student's cells and answers calls; the grader's test process (lib/grading/tester-worker.ts)
 * runs the instructor's test cells, whose calls to `student_api` names the grader forwards.
 */
import type { CheckRecord } from "./checks";
import type { Plain } from "./plain";

export interface ErrorInfo {
  ename: string;
  evalue: string;
  /** Set by the test process when the submission's own code threw it. */
  fromSubmission?: boolean;
}

/** Grader → sandbox. `args: null` reads a value instead of calling a function. */
export type ToSandbox = { kind: "cell"; source: string } | { kind: "call"; id: number; name: string; args: Plain[] | null } | { kind: "close" };

/** Sandbox → grader (untrusted: validated and capped there). */
export type FromSandbox =
  | { kind: "ready" }
  | { kind: "done"; ok: boolean; error?: ErrorInfo }
  | { kind: "result"; id: number; ok: boolean; value?: Plain; error?: ErrorInfo };

/** Grader → test process. */
export type ToTester =
  | { kind: "cell"; source: string }
  | { kind: "result"; id: number; ok: boolean; value?: Plain; error?: ErrorInfo }
  | { kind: "close" };

/** Test process → grader. */
export type FromTester =
  | { kind: "ready" }
  | { kind: "call"; id: number; name: string; args: Plain[] | null }
  | { kind: "check"; record: CheckRecord }
  | { kind: "done"; ok: boolean; error?: ErrorInfo };
