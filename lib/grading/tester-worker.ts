/**
 * The grader's test process: runs the instructor's `test_setup` and test cells with the shared
 * cell core. It is trusted (it never runs submission code): each name of the assignment's
 * `student_api` is a proxy whose calls the grader forwards to the submission's sandbox, and
 * checks report what they received to the grader, which compares them with the instructor run's.
 * Started by lib/grading/tester.ts with Node's IPC channel.
 */
import * as v8 from "v8";
import { createCellCore } from "../runner/cells";
import { CHECK_SINK, type CheckRecord } from "./checks";
import { toPlain, type Plain } from "./plain";
import { t } from "../i18n/t";
import type { ErrorInfo, FromTester, ToTester } from "./protocol";

/** The global through which the preamble cell gets a proxy per `student_api` name (see tester.ts's preamble). */
const STUDENT_API = Symbol.for("cnnlab.grading.studentApi");

/** An error raised by the submission's own code (its message is the student's, safe to show even for hidden tests). */
class SubmissionError extends Error {
  readonly fromSubmission = true;
}

/**
 * Bytes of one check record sent to the grader. A larger one (a value the notebook returned can make a
 * test compute a huge one) arrives with its value replaced by a note, and the check fails.
 */
export const MAX_CHECK_BYTES = 64 * 1024 * 1024;

function boundedCheck(record: CheckRecord): CheckRecord {
  let bytes: number;
  try {
    bytes = v8.serialize(record).length;
  } catch {
    bytes = Infinity; // not serialisable (too large for a buffer)
  }
  if (bytes <= MAX_CHECK_BYTES) return record;
  return { ...record, got: `(a value of ${bytes} bytes, over the ${MAX_CHECK_BYTES}-byte limit of a check)` } as unknown as CheckRecord;
}

function send(msg: FromTester): void {
  if (process.connected) process.send!(msg);
}

const pending = new Map<number, { resolve: (v: Plain) => void; reject: (e: Error) => void }>();
let nextId = 1;

function request(name: string, args: Plain[] | null): Promise<Plain> {
  const id = nextId++;
  return new Promise<Plain>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    send({ kind: "call", id, name, args });
  });
}

/** `await name(...args)` calls the student's function; `await name` reads the student's value. */
function proxy(name: string): unknown {
  const call = (...args: unknown[]): Promise<Plain> => {
    let plain: Plain[];
    try {
      plain = args.map((a, k) => toPlain(a, t("plain.argument", { k: k + 1, name })));
    } catch (err) {
      return Promise.reject(err);
    }
    return request(name, plain);
  };
  Object.defineProperty(call, "then", { value: (ok: (v: Plain) => unknown, fail: (e: unknown) => unknown) => request(name, null).then(ok, fail) });
  return call;
}

function errorInfo(err: { ename: string; evalue: string }, thrown: unknown): ErrorInfo & { fromSubmission?: boolean } {
  return { ename: err.ename, evalue: err.evalue, ...(thrown instanceof SubmissionError ? { fromSubmission: true } : {}) };
}

function main(): void {
  if (!process.send) throw new Error("lib/grading/tester-worker.js is started by `cnnlab grade`, not directly");
  process.on("disconnect", () => process.exit(1));
  // Test cells' printing is not part of the grade; keep it off the grader's terminal.
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.on("unhandledRejection", () => undefined);
  Object.defineProperty(globalThis, STUDENT_API, { value: proxy, writable: false, configurable: false });
  Object.defineProperty(globalThis, CHECK_SINK, { value: (record: CheckRecord) => send({ kind: "check", record: boundedCheck(record) }), writable: false, configurable: false });

  let lastThrown: unknown;
  const core = createCellCore(process.cwd(), () => undefined);
  let queue: Promise<void> = Promise.resolve();
  process.on("message", (msg: ToTester) => {
    if (msg.kind === "result") {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value as Plain);
      else {
        const err = new SubmissionError(msg.error?.evalue ?? "failed");
        err.name = msg.error?.ename ?? "Error";
        lastThrown = err;
        p.reject(err);
      }
      return;
    }
    queue = queue.then(async () => {
      if (msg.kind === "close") {
        core.close();
        process.exit(0);
      }
      lastThrown = undefined;
      const r = await core.run(msg.source);
      // Calls still waiting belong to this cell: they will never be answered now.
      for (const [, p] of pending) p.reject(new Error("the test cell ended"));
      pending.clear();
      const thrownByStudent = r.error && lastThrown instanceof SubmissionError && r.error.evalue === (lastThrown as Error).message ? lastThrown : undefined;
      send({ kind: "done", ok: r.ok, ...(r.error ? { error: errorInfo(r.error, thrownByStudent) } : {}) });
    });
  });
  queue = queue.then(async () => {
    await core.run('import "cnnlab";');
    send({ kind: "ready" });
  });
}

main();
