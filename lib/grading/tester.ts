/**
 * The grader's test process (lib/grading/tester-worker.ts): trusted, outside the sandbox. It runs
 * the instructor's test cells; each call a test makes to a `student_api` name comes here and is
 * answered by `onCall` (the grader forwards it to the submission's sandbox). Check records come
 * back from this process, never from the submission's.
 */
import { fork, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { packageRoot } from "../package-root";
import type { CheckRecord } from "./checks";
import type { ErrorInfo, FromTester, ToTester } from "./protocol";
import type { CallResult } from "./session";
import type { Plain } from "./plain";
import { treeResidentMb } from "./memory";
import { memoryLimitMb } from "./session";
import type { Lang } from "../i18n/lang";
import { translator } from "../i18n/t";

/** What running one test cell did. */
export interface TestOutcome {
  status: "ok" | "error" | "timeout" | "crashed";
  error?: string;
  /** The error was thrown by the submission's own code (its message is safe to show for a hidden test). */
  errorFromSubmission?: boolean;
  /** The error's type (e.g. TypeError): all a hidden test's feedback shows of an error of the test code. */
  errorType?: string;
  checks: CheckRecord[];
  seconds: number;
}

/** The smallest V8 heap (MiB) the test process gets, whatever the assignment's memory_mb. */
export const TESTER_MIN_HEAP_MB = 2048;

export type CallHandler = (name: string, args: Plain[] | null) => Promise<CallResult>;

/**
 * How the test process is started so that it dies with the grader even while busy in a loop (an
 * IPC disconnect is noticed only when its event loop runs): util-linux `setpriv --pdeathsig KILL`
 * execs node with PR_SET_PDEATHSIG set, as bubblewrap's --die-with-parent does for the sandbox.
 * Null where setpriv is missing (not Linux): then the disconnect handler is the only tie.
 */
function deathTie(): string | null {
  if (process.platform !== "linux") return null;
  for (const p of ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv"]) if (fs.existsSync(p)) return p;
  return null;
}

export function testerScript(): string {
  const here = path.join(__dirname, "tester-worker.js");
  if (fs.existsSync(here)) return here;
  const built = path.resolve(__dirname, "../../dist/lib/grading/tester-worker.js");
  if (fs.existsSync(built)) return built;
  throw new Error(`cannot find the grader's test process at ${here} or ${built}; build the package first with \`npx tsc -p .\``);
}

/** The first cell of the test process: a proxy per `student_api` name, typed `any` (its values are plain data). */
export function preamble(studentApi: string[]): string {
  return studentApi.map((n) => `const ${n}: any = (globalThis as any)[Symbol.for("cnnlab.grading.studentApi")](${JSON.stringify(n)});\n`).join("");
}

export class TesterSession {
  private readonly child: ChildProcess;
  private current: { checks: CheckRecord[]; finish: (o: Omit<TestOutcome, "checks" | "seconds">) => void } | null = null;
  private exited = false;
  private readonly ready: Promise<boolean>;
  private stderrTail = "";

  private readonly memoryTimer: NodeJS.Timeout;
  private overMemory = false;

  /**
   * `notebookMemoryMb` (at least TESTER_MIN_HEAP_MB) bounds this process like the submission's (a V8 heap limit,
   * and resident memory above memoryLimitMb stops it): the tests are trusted, but the values they get are not, and a size the
   * submission returned can make a test allocate gigabytes (a red-team finding).
   */
  private readonly memoryMb: number;
  /** Messages in the submission's language (`lang`: why a test stopped). */
  private readonly tr: ReturnType<typeof translator>;

  /** `cwd`: where the tests' imports resolve (default the package; a view of it without tfjs for a by-hand assignment). */
  constructor(env: Record<string, string>, notebookMemoryMb: number, private readonly onCall: CallHandler, cwd: string = packageRoot(), lang: Lang = "en") {
    this.tr = translator(lang);
    // At least TESTER_MIN_HEAP_MB: the test process type-checks each test against cnnlab's and tfjs's types, and
    // a tight heap made it slow enough to miss the tests' time limits on a loaded machine.
    this.memoryMb = Math.max(notebookMemoryMb, TESTER_MIN_HEAP_MB);
    const tie = deathTie();
    const memoryMb = this.memoryMb;
    const heap = `--max-old-space-size=${Math.round(memoryMb)}`;
    this.child = fork(testerScript(), [], {
      cwd,
      env: { ...process.env, ...env },
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      ...(tie ? { execPath: tie, execArgv: ["--pdeathsig", "KILL", "--", process.execPath, heap] } : { execArgv: [heap] }),
    });
    this.memoryTimer = setInterval(() => {
      const mb = this.child.pid ? treeResidentMb(this.child.pid) : null;
      if (mb !== null && mb > memoryLimitMb(this.memoryMb)) {
        this.overMemory = true;
        this.child.kill("SIGKILL");
      }
    }, 250);
    let readyResolve: (ok: boolean) => void = () => undefined;
    this.ready = new Promise((resolve) => (readyResolve = resolve));
    this.child.stderr!.on("data", (b: Buffer) => {
      const text = b.toString("utf8");
      // V8's out-of-memory line is followed by a long native stack: note it as it passes.
      if (/heap out of memory|Reached heap limit|Allocation failed/i.test(this.stderrTail.slice(-100) + text)) this.overMemory = true;
      this.stderrTail = (this.stderrTail + text).slice(-2000);
    });
    this.child.on("message", (m: FromTester) => {
      if (m.kind === "ready") readyResolve(true);
      else if (m.kind === "check" && this.current) this.current.checks.push(m.record);
      else if (m.kind === "call") {
        void this.onCall(m.name, m.args).then((r) => this.send(r.ok ? { kind: "result", id: m.id, ok: true, value: r.value } : { kind: "result", id: m.id, ok: false, error: r.error }));
      } else if (m.kind === "done" && this.current) {
        const e = m.error as (ErrorInfo & { fromSubmission?: boolean }) | undefined;
        this.current.finish({ status: m.ok ? "ok" : "error", ...(e ? { error: `${e.ename}: ${e.evalue}`, errorType: e.ename, errorFromSubmission: e.fromSubmission === true } : {}) });
      }
    });
    this.child.on("close", (code, signal) => {
      this.exited = true;
      clearInterval(this.memoryTimer);
      readyResolve(false);
      const outOfMemory = this.overMemory;
      const why = outOfMemory
        ? this.tr("grade.testOutOfMemory", { heap: this.memoryMb, total: memoryLimitMb(this.memoryMb) })
        : signal
          ? this.tr("grade.testerEndedSignal", { signal })
          : this.tr("grade.testerEndedCode", { code: String(code) });
      this.current?.finish({ status: "crashed", error: why });
    });
    this.child.on("error", () => undefined);
  }

  async start(timeoutS: number): Promise<boolean> {
    const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutS * 1000).unref());
    return Promise.race([this.ready, timer]);
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** The last line the process printed on stderr (why it did not start). */
  get lastError(): string {
    const lines = this.stderrTail.trim().split("\n").filter((l) => l.trim() && !/^Node\.js v/.test(l));
    return lines.length ? lines[lines.length - 1].slice(0, 300) : "";
  }

  private send(msg: ToTester): void {
    if (!this.exited && this.child.connected) this.child.send(msg);
  }

  /** Runs one test (or setup) cell within `timeoutS`. */
  run(source: string, timeoutS: number): Promise<TestOutcome> {
    const t0 = Date.now();
    return new Promise((resolve) => {
      const state = {
        checks: [] as CheckRecord[],
        finish: (o: Omit<TestOutcome, "checks" | "seconds">) => {
          if (this.current !== state) return;
          this.current = null;
          clearTimeout(timer);
          resolve({ ...o, checks: state.checks, seconds: (Date.now() - t0) / 1000 });
        },
      };
      this.current = state;
      const timer = setTimeout(() => state.finish({ status: "timeout", error: this.tr("grade.testTimeout", { seconds: timeoutS }) }), Math.max(0, timeoutS) * 1000);
      if (this.exited) state.finish({ status: "crashed", error: this.tr("grade.testerGone") });
      else this.send({ kind: "cell", source });
    });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once("close", () => resolve()));
    this.child.kill("SIGKILL");
    await gone;
  }
}
