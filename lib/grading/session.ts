/**
 * The grader's side of one submission process (lib/grading/worker.ts in its sandbox): start it,
 * run a cell with a time limit, forward a call, watch its memory, printed output and messages,
 * and kill it when it oversteps. Every outcome is data; nothing the submission does makes these
 * methods throw, and nothing it sends is trusted: frames above their cap or malformed stop it.
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import type { Writable } from "stream";
import { encodeFrame, FrameReader, MAX_FRAME_BYTES } from "./frames";
import { capText, plainProblem, type Plain } from "./plain";
import type { ErrorInfo, FromSandbox, ToSandbox } from "./protocol";
import type { SandboxCommand } from "./sandbox";
import { treeFilesMb, treeResidentMb } from "./memory";
import type { Lang } from "../i18n/lang";
import { translator } from "../i18n/t";

/** Printed bytes (stdout and stderr) after which a process is stopped as a runaway printer. */
export const OUTPUT_KILL_BYTES = 8 * 1024 * 1024;
/** Characters of printed text kept per cell for the feedback page. */
const KEEP_CHARS = 4000;
/** Characters of an error message kept. */
export const ERROR_CHARS = 2000;

/** Resident memory plus tmpfs files (MiB) at which a process with a V8 heap limit of `memoryMb` is stopped (tfjs buffers live outside the heap). */
export function memoryLimitMb(memoryMb: number): number {
  return 2 * memoryMb + 512;
}

export type Fatal = "timeout" | "crashed" | "memory" | "output" | "message";

/** What running one cell or test did. */
export interface Outcome {
  /** "ok": finished; "error": threw or did not compile; otherwise the process had to be stopped. */
  status: "ok" | "error" | Fatal;
  /** Error name and message, or why the process was stopped. */
  error?: string;
  /** Start of what the cell printed (stdout and stderr). */
  output: string;
  seconds: number;
}

/** A call's answer from the submission. */
export type CallResult = { ok: true; value: Plain } | { ok: false; error: ErrorInfo };

export interface SessionArgs {
  command: SandboxCommand;
  /** The submission notebook's bytes: its copy in the sandbox's work folder. */
  notebook: Buffer;
  /**
   * V8 heap limit, MiB; resident memory plus the files in the sandbox's tmpfs folders above twice this
   * (plus 512 MiB for tfjs buffers) kills the process.
   */
  memoryMb: number;
  /** The language of the reasons it gives (why a process was stopped; the submission's language). Default "en". */
  lang?: Lang;
}

function errorText(e: ErrorInfo | undefined): string | undefined {
  if (!e || typeof e !== "object") return undefined;
  return `${capText(String(e.ename), 100)}: ${capText(String(e.evalue), ERROR_CHARS)}`;
}

export class SandboxSession {
  private readonly child: ChildProcess;
  private current: { output: string; finish: (o: { status: Outcome["status"]; error?: string }) => void } | null = null;
  private readonly calls = new Map<number, (r: CallResult) => void>();
  private exited = false;
  private stopping: Fatal | null = null;
  private stoppingWhy = "";
  private printedBytes = 0;
  private stderrTail = "";
  private readonly memoryTimer: NodeJS.Timeout;
  private readonly ready: Promise<boolean>;
  private nextCall = 1;
  private memoryWhy = "";
  private readonly tr: ReturnType<typeof translator>;

  constructor(private readonly args: SessionArgs) {
    this.tr = translator(args.lang ?? "en");
    const { file, args: argv, options } = args.command;
    this.child = spawn(file, argv, options);
    let readyResolve: (ok: boolean) => void = () => undefined;
    this.ready = new Promise((resolve) => (readyResolve = resolve));
    const notebookPipe = this.child.stdio[4] as Writable | null | undefined;
    if (notebookPipe) {
      notebookPipe.on("error", () => undefined);
      notebookPipe.end(args.notebook);
    }
    (this.child.stdin as Writable).on("error", () => undefined);
    const onBytes = (name: "stdout" | "stderr") => (b: Buffer) => {
      this.printed(b.length);
      if (name === "stderr") this.stderrTail = (this.stderrTail + b.toString("utf8")).slice(-2000);
      this.keep(b.toString("utf8"));
    };
    this.child.stdout!.on("data", onBytes("stdout"));
    this.child.stderr!.on("data", onBytes("stderr"));
    const reader = new FrameReader((e) => {
      if (e.kind === "oversized") return this.kill("message", this.tr("grade.oversizedMessage", { bytes: e.bytes, limit: MAX_FRAME_BYTES[e.frameClass] }));
      if (e.kind === "malformed") return this.kill("message", this.tr("grade.malformedMessage"));
      this.receive(e.message as FromSandbox, e.frameClass, readyResolve);
    });
    (this.child.stdio[3] as NodeJS.ReadableStream).on("data", (b: Buffer) => reader.push(b));
    this.child.on("close", (code, signal) => {
      this.exited = true;
      clearInterval(this.memoryTimer);
      readyResolve(false);
      for (const [, resolve] of this.calls) resolve({ ok: false, error: { ename: "Stopped", evalue: this.deathReason(code, signal) } });
      this.calls.clear();
      if (!this.current) return;
      const why = this.stopping ?? (this.outOfMemory() ? "memory" : "crashed");
      this.current.finish({ status: why, error: why === "timeout" ? undefined : this.deathReason(code, signal) });
    });
    this.child.on("error", () => undefined);
    this.memoryTimer = setInterval(() => {
      const pid = this.child.pid;
      const mb = pid ? treeResidentMb(pid) : null;
      if (mb === null) return;
      const filesMb = treeFilesMb(pid!, args.command.tmpfsDirs);
      if (mb + filesMb > memoryLimitMb(this.args.memoryMb)) {
        this.memoryWhy = filesMb >= 1 ? this.tr("grade.outOfMemoryFiles", { mb: Math.round(filesMb) }) : "";
        this.kill("memory");
      }
    }, 250);
  }

