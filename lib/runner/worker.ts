/**
 * The notebook process: runs one notebook's cells, in order, with the shared cell core
 * (lib/runner/cells.ts: tslab's executor, as its Jupyter kernel uses it), and sends what each
 * cell prints, displays or throws to the runner. Started by lib/runner/execute.ts with the
 * notebook's folder as working directory.
 */
import type { FromWorker, ToWorker } from "./protocol";
import { createCellCore, safeFormat } from "./cells";
import { setProgressSink } from "../../kernel-ext/progress-channel";

/** tslab's `display` (require("tslab").display) writes through this module-level hook, which its kernel sets per request. */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const tslabJupyter = require("tslab/dist/jupyter") as {
  lastWriteDisplayData: ((data: { data: Record<string, unknown>; metadata?: Record<string, unknown>; transient?: { display_id?: string } }, update: boolean) => void) | null;
};

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
  // Training dashboards report where they stand; the runner shows it live, outside the notebook.
  setProgressSink((progress) => send({ kind: "progress", progress }));
  process.on("uncaughtException", (err) => sendStream("stderr", `UncaughtException: ${safeFormat(err)}\n`));
  process.on("unhandledRejection", (reason) => sendStream("stderr", `UnhandledPromiseRejection: ${safeFormat(reason)}\n`));

  const core = createCellCore(rootDir, (text) => sendStream("stdout", text));

  let queue = Promise.resolve();
  process.on("message", (msg: ToWorker) => {
    queue = queue.then(async () => {
      if (msg.kind === "close") {
        core.close();
        process.exit(0);
      }
      const result = await core.run(msg.source);
      // A cell that ran but made the executor complain (module diagnostics) shows it on stderr.
      for (const w of result.warnings) sendStream("stderr", w + "\n");
      if (result.error) send({ kind: "error", ...result.error });
      send({ kind: "done", ok: result.ok });
    });
  });
  send({ kind: "ready" });
}

main();
