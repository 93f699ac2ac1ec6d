/**
 * Grades one notebook (a submission, or the instructor's to get the expected values): its code
 * cells run in its sandboxed process within per-cell and total time limits; then each test cell
 * runs in the grader's test process, whose calls to `student_api` names are forwarded to the
 * sandbox. When a cell or call kills or hangs the submission's process, a fresh one replays the
 * cells that worked, skips the culprit and goes on, so the rest can still be scored.
 */
import * as fs from "fs";
import { launchCommand, unsafeWorkDir, type LaunchArgs } from "./sandbox";
import { SandboxSession, type Outcome } from "./session";
import { preamble, TesterSession, type TestOutcome } from "./tester";
import type { Lang } from "../i18n/lang";
import { translator } from "../i18n/t";

/** A code cell to run, with its limit. */
export interface PlannedCell {
  cellNumber: number;
  source: string;
  timeoutS: number;
}

/** A test cell to run after the notebook's cells. */
export interface PlannedTest {
  id: string;
  source: string;
  timeoutS: number;
}

export interface ExecutePlanArgs {
  /** The notebook's bytes (its copy in the sandbox). */
  notebook: Buffer;
  cells: PlannedCell[];
  /** Sources of the `test_setup` cells, run in the test process before the tests. */
  setup: string[];
  studentApi: string[];
  tests: PlannedTest[];
  totalTimeoutS: number;
  launch: LaunchArgs;
  /** Environment of the test process (e.g. CNNLAB_QUICK). */
  env: Record<string, string>;
  /** Where the test process resolves the tests' imports (default: the package itself). */
  testerCwd?: string;
  /**
   * The language of what the student reads about this run (why a cell or test stopped or did not run, the notes),
   * also given to the submission's process as CNNLAB_LANG (so its blocked-name errors, lib/grading/blocked.ts, are in it).
   * Default "en".
   */
  lang?: Lang;
}

export interface PlanResult {
  cells: Map<number, Outcome>;
  tests: Map<string, TestOutcome>;
  /** Wall-clock seconds, process starts included. */
  seconds: number;
  /** Events worth telling the student (restarts, the total limit). */
  notes: string[];
  /** Why the test setup failed (an assignment problem), if it did. */
  setupError?: string;
}

/** How many times a process that died or hung is replaced before the rest is given up. */
const MAX_RESTARTS = 3;
/** Starting a process runs no submission code: its time is not charged to the submission, and a loaded machine may need long. */
const START_TIMEOUT_S = 600;
const SETUP_TIMEOUT_S = 600;

function notRun(why: string): TestOutcome {
  return { status: "error", error: why, checks: [], seconds: 0 };
}

