/**
 * A submission's process: runs its code cells, then the test cells the grader sends, with tslab's
 * executor (as the Jupyter kernel does), and reports errors, printed text (capped) and check
 * records. Started by lib/grading/session.ts in a temporary copy of the submission's folder.
 * (The runner's worker cannot be reused as is: it has no test phase and no check sink.)
 */
import * as util from "util";
import { createExecutor, type ConsoleInterface } from "tslab/dist/executor";
import { converterSet } from "../runner/converters";
// Importing checks here loads (and caches) the module the notebook's `import { check } from "cnnlab"`
// resolves to, before any submission code runs and could tamper with built-ins it captures.
import { CHECK_SINK, type CheckRecord } from "./checks";
import type { FromGrader, ToGrader } from "./protocol";

/** Bytes of printed text forwarded per cell; the rest is dropped here, before it costs IPC time. */
const OUTPUT_CAP_PER_CELL = 64 * 1024;
/** How tslab's executor prints a TypeScript diagnostic (see its printDiagnostics). */
const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";

// Captured before any submission code runs, so replacing process.send later changes nothing here.
if (!process.send) throw new Error("lib/grading/worker.js is started by `cnnlab grade` (child_process.fork), not directly");
const sendRaw = process.send.bind(process);
const connected = (): boolean => process.connected;

function send(msg: FromGrader): void {
  if (connected()) sendRaw(msg);
}

let printed = 0;
/** Forwards printed text until the cell's cap; returns false once it drops text. */
function sendStream(name: "stdout" | "stderr", chunk: unknown): boolean {
  if (printed >= OUTPUT_CAP_PER_CELL) return false;
  let text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
  if (printed + text.length > OUTPUT_CAP_PER_CELL) text = text.slice(0, OUTPUT_CAP_PER_CELL - printed) + `\n[output cut at ${OUTPUT_CAP_PER_CELL} characters]\n`;
  printed += text.length;
  send({ kind: "stream", name, text });
  return true;
}

function forwardWrites(name: "stdout" | "stderr"): typeof process.stdout.write {
  return ((chunk: unknown, encodingOrCallback?: unknown, callback?: unknown) => {
    const forwarded = sendStream(name, chunk);
    const done = typeof encodingOrCallback === "function" ? encodingOrCallback : callback;
    // Dropped text completes at once: a synchronous print loop would otherwise queue a callback per line until memory runs out.
    if (typeof done === "function") forwarded ? process.nextTick(done as () => void) : (done as () => void)();
    return true;
  }) as typeof process.stdout.write;
}


/** Collects what the executor reports through console.error while a cell runs. */
class ErrorRecorder implements ConsoleInterface {
  private diagnostics: string[] = [];
  private thrown: unknown[] = [];

  log = (...args: unknown[]): void => void sendStream("stdout", util.format(...args) + "\n");

  error = (...args: unknown[]): void => {
    if (args[0] === DIAGNOSTIC_FORMAT) {
      const [, , line, column, message] = args;
      this.diagnostics.push(`line ${line}, column ${column}: ${message}`);
    } else {
      this.thrown.push(args.length === 1 ? args[0] : util.format(...args));
    }
  };

  flush(ok: boolean): void {
    const { diagnostics, thrown } = this;
    this.diagnostics = [];
    this.thrown = [];
    if (ok) return;
    if (diagnostics.length > 0) {
      send({ kind: "error", ename: "TypeScriptError", evalue: diagnostics.join("\n") });
      return;
    }
    const value = thrown[0];
    let ename = "Error";
    let evalue = thrown.length > 0 ? safeFormat(value) : "the cell failed without saying why";
    try {
      if (typeof value === "object" && value !== null && "message" in value) {
        ename = String((value as Error).name || "Error");
        evalue = String((value as Error).message);
      }
    } catch {
      // a thrown object with a hostile getter: keep the formatted text
    }
    send({ kind: "error", ename, evalue });
  }
}

function safeFormat(v: unknown): string {
  try {
    return util.format(v);
  } catch {
    return "an unprintable value";
  }
}

function main(): void {
  const rootDir = process.argv[2] ?? process.cwd();
  process.stdout.write = forwardWrites("stdout");
  process.stderr.write = forwardWrites("stderr");
  process.on("disconnect", () => process.exit(1));
  process.on("uncaughtException", (err) => sendStream("stderr", `UncaughtException: ${safeFormat(err)}\n`));
  process.on("unhandledRejection", (reason) => sendStream("stderr", `UnhandledPromiseRejection: ${safeFormat(reason)}\n`));
  const exit = process.exit.bind(process);
  // A submission that calls process.exit() fails its cell instead of ending the grading early.
  process.exit = ((code?: number) => {
    throw new Error(`process.exit(${code ?? ""}) is not allowed in a graded notebook`);
  }) as typeof process.exit;

  Object.defineProperty(globalThis, CHECK_SINK, {
    value: (record: CheckRecord) => send({ kind: "check", record }),
    writable: false,
    configurable: false,
    enumerable: false,
  });

  const recorder = new ErrorRecorder();
  const convs = converterSet();
  void convs.node; // load TypeScript before the first cell, so its time is not charged to it
  const executor = createExecutor(rootDir, convs, recorder);

  let queue: Promise<void> = Promise.resolve();
  process.on("message", (msg: ToGrader) => {
    queue = queue.then(async () => {
      if (msg.kind === "close") {
        executor.close();
        exit(0);
        return;
      }
      printed = 0;
      const ok = await executor.execute(msg.source);
      await new Promise((resolve) => setImmediate(resolve));
      recorder.flush(ok);
      send({ kind: "done", ok });
    });
  });
  // Load cnnlab and its type declarations now: the first `import … from "cnnlab"` costs seconds of
  // type checking that should not count against the student's first cell; a side-effect import
  // declares no names, so the notebook starts with the state it would have in Jupyter.
  queue = queue.then(async () => {
    await executor.execute('import "cnnlab";');
    recorder.flush(true);
    send({ kind: "ready" });
  });
}

main();
