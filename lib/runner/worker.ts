/**
 * The notebook process: runs one notebook's cells, in order, with tslab's executor (the one
 * its Jupyter kernel uses), and sends what each cell prints, displays or throws to the runner.
 * Started by lib/runner/execute.ts with the notebook's folder as working directory.
 */
import * as util from "util";
import { createExecutor, type ConsoleInterface } from "tslab/dist/executor";
import { converterSet } from "./converters";
import type { FromWorker, ToWorker } from "./protocol";

/** tslab's `display` (require("tslab").display) writes through this module-level hook, which its kernel sets per request. */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const tslabJupyter = require("tslab/dist/jupyter") as {
  lastWriteDisplayData: ((data: { data: Record<string, unknown>; metadata?: Record<string, unknown>; transient?: { display_id?: string } }, update: boolean) => void) | null;
};

/** How tslab's executor prints a TypeScript diagnostic (see its printDiagnostics). */
const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";

function send(msg: FromWorker): void {
  // After the runner has gone there is no one to tell; "disconnect" below ends this process.
  if (process.connected) process.send!(msg);
}

/** A replacement for stream.write that forwards to the runner and honours write's callback. */
function forwardWrites(name: "stdout" | "stderr"): typeof process.stdout.write {
  return ((chunk: unknown, encodingOrCallback?: unknown, callback?: unknown) => {
    sendStream(name, chunk);
    const done = typeof encodingOrCallback === "function" ? encodingOrCallback : callback;
    if (typeof done === "function") process.nextTick(done as () => void);
    return true;
  }) as typeof process.stdout.write;
}

function sendStream(name: "stdout" | "stderr", chunk: unknown): void {
  const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
  send({ kind: "stream", name, text });
}


/** Frames of the executor, node:vm and this file are noise for a student: keep the cell's own. */
const RUNNER_FRAME = /node:vm|tslab[\\/]dist[\\/]executor\.js|runner[\\/]worker\.js/;

function cellTraceback(stack: string): string[] {
  return stack.split("\n").filter((line) => !RUNNER_FRAME.test(line));
}

/** What the executor reports through console.error while a cell runs: diagnostics or the thrown value. */
class ErrorRecorder implements ConsoleInterface {
  private diagnostics: string[] = [];
  private thrown: unknown[] = [];

  log = (...args: unknown[]): void => sendStream("stdout", util.format(...args) + "\n");

  error = (...args: unknown[]): void => {
    if (args[0] === DIAGNOSTIC_FORMAT) {
      const [, file, line, column, message] = args;
      this.diagnostics.push(`${file}line ${line}, column ${column}: ${message}`);
    } else {
      this.thrown.push(args.length === 1 ? args[0] : util.format(...args));
    }
  };

  /** Sends what was recorded: an error output if the cell failed, else stderr text (module diagnostics). */
  flush(ok: boolean): void {
    const { diagnostics, thrown } = this;
    this.diagnostics = [];
    this.thrown = [];
    if (ok) {
      for (const d of diagnostics) sendStream("stderr", d + "\n");
      for (const t of thrown) sendStream("stderr", util.format(t) + "\n");
      return;
    }
    if (diagnostics.length > 0) {
      // Jupyter front ends show only the traceback, so it carries the whole message.
      const evalue = diagnostics.join("\n");
      send({ kind: "error", ename: "TypeScriptError", evalue, traceback: [`TypeScriptError: ${evalue}`] });
      return;
    }
    const value = thrown[0];
    if (value instanceof Error || (typeof value === "object" && value !== null && "message" in value)) {
      const err = value as Error;
      const ename = err.name || "Error";
      send({ kind: "error", ename, evalue: String(err.message), traceback: cellTraceback(err.stack ?? `${ename}: ${err.message}`) });
    } else {
      const evalue = thrown.length > 0 ? util.format(value) : "the cell failed without reporting why";
      send({ kind: "error", ename: "Error", evalue, traceback: [`Error: ${evalue}`] });
    }
  }
}

function main(): void {
  if (!process.send) throw new Error("lib/runner/worker.js is started by `cnnlab run` (child_process.fork), not directly");
  const rootDir = process.argv[2] ?? process.cwd();

  // As in tslab's kernel: all printing during and after a cell goes to the latest cell.
  process.stdout.write = forwardWrites("stdout");
  process.stderr.write = forwardWrites("stderr");
  process.on("disconnect", () => process.exit(1));
  tslabJupyter.lastWriteDisplayData = (bundle, update) => {
    send({ kind: "display", data: bundle.data, metadata: bundle.metadata ?? {}, displayId: bundle.transient?.display_id, update });
  };
  process.on("uncaughtException", (err) => sendStream("stderr", `UncaughtException: ${util.format(err)}\n`));
  process.on("unhandledRejection", (reason) => sendStream("stderr", `UnhandledPromiseRejection: ${util.format(reason)}\n`));

  const recorder = new ErrorRecorder();
  const convs = converterSet();
  void convs.node; // load TypeScript before the first cell, so its time is not charged to it
  const executor = createExecutor(rootDir, convs, recorder);

  let queue = Promise.resolve();
  process.on("message", (msg: ToWorker) => {
    queue = queue.then(async () => {
      if (msg.kind === "close") {
        executor.close();
        process.exit(0);
      }
      const ok = await executor.execute(msg.source);
      // Let output from promises that settled with the cell arrive before "done".
      await new Promise((resolve) => setImmediate(resolve));
      recorder.flush(ok);
      send({ kind: "done", ok });
    });
  });
  send({ kind: "ready" });
}

main();
