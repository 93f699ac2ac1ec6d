/**
 * The grader's side of one submission process: start it with a heap limit in its sandbox folder,
 * run a cell or test with a time limit, watch its memory and printed output, kill it when it
 * oversteps. Every outcome is data; nothing the submission does makes these methods throw.
 */
import { fork, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { CheckRecord } from "./checks";
import type { FromGrader, ToGrader } from "./protocol";
import { isValue } from "./values";

/** Printed bytes (both pipes and IPC) after which a process is stopped as a runaway printer. */
export const OUTPUT_KILL_BYTES = 8 * 1024 * 1024;
/** Characters of printed text kept per cell for the feedback page. */
const KEEP_CHARS = 4000;

export type Fatal = "timeout" | "crashed" | "memory" | "output";

/** What running one cell or test did. */
export interface Outcome {
  /** "ok": finished; "error": threw or did not compile; otherwise the process had to be stopped. */
  status: "ok" | "error" | Fatal;
  /** Error name and message, or why the process was stopped. */
  error?: string;
  checks: CheckRecord[];
  /** Start of what the cell printed (stdout and stderr). */
  output: string;
  seconds: number;
}

export interface SessionArgs {
  /** The sandbox folder (working directory). */
  dir: string;
  /** Compiled worker script. */
  workerScript: string;
  env: Record<string, string>;
  /** V8 heap limit, MiB; resident memory above twice this (plus 512 MiB for tfjs buffers) kills the process. */
  memoryMb: number;
  /** Extra node flags (the permission sandbox). */
  execArgv: string[];
}

export function workerScript(): string {
  const here = path.join(__dirname, "worker.js");
  if (fs.existsSync(here)) return here;
  const built = path.resolve(__dirname, "../../dist/lib/grading/worker.js");
  if (fs.existsSync(built)) return built;
  throw new Error(`cannot find the grading worker at ${here} or ${built}; build the package first with \`npx tsc -p .\``);
}

/** Resident set size of a Linux process in MiB, or null where /proc is unavailable. */
function residentMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export class GradeSession {
  private readonly child: ChildProcess;
  private current: { checks: CheckRecord[]; output: string; error?: string; finish: (o: { status: Outcome["status"]; error?: string }) => void } | null = null;
  private exited = false;
  private stopping: Fatal | null = null;
  private printedBytes = 0;
  private stderrTail = "";
  private readonly memoryTimer: NodeJS.Timeout;
  private readonly ready: Promise<boolean>;

  constructor(private readonly args: SessionArgs) {
    this.child = fork(args.workerScript, [args.dir], {
      cwd: args.dir,
      env: { ...process.env, ...args.env, CNNLAB_GRADING: "1" },
      execArgv: [`--max-old-space-size=${Math.round(args.memoryMb)}`, ...args.execArgv],
      serialization: "advanced",
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let readyResolve: (ok: boolean) => void = () => undefined;
    this.ready = new Promise((resolve) => (readyResolve = resolve));
    const onBytes = (name: "stdout" | "stderr") => (b: Buffer) => {
      this.printed(b.length);
      if (name === "stderr") this.stderrTail = (this.stderrTail + b.toString("utf8")).slice(-2000);
      this.keep(b.toString("utf8"));
    };
    this.child.stdout!.on("data", onBytes("stdout"));
    this.child.stderr!.on("data", onBytes("stderr"));
    this.child.on("message", (m: FromGrader) => {
      if (typeof m !== "object" || m === null) return;
      if (m.kind === "ready") readyResolve(true);
      else if (m.kind === "stream" && typeof m.text === "string") {
        this.printed(m.text.length);
        this.keep(m.text);
      } else if (m.kind === "error" && this.current) this.current.error = `${String(m.ename)}: ${String(m.evalue)}`;
      else if (m.kind === "check" && this.current && isCheckRecord(m.record)) this.current.checks.push(m.record);
      else if (m.kind === "done" && this.current) this.current.finish({ status: m.ok === true ? "ok" : "error" });
    });
    this.child.on("close", (code, signal) => {
      this.exited = true;
      clearInterval(this.memoryTimer);
      readyResolve(false);
      if (!this.current) return;
      const why = this.stopping ?? (/heap out of memory|Reached heap limit|Allocation failed/i.test(this.stderrTail) ? "memory" : "crashed");
      const error =
        why === "memory"
          ? `the notebook ran out of memory (limit ${this.args.memoryMb} MiB of JavaScript heap)`
          : why === "output"
            ? `the notebook printed more than ${OUTPUT_KILL_BYTES / 1024 / 1024} MiB and was stopped`
            : why === "crashed"
              ? `the notebook process ended (${signal ? `signal ${signal}` : `exit code ${code}`})`
              : undefined;
      this.current.finish({ status: why, error });
    });
    this.child.on("error", () => undefined);
    this.memoryTimer = setInterval(() => {
      const mb = this.child.pid ? residentMb(this.child.pid) : null;
      if (mb !== null && mb > 2 * this.args.memoryMb + 512) this.kill("memory");
    }, 250);
  }

  /** Waits for the process to load tslab; false if it died or took longer than `timeoutS`. */
  async start(timeoutS: number): Promise<boolean> {
    const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutS * 1000).unref());
    return Promise.race([this.ready, timer]);
  }

  /** Runs one cell or test; resolves when it finishes, fails, or oversteps a limit. */
  run(msg: ToGrader, timeoutS: number): Promise<Outcome> {
    const t0 = Date.now();
    return new Promise((resolve) => {
      const state = {
        checks: [] as CheckRecord[],
        output: "",
        error: undefined as string | undefined,
        finish: (o: { status: Outcome["status"]; error?: string }) => {
          if (this.current !== state) return;
          this.current = null;
          clearTimeout(timer);
          const error = o.status === "ok" ? undefined : o.error ?? state.error ?? "the cell failed";
          resolve({ status: o.status, error, checks: state.checks, output: state.output, seconds: (Date.now() - t0) / 1000 });
        },
      };
      this.current = state;
      const timer = setTimeout(() => {
        state.finish({ status: "timeout", error: `the cell ran longer than its ${timeoutS} s limit and was stopped` });
        this.kill("timeout");
      }, Math.max(0, timeoutS) * 1000);
      if (this.exited) {
        state.finish({ status: "crashed", error: "the notebook process had already ended" });
        return;
      }
      try {
        this.child.send(msg);
      } catch (err) {
        state.finish({ status: "crashed", error: `could not reach the notebook process: ${(err as Error).message}` });
      }
    });
  }

  /** Ends the process and waits until it is gone. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once("close", () => resolve()));
    this.kill("crashed");
    await gone;
  }

  private kill(why: Fatal): void {
    this.stopping ??= why;
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

/** Check records come from the submission's process: accept only well-formed plain data. */
function isCheckRecord(r: unknown): r is CheckRecord {
  if (typeof r !== "object" || r === null) return false;
  const o = r as Record<string, unknown>;
  return ["close", "equal", "atLeast", "accuracy"].includes(o.kind as string) && typeof o.what === "string" && isValue(o.got);
}