export async function executePlan(args: ExecutePlanArgs): Promise<PlanResult> {
  const t0 = Date.now();
  const lang = args.lang ?? "en";
  const tr = translator(lang);
  const launch: LaunchArgs = { ...args.launch, env: { ...args.launch.env, CNNLAB_LANG: lang } };
  // The total limit counts the submission's cells and tests, not process starts (moved on after each).
  let deadline = t0 + args.totalTimeoutS * 1000;
  const secondsLeft = (): number => Math.max(0, (deadline - Date.now()) / 1000);
  const cells = new Map<number, Outcome>();
  const tests = new Map<string, TestOutcome>();
  const notes: string[] = [];
  const skip = new Set<number>();
  const pending = [...args.tests];
  const workDirs: string[] = [];
  let setupError: string | undefined;
  let restarts = 0;
  let sandbox: SandboxSession | null = null;
  let tester: TesterSession | null = null;

  const newSandbox = (): SandboxSession =>
    new SandboxSession({
      command: launchCommand(launch, () => {
        const d = unsafeWorkDir();
        workDirs.push(d);
        fs.writeFileSync(`${d}/notebook.ipynb`, args.notebook);
        return d;
      }),
      notebook: args.notebook,
      memoryMb: args.launch.memoryMb,
      lang,
    });

  /** A test process with the proxies and setup cells run; null (and setupError) if that failed. */
  const newTester = async (): Promise<TesterSession | null> => {
    // CNNLAB_LANG: why a value the submission returned cannot be checked (lib/grading/values.ts, plain.ts) is in its language.
    const t = new TesterSession({ ...args.env, CNNLAB_LANG: lang }, args.launch.memoryMb, async (name, callArgs) => {
      if (!sandbox || !sandbox.alive) return { ok: false, error: { ename: "Stopped", evalue: tr("grade.processNotRunning") } };
      return sandbox.call(name, callArgs);
    }, args.testerCwd, lang);
    if (!(await t.start(START_TIMEOUT_S))) {
      setupError = t.lastError ? tr("grade.testerNoStartWhy", { why: t.lastError }) : tr("grade.testerNoStart");
      await t.stop();
      return null;
    }
    for (const source of [preamble(args.studentApi), ...args.setup]) {
      const o = await t.run(source, SETUP_TIMEOUT_S);
      if (o.status !== "ok") {
        setupError = tr("grade.setupFailed", { error: o.error ?? "" });
        await t.stop();
        return null;
      }
    }
    return t;
  };

  /** Runs with the smaller of the item's limit and the time left; names the total limit when that was the one hit. */
  const limited = (limitS: number): { limit: number; total: boolean } => {
    const left = secondsLeft();
    return { limit: Math.min(limitS, left), total: left < limitS };
  };

  try {
    // The test process starts while the submission's cells run.
    let testerStarting: Promise<TesterSession | null> | null = newTester();
    for (;;) {
      sandbox = newSandbox();
      let fatal = false;
      try {
        const startedAt = Date.now();
        const ready = await sandbox.start(START_TIMEOUT_S);
        deadline += Date.now() - startedAt;
        if (!ready) {
          const why = sandbox.stderr.trim().split("\n").filter((l) => l.trim() && !/^Node\.js v/.test(l)).slice(-1)[0];
          notes.push(why ? tr("grade.processNoStartWhy", { why: why.slice(0, 300) }) : tr("grade.processNoStart"));
          break;
        }
        for (const cell of args.cells) {
          if (skip.has(cell.cellNumber)) continue;
          if (secondsLeft() <= 0) break;
          const { limit, total } = limited(cell.timeoutS);
          const o = await sandbox.runCell(cell.source, limit);
          if (o.status === "timeout" && total) o.error = tr("grade.totalLimitHere", { seconds: args.totalTimeoutS });
          if (!cells.has(cell.cellNumber)) cells.set(cell.cellNumber, o);
          if (o.status !== "ok" && o.status !== "error") {
            skip.add(cell.cellNumber);
            fatal = true;
            break;
          }
        }
        if (testerStarting) {
          const waitedAt = Date.now();
          tester = await testerStarting;
          deadline += Date.now() - waitedAt;
          testerStarting = null;
        }
        while (!fatal && tester && pending.length > 0 && secondsLeft() > 0) {
          const test = pending.shift()!;
          const { limit, total } = limited(test.timeoutS);
          const o = await tester.run(test.source, limit);
          if (o.status === "timeout" && total) o.error = tr("grade.totalLimitHere", { seconds: args.totalTimeoutS });
          tests.set(test.id, o);
          if (o.status === "timeout" || o.status === "crashed" || !sandbox.alive) {
            // A call still in flight (or a hung test) leaves both processes in an unknown state: start both afresh.
            fatal = true;
            await tester.stop();
            tester = null;
          }
        }
      } finally {
        await sandbox.stop();
      }
      if (!fatal || secondsLeft() <= 0) break;
      if (restarts >= MAX_RESTARTS) {
        notes.push(tr("grade.gaveUp", { count: restarts + 1 }));
        break;
      }
      restarts += 1;
      notes.push(tr("grade.restarted", { count: restarts }));
      if (!tester && pending.length > 0 && setupError === undefined) testerStarting = newTester();
    }
    if (testerStarting) tester = await testerStarting;
  } finally {
    await tester?.stop();
    for (const d of workDirs) fs.rmSync(d, { recursive: true, force: true });
  }
  const why =
    setupError !== undefined
      ? tr("grade.notRun", { why: setupError })
      : secondsLeft() <= 0
        ? tr("grade.notRunTotalLimit", { seconds: args.totalTimeoutS })
        : tr("grade.notRunEarlierFailure");
  for (const cell of args.cells) if (!cells.has(cell.cellNumber)) cells.set(cell.cellNumber, { status: "error", error: why, output: "", seconds: 0 });
  for (const test of args.tests) if (!tests.has(test.id)) tests.set(test.id, notRun(why));
  return { cells, tests, seconds: (Date.now() - t0) / 1000, notes, ...(setupError ? { setupError } : {}) };
}
