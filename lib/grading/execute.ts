/**
 * Runs a notebook's code cells, then test cells, in a submission process (lib/grading/session.ts),
 * within per-cell and total time limits. When a cell kills or hangs the process, a fresh process
 * replays the cells that worked, skips the culprit and goes on, so the rest can still be scored.
 */
import type { Outcome } from "./session";
import { GradeSession, workerScript } from "./session";
import { makeSandbox } from "./sandbox";

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
  /** The notebook file whose folder is copied into the sandbox. */
  file: string;
  cells: PlannedCell[];
  tests: PlannedTest[];
  totalTimeoutS: number;
  memoryMb: number;
  env: Record<string, string>;
  /** Confine file access with Node's permission model. Default true. */
  confine?: boolean;
}

export interface PlanResult {
  cells: Map<number, Outcome>;
  tests: Map<string, Outcome>;
  /** Wall-clock seconds, process starts included. */
  seconds: number;
  /** Events worth telling the student (restarts, the total limit). */
  notes: string[];
}

/** How many times a process that died or hung is replaced before the rest is given up. */
const MAX_RESTARTS = 3;
const START_TIMEOUT_S = 120;

function notRun(why: string): Outcome {
  return { status: "error", error: why, checks: [], output: "", seconds: 0 };
}

export async function executePlan(args: ExecutePlanArgs): Promise<PlanResult> {
  const t0 = Date.now();
  const deadline = t0 + args.totalTimeoutS * 1000;
  const secondsLeft = (): number => Math.max(0, (deadline - Date.now()) / 1000);
  const cells = new Map<number, Outcome>();
  const tests = new Map<string, Outcome>();
  const notes: string[] = [];
  const skip = new Set<number>();
  const pending = [...args.tests];
  const sandbox = makeSandbox(args.file, args.confine ?? true);
  const script = workerScript();
  let restarts = 0;

  /** Runs with the smaller of the item's limit and the time left; names the total limit when that was the one hit. */
  const runLimited = async (session: GradeSession, msg: Parameters<GradeSession["run"]>[0], limitS: number): Promise<Outcome> => {
    const left = secondsLeft();
    const o = await session.run(msg, Math.min(limitS, left));
    if (o.status === "timeout" && left < limitS) o.error = `the submission used up its total time limit of ${args.totalTimeoutS} s here`;
    return o;
  };

  try {
    for (;;) {
      const session = new GradeSession({ dir: sandbox.dir, workerScript: script, env: args.env, memoryMb: args.memoryMb, execArgv: sandbox.execArgv });
      let fatal = false;
      try {
        if (!(await session.start(Math.min(START_TIMEOUT_S, secondsLeft())))) {
          notes.push("the notebook process did not start");
          break;
        }
        for (const cell of args.cells) {
          if (skip.has(cell.cellNumber)) continue;
          if (secondsLeft() <= 0) break;
          const o = await runLimited(session, { kind: "cell", source: cell.source }, cell.timeoutS);
          if (!cells.has(cell.cellNumber)) cells.set(cell.cellNumber, o);
          if (o.status !== "ok" && o.status !== "error") {
            skip.add(cell.cellNumber);
            fatal = true;
            break;
          }
        }
        while (!fatal && pending.length > 0 && secondsLeft() > 0) {
          const test = pending.shift()!;
          const o = await runLimited(session, { kind: "test", id: test.id, source: test.source }, test.timeoutS);
          tests.set(test.id, o);
          if (o.status !== "ok" && o.status !== "error") fatal = true;
        }
      } finally {
        await session.stop();
      }
      if (!fatal || secondsLeft() <= 0) break;
      if (restarts >= MAX_RESTARTS) {
        notes.push(`the notebook process had to be stopped ${restarts + 1} times; the remaining cells and tests were not run`);
        break;
      }
      restarts += 1;
      notes.push(`restarted the notebook process (${restarts}) and re-ran the cells before the one that was stopped`);
    }
  } finally {
    sandbox.remove();
  }
  const why = secondsLeft() <= 0 ? `not run: the submission used up its total time limit of ${args.totalTimeoutS} s` : "not run: an earlier failure stopped the notebook";
  for (const cell of args.cells) if (!cells.has(cell.cellNumber)) cells.set(cell.cellNumber, notRun(why));
  for (const test of args.tests) if (!tests.has(test.id)) tests.set(test.id, notRun(why));
  return { cells, tests, seconds: (Date.now() - t0) / 1000, notes };
}
