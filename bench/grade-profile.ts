/**
 * Where one submission's grading time goes (issue 18): the phases `cnnlab grade` goes through for
 * one notebook, run one after the other (the grader overlaps the test process's start with the
 * notebook's cells; here they are apart so each can be timed): building the sandbox's view of
 * cnnlab (once per run), bubblewrap + node, starting the notebook process (tslab, loading and
 * type-checking cnnlab), the notebook's cells, starting the grader's test process, its setup
 * cells, the tests, stopping both. The submission is the instructor notebook itself.
 * A figure for the README, not a test; the machine's load average is printed with it.
 *
 *   node dist/bench/grade-profile.js [--assignment a1-conv] [--with-tfjs] [--runs 2]
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packageRoot } from "../lib/package-root";
import { cellSource, readNotebook } from "../lib/notebook/io";
import { assignmentSpec } from "../lib/grading/spec";
import { buildView } from "../lib/grading/view";
import { launchCommand, linkPackagesBeside, probeConfinement, unsafeWorkDir } from "../lib/grading/sandbox";
import { SandboxSession } from "../lib/grading/session";
import { preamble, TesterSession } from "../lib/grading/tester";

export interface GradeProfileArgs {
  /** The assignment, a name in notebooks/assignments. Default "a1-conv". */
  assignment?: string;
  /** Give the sandbox and the test process TensorFlow.js even when the assignment says `"tfjs": false` (what it costs). Default false. */
  withTfjs?: boolean;
  /** Submissions timed one after the other (the first may pay for cold file caches). Default 2. */
  runs?: number;
}

const seconds = (t0: number): number => (Date.now() - t0) / 1000;

async function timed<T>(phases: Array<[string, number]>, name: string, f: () => Promise<T> | T): Promise<T> {
  const t0 = Date.now();
  const r = await f();
  phases.push([name, seconds(t0)]);
  return r;
}

export async function gradeProfile(args: GradeProfileArgs = {}): Promise<void> {
  const name = args.assignment ?? "a1-conv";
  const file = path.join(packageRoot(), "notebooks", "assignments", `${name}.instructor.ipynb`);
  const bytes = fs.readFileSync(file);
  const nb = readNotebook(file);
  const spec = assignmentSpec(nb, file, name);
  const testIds = new Set(spec.tests.map((t) => t.id));
  const cells = nb.cells.filter((c) => c.cell_type === "code" && !testIds.has(((c.metadata.cnnlab as { grade?: { id?: string } } | undefined)?.grade?.id) ?? ""));
  const tfjs = args.withTfjs ? true : spec.tfjs;
  console.log(`${name}: ${cells.length} notebook cells, ${spec.tests.length} tests, sandbox ${tfjs ? "with" : "without"} TensorFlow.js; load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} on ${os.cpus().length} cores`);

  const once: Array<[string, number]> = [];
  const view = await timed(once, "build the sandbox's view of cnnlab (once per run)", () => buildView(spec.answerKey, { tfjs }));
  const testerView = tfjs ? null : await timed(once, "build the test process's view of cnnlab without tfjs (once per run)", () => {
    const v = buildView([], { tfjs: false });
    linkPackagesBeside(v);
    return v;
  });
  try {
    const confinement = await timed(once, "probe bubblewrap (once per run)", () => probeConfinement(view));
    if (confinement.kind !== "bwrap") throw new Error(`no sandbox here: ${confinement.why}`);
    await timed(once, "bare `node -e 0` (for scale)", () => spawnSync(process.execPath, ["-e", "0"]));
    for (const [what, s] of once) console.log(`  ${s.toFixed(2).padStart(7)} s  ${what}`);

    for (let run = 1; run <= (args.runs ?? 2); run++) {
      const phases: Array<[string, number]> = [];
      const t0 = Date.now();
      const sandbox = new SandboxSession({
        command: launchCommand({ view, confinement, memoryMb: spec.memoryMb, env: { CNNLAB_QUICK: "1" } }, unsafeWorkDir),
        notebook: bytes,
        memoryMb: spec.memoryMb,
      });
      if (!(await timed(phases, "notebook process: bubblewrap, node, tslab, import cnnlab", () => sandbox.start(600)))) throw new Error(`the notebook process did not start: ${sandbox.stderr.slice(-500)}`);
      await timed(phases, `notebook cells (${cells.length})`, async () => {
        for (const c of cells) await sandbox.runCell(cellSource(c), 300);
      });
      const tester = new TesterSession({ CNNLAB_QUICK: "1" }, spec.memoryMb, (n, a) => sandbox.call(n, a), testerView ? path.dirname(path.dirname(testerView.dir)) : undefined);
      if (!(await timed(phases, "test process: node, tslab", () => tester.start(600)))) throw new Error("the test process did not start");
      await timed(phases, `test process: proxies and setup cells (${spec.setup.length}), import cnnlab`, async () => {
        for (const source of [preamble(spec.studentApi), ...spec.setup.map((s) => s.source)]) await tester.run(source, 600);
      });
      let failed = 0;
      await timed(phases, `tests (${spec.tests.length})`, async () => {
        for (const t of spec.tests) {
          const o = await tester.run(t.source, 600);
          if (o.status !== "ok" || o.checks.some((c) => !c.ok)) failed += 1;
        }
      });
      await timed(phases, "stop both processes", async () => {
        await tester.stop();
        await sandbox.stop();
      });
      console.log(`submission ${run}: ${seconds(t0).toFixed(2)} s in all${failed ? ` (${failed} tests failed: check the build)` : ""}`);
      for (const [what, s] of phases) console.log(`  ${s.toFixed(2).padStart(7)} s  ${what}`);
    }
  } finally {
    view.remove();
    testerView?.remove();
  }
  console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
}

function parseArgs(argv: string[]): GradeProfileArgs {
  const out: GradeProfileArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--assignment") out.assignment = argv[++i];
    else if (a === "--with-tfjs") out.withTfjs = true;
    else if (a === "--runs") {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--runs: expected a positive integer, got ${JSON.stringify(argv[i])}`);
      out.runs = n;
    } else throw new Error(`unknown argument ${JSON.stringify(a)}; expected --assignment NAME, --with-tfjs, --runs N`);
  }
  return out;
}

if (require.main === module) {
  gradeProfile(parseArgs(process.argv.slice(2))).catch((err) => {
    console.error(`grade-profile: ${(err as Error).message}`);
    process.exitCode = 1;
  });
}