  private outOfMemory(): boolean {
    return /heap out of memory|Reached heap limit|Allocation failed/i.test(this.stderrTail);
  }

  private deathReason(code: number | null, signal: NodeJS.Signals | null): string {
    const why = this.stopping ?? (this.outOfMemory() ? "memory" : "crashed");
    const tr = this.tr;
    if (why === "memory") return tr("grade.outOfMemory", { heap: this.args.memoryMb, total: memoryLimitMb(this.args.memoryMb), files: this.memoryWhy });
    if (why === "output") return tr("grade.tooMuchOutput", { mb: OUTPUT_KILL_BYTES / 1024 / 1024 });
    if (why === "message") return tr("grade.stoppedBecause", { why: this.stoppingWhy });
    if (why === "timeout") return tr("grade.stoppedAfterLimit");
    return signal ? tr("grade.endedSignal", { signal }) : tr("grade.endedCode", { code: String(code) });
  }

  private receive(m: FromSandbox, frameClass: "control" | "value", readyResolve: (ok: boolean) => void): void {
    if (typeof m !== "object" || m === null) return;
    if (m.kind === "ready") readyResolve(true);
    else if (m.kind === "done" && this.current) this.current.finish({ status: m.ok === true ? "ok" : "error", error: errorText(m.error) ?? (m.ok === true ? undefined : this.tr("grade.cellFailed")) });
    else if (m.kind === "result" && typeof m.id === "number") {
      const resolve = this.calls.get(m.id);
      if (!resolve) return;
      this.calls.delete(m.id);
      if (m.ok === true && frameClass === "value") {
        const problem = plainProblem(m.value, this.args.lang ?? "en");
        resolve(problem ? { ok: false, error: { ename: "TypeError", evalue: this.tr("grade.notPlain", { problem }) } } : { ok: true, value: m.value as Plain });
      } else {
        resolve({ ok: false, error: { ename: capText(String(m.error?.ename ?? "Error"), 100), evalue: capText(String(m.error?.evalue ?? "failed"), ERROR_CHARS) } });
      }
    }
  }

  /** Waits for the process to load tslab; false if it died or took longer than `timeoutS`. */
  async start(timeoutS: number): Promise<boolean> {
    const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutS * 1000).unref());
    return Promise.race([this.ready, timer]);
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** What the process printed last on stderr (for a failed start). */
  get stderr(): string {
    return this.stderrTail;
  }

  private send(msg: ToSandbox): boolean {
    if (this.exited) return false;
    try {
      (this.child.stdin as Writable).write(encodeFrame(msg));
      return true;
    } catch {
      return false;
    }
  }

  /** Runs one of the submission's cells; resolves when it finishes, fails, or oversteps a limit. */
  runCell(source: string, timeoutS: number): Promise<Outcome> {
    const t0 = Date.now();
    return new Promise((resolve) => {
      const state = {
        output: "",
        finish: (o: { status: Outcome["status"]; error?: string }) => {
          if (this.current !== state) return;
          this.current = null;
          clearTimeout(timer);
          const error = o.status === "ok" ? undefined : o.error ?? this.tr("grade.cellFailed");
          resolve({ status: o.status, error, output: state.output, seconds: (Date.now() - t0) / 1000 });
        },
      };
      this.current = state;
      const timer = setTimeout(() => {
        state.finish({ status: "timeout", error: this.tr("grade.cellTimeout", { seconds: timeoutS }) });
        this.kill("timeout");
      }, Math.max(0, timeoutS) * 1000);
      if (!this.send({ kind: "cell", source })) state.finish({ status: "crashed", error: this.tr("grade.processGone") });
    });
  }

  /** Calls `name(...args)` (or reads `name` when args is null) in the submission; never rejects. */
  call(name: string, args: Plain[] | null): Promise<CallResult> {
    const id = this.nextCall++;
    return new Promise((resolve) => {
      this.calls.set(id, resolve);
      if (!this.send({ kind: "call", id, name, args })) {
        this.calls.delete(id);
        resolve({ ok: false, error: { ename: "Stopped", evalue: this.tr("grade.processGone") } });
      }
    });
  }

  /** Ends the process and waits until it is gone. */
  async stop(why: Fatal = "crashed"): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once("close", () => resolve()));
    this.kill(why);
    await gone;
  }

  kill(why: Fatal, detail = ""): void {
    if (!this.stopping) {
      this.stopping = why;
      this.stoppingWhy = detail;
    }
    if (!this.exited) this.child.kill("SIGKILL");
  }

  private printed(n: number): void {
    this.printedBytes += n;
    if (this.printedBytes > OUTPUT_KILL_BYTES) this.kill("output");
  }

  private keep(text: string): void {
    if (this.current && this.current.output.length < KEEP_CHARS) this.current.output += text.slice(0, KEEP_CHARS - this.current.output.length);
  }
}
