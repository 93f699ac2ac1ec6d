/**
 * A graded submission's process, inside its sandbox (lib/grading/sandbox.ts): runs the
 * submission's own code cells with the shared cell core, then answers the grader's calls to the
 * names of the assignment's `student_api` with plain, size-capped values. No test code, expected
 * value or check ever reaches this process; it holds nothing the grade depends on.
 *
 * Grader → here: frames on stdin. Here → grader: frames on fd 3 (lib/grading/frames.ts).
 * What the cells print goes to stdout/stderr, which the grader reads and caps.
 */
import * as fs from "fs";
import { createCellCore, safeFormat } from "../runner/cells";
import { encodeFrame, FrameReader, type FrameClass } from "./frames";
import { capText, toPlain, type Plain } from "./plain";
import type { ToSandbox } from "./protocol";
import { t } from "../i18n/t";

/** Characters of an error message sent to the grader (it cuts again: this is a courtesy, not the limit). */
const ERROR_CHARS = 2000;
const OUT_FD = 3;

// Captured before any submission code runs (it could replace fs.writeSync; that only garbles its own answers).
const writeSync = fs.writeSync;

function send(message: unknown, frameClass: FrameClass = "control"): void {
  const bytes = encodeFrame(message, frameClass);
  let off = 0;
  while (off < bytes.length) off += writeSync(OUT_FD, bytes, off, bytes.length - off);
}

function errorOf(err: unknown): { ename: string; evalue: string } {
  try {
    if (typeof err === "object" && err !== null && "message" in err) {
      return { ename: capText(String((err as Error).name || "Error"), 200), evalue: capText(String((err as Error).message), ERROR_CHARS) };
    }
  } catch {
    // a thrown object with a hostile getter
  }
  return { ename: "Error", evalue: capText(safeFormat(err), ERROR_CHARS) };
}

/** Characters of printed text passed on per cell; the rest is dropped here, so a print loop cannot fill this process's memory. */
const PRINT_CAP_PER_CELL = 64 * 1024;
let printed = 0;

/** stream.write replaced by a synchronous, capped write to the pipe the grader reads. */
function cappedWrites(fd: number): typeof process.stdout.write {
  return ((chunk: unknown, encodingOrCallback?: unknown, callback?: unknown) => {
    if (printed < PRINT_CAP_PER_CELL) {
      let text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
      if (printed + text.length > PRINT_CAP_PER_CELL) text = `${text.slice(0, PRINT_CAP_PER_CELL - printed)}\n[output cut at ${PRINT_CAP_PER_CELL} characters]\n`;
      printed += text.length;
      try {
        writeSync(fd, text);
      } catch {
        // the grader stopped reading: it is ending this process
      }
    }
    const done = typeof encodingOrCallback === "function" ? encodingOrCallback : callback;
    if (typeof done === "function") (done as () => void)();
    return true;
  }) as typeof process.stdout.write;
}

function main(): void {
  const rootDir = process.cwd();
  process.stdout.write = cappedWrites(1);
  process.stderr.write = cappedWrites(2);
  process.on("uncaughtException", (err) => process.stderr.write(`UncaughtException: ${capText(safeFormat(err), ERROR_CHARS)}\n`));
  process.on("unhandledRejection", (reason) => process.stderr.write(`UnhandledPromiseRejection: ${capText(safeFormat(reason), ERROR_CHARS)}\n`));
  const exit = process.exit.bind(process);
  // A submission that calls process.exit() fails its cell instead of ending early (and being restarted).
  process.exit = ((code?: number) => {
    // In the submission's language (CNNLAB_LANG, set by the grader).
    throw new Error(t("grade.exitNotAllowed", { code: code ?? "" }));
  }) as typeof process.exit;

  const core = createCellCore(rootDir, (text) => void process.stdout.write(text));

  const handle = async (msg: ToSandbox): Promise<void> => {
    if (msg.kind === "close") {
      core.close();
      exit(0);
    } else if (msg.kind === "cell") {
      printed = 0;
      const r = await core.run(msg.source);
      send({ kind: "done", ok: r.ok, ...(r.error ? { error: { ename: capText(r.error.ename, 200), evalue: capText(r.error.evalue, ERROR_CHARS) } } : {}) });
    } else if (msg.kind === "call") {
      let value: Plain;
      try {
        const locals = core.locals;
        if (!Object.prototype.hasOwnProperty.call(locals, msg.name)) throw new ReferenceError(t("grade.notDefined", { name: msg.name }));
        const target = locals[msg.name];
        if (msg.args === null) {
          if (typeof target === "function") throw new TypeError(t("grade.isFunction", { name: msg.name }));
          value = toPlain(await target, t("plain.valueOf", { name: msg.name }));
        } else {
          if (typeof target !== "function") throw new TypeError(t("grade.notFunction", { name: msg.name }));
          value = toPlain(await (target as (...a: unknown[]) => unknown)(...msg.args), t("plain.returned", { name: msg.name }));
        }
      } catch (err) {
        send({ kind: "result", id: msg.id, ok: false, error: errorOf(err) });
        return;
      }
      try {
        send({ kind: "result", id: msg.id, ok: true, value }, "value");
      } catch (err) {
        send({ kind: "result", id: msg.id, ok: false, error: errorOf(err) });
      }
    }
  };

  let queue: Promise<void> = Promise.resolve();
  const reader = new FrameReader(
    (e) => {
      if (e.kind !== "message") exit(2);
      else queue = queue.then(() => handle(e.message as ToSandbox));
    },
    { control: 2 ** 31, value: 2 ** 31 }
  );
  process.stdin.on("data", (b: Buffer) => reader.push(b));
  process.stdin.on("end", () => exit(0));
  // Load cnnlab and its type declarations now: the first `import … from "cnnlab"` costs seconds of
  // type checking that should not count against the student's first cell; a side-effect import
  // declares no names, so the notebook starts with the state it would have in Jupyter.
  queue = queue.then(async () => {
    await core.run('import "cnnlab";');
    send({ kind: "ready" });
  });
}

main();
