/**
 * Class scale of `cnnlab grade` (issue 18): generates N varied a1-conv submissions in a temporary
 * folder (one folder per student), grades them as an instructor does — `node bin/cnnlab.js grade
 * submissions --instructor … --assignment a1-conv -j J` in a fresh process — and reports the total
 * time, the time per submission and the peak memory of the grader's whole process tree (resident
 * memory summed over the grader, its test processes and every sandbox, sampled each second).
 * A figure for the README, not a test; the machine's load average is printed with it.
 *
 *   npm run bench:grade -- --students 200 -j 2 [--keep]
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packageRoot } from "../lib/package-root";
import { readNotebook, writeNotebook } from "../lib/notebook/io";
import type { Notebook } from "../lib/notebook/types";
import { treeResidentMb } from "../lib/grading/memory";

export interface GradeClassArgs {
  /** Submissions to generate. Default 200. */
  students?: number;
  /** Parallel graders (`-j`). Default 2. */
  jobs?: number;
  /** Keep the temporary folder (its path is printed). Default false. */
  keep?: boolean;
}

const NOT_IMPLEMENTED = 'throw new Error("not implemented");';

/** The solution region of the instructor notebook's cell that defines `fn`. */
function solution(instructor: Notebook, fn: string): string {
  for (const c of instructor.cells) {
    const src = Array.isArray(c.source) ? c.source.join("") : c.source;
    if (c.cell_type !== "code" || !src.includes(`function ${fn}(`)) continue;
    const m = /\/\/ BEGIN SOLUTION\n([\s\S]*?)\n *\/\/ END SOLUTION/.exec(src);
    if (m) return m[1];
  }
  throw new Error(`a1-conv.instructor.ipynb: no solution region in the cell defining ${fn}`);
}

/** One kind of student: the bodies of convForward and convBackward, and cells added after them. */
interface Kind {
  name: string;
  forward: string;
  backward: string;
  extra?: string;
}

function kinds(fwd: string, bwd: string): { common: Kind[]; rare: Kind[] } {
  const zerosBwd = 'return { dX: R.zeros(X.shape, "float64"), dK: R.zeros(K.shape, "float64"), db: R.zeros([K.shape[3]], "float64") };';
  const correct: Kind = { name: "correct", forward: fwd, backward: bwd };
  const strideIgnored: Kind = { name: "stride ignored", forward: fwd.replace(/i \* stride/g, "i").replace(/j \* stride/g, "j"), backward: bwd };
  const noBiasGradient: Kind = { name: "no bias gradient", forward: fwd, backward: bwd.replace("db.data[o] += g;", "") };
  const allZeros: Kind = { name: "all zeros", forward: fwd.replace(/= sum;/, "= 0;"), backward: zerosBwd };
  // Interleaved, so that a small class has every kind too; about half of a class is correct.
  const common: Kind[] = [
    correct,
    strideIgnored,
    correct,
    noBiasGradient,
    correct,
    allZeros,
    correct,
    { name: "syntax error", forward: "return Y +;", backward: bwd },
    correct,
    { name: "not done", forward: NOT_IMPLEMENTED, backward: NOT_IMPLEMENTED },
    correct,
    { name: "float32 outputs", forward: fwd.replace(/"float64"/g, '"float32"'), backward: bwd.replace(/"float64"/g, '"float32"') },
    correct,
    strideIgnored,
    correct,
    noBiasGradient,
    correct,
    allZeros,
  ];
  // One of these every 20 students, in turn: the costly and the hostile.
  const rare: Kind[] = [
    { name: "infinite loop in a cell", forward: fwd, backward: bwd, extra: "for (;;) {}\n" },
    { name: "memory bomb", forward: fwd, backward: bwd, extra: "const hog: number[][] = [];\nfor (;;) hog.push(new Array(1e6).fill(Math.random()));\n" },
    { name: "answer key", forward: "return R.conv2dForward(X, K, b, { stride, pad });", backward: 'const g = R.conv2dBackward(dY, X, K, { stride, pad }); return { dX: g.dx, dK: g.dw, db: g.db };' },
    {
      name: "hostile: kill the grader, read its files",
      forward: fwd,
      backward: bwd,
      extra: 'for (const pid of [process.ppid, 1, -1]) { try { process.kill(pid, "SIGKILL"); } catch { /* not allowed */ } }\ntry { require("fs").readFileSync("/etc/passwd"); } catch { /* not there */ }\n',
    },
    { name: "hostile: 200M-character error", forward: 'throw new Error("x".repeat(2e8));', backward: bwd },
  ];
  return { common, rare };
}

/** The student notebook with `kind`'s code, marked with the student's number (every notebook differs). */
function studentNotebook(base: Notebook, kind: Kind, k: number): Notebook {
  const nb: Notebook = JSON.parse(JSON.stringify(base));
  const cells = nb.cells.map((c) => {
    if (c.cell_type !== "code") return c;
    let src = Array.isArray(c.source) ? c.source.join("") : c.source;
    if (src.includes("function convForward(")) src = src.replace(NOT_IMPLEMENTED, kind.forward);
    else if (src.includes("function convBackward(")) src = src.replace(NOT_IMPLEMENTED, kind.backward);
    else return c;
    return { ...c, source: `// student ${k}\n${src}` };
  });
  if (kind.extra) {
    const at = cells.findIndex((c) => (Array.isArray(c.source) ? c.source.join("") : c.source).includes("function convBackward(")) + 1;
    cells.splice(at, 0, { cell_type: "code", id: `extra-${k}`, metadata: {}, source: kind.extra, execution_count: null, outputs: [] });
  }
  nb.cells = cells;
  return nb;
}

/** Writes the class into `dir/submissions/sNNN/a1-conv.ipynb`; returns each student's kind. */
export function makeClass(dir: string, students: number): Map<string, string> {
  const assignments = path.join(packageRoot(), "notebooks", "assignments");
  const instructor = readNotebook(path.join(assignments, "a1-conv.instructor.ipynb"));
  const base = readNotebook(path.join(assignments, "a1-conv.ipynb"));
  const { common, rare } = kinds(solution(instructor, "convForward"), solution(instructor, "convBackward"));
  const who = new Map<string, string>();
  for (let k = 1; k <= students; k++) {
    const kind = k % 20 === 0 ? rare[(k / 20 - 1) % rare.length] : common[(k - 1) % common.length];
    const name = `s${String(k).padStart(3, "0")}`;
    fs.mkdirSync(path.join(dir, "submissions", name), { recursive: true });
    writeNotebook(path.join(dir, "submissions", name, "a1-conv.ipynb"), studentNotebook(base, kind, k));
    who.set(name, kind.name);
  }
  fs.mkdirSync(path.join(dir, "instructor"));
  fs.copyFileSync(path.join(assignments, "a1-conv.instructor.ipynb"), path.join(dir, "instructor", "a1-conv.instructor.ipynb"));
  return who;
}

export interface GradeClassResult {
  students: number;
  jobs: number;
  exitCode: number | null;
  totalSeconds: number;
  secondsPerSubmission: number;
  peakTreeMb: number;
  loadBefore: number[];
  loadAfter: number[];
  /** Mean points per kind of student (out of the assignment's total). */
  pointsByKind: Record<string, { count: number; meanEarned: number }>;
  total: number;
}

export async function gradeClass(args: GradeClassArgs = {}): Promise<GradeClassResult> {
  const students = args.students ?? 200;
  const jobs = args.jobs ?? 2;
  if (!Number.isInteger(students) || students < 1) throw new Error(`--students must be a positive integer, got ${students}`);
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`-j must be a positive integer, got ${jobs}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-grade-class-"));
  try {
    const who = makeClass(dir, students);
    const loadBefore = os.loadavg();
    const t0 = Date.now();
    const child = spawn(process.execPath, [path.join(packageRoot(), "bin", "cnnlab.js"), "grade", "submissions", "--instructor", "instructor", "--assignment", "a1-conv", "-j", String(jobs), "--out", "out"], {
      cwd: dir,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let peak = 0;
    let lastLine = "";
    child.stderr.on("data", (b: Buffer) => {
      const text = b.toString("utf8");
      const lines = text.split(/[\r\n]/).filter((l) => l.trim());
      if (lines.length) lastLine = lines[lines.length - 1];
      process.stderr.write(text);
    });
    const sampler = setInterval(() => {
      const mb = child.pid ? treeResidentMb(child.pid) : null;
      if (mb !== null) peak = Math.max(peak, mb);
    }, 1000);
    const exitCode = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    clearInterval(sampler);
    const totalSeconds = (Date.now() - t0) / 1000;
    const loadAfter = os.loadavg();
    if (exitCode !== 0 && exitCode !== 1) throw new Error(`cnnlab grade exited with ${exitCode}: ${lastLine}`);
    const report = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")) as { grades: Array<{ student: string; earned: number; possible: number }> };
    const byKind: Record<string, { count: number; meanEarned: number }> = {};
    for (const g of report.grades) {
      const kind = who.get(g.student) ?? "?";
      const e = (byKind[kind] ??= { count: 0, meanEarned: 0 });
      e.meanEarned = (e.meanEarned * e.count + g.earned) / (e.count + 1);
      e.count += 1;
    }
    return {
      students,
      jobs,
      exitCode,
      totalSeconds,
      secondsPerSubmission: totalSeconds / students,
      peakTreeMb: peak,
      loadBefore,
      loadAfter,
      pointsByKind: byKind,
      total: report.grades[0]?.possible ?? 0,
    };
  } finally {
    if (args.keep) console.error(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

function parseArgs(argv: string[]): GradeClassArgs {
  const out: GradeClassArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v)) throw new Error(`${a} needs a number, got ${JSON.stringify(argv[i])}`);
      return v;
    };
    if (a === "--students") out.students = value();
    else if (a === "-j" || a === "--jobs") out.jobs = value();
    else if (a === "--keep") out.keep = true;
    else throw new Error(`unknown argument ${JSON.stringify(a)} (expected --students N, -j N, --keep)`);
  }
  return out;
}

if (require.main === module) {
  gradeClass(parseArgs(process.argv.slice(2)))
    .then((r) => {
      const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(" / ");
      console.log(`${r.students} a1-conv submissions, -j ${r.jobs}, on ${os.cpus().length} cores: ${(r.totalSeconds / 60).toFixed(1)} min in all, ${r.secondsPerSubmission.toFixed(1)} s per submission, peak ${Math.round(r.peakTreeMb)} MiB resident (grader's process tree)`);
      console.log(`load average (1/5/15 min) before: ${load(r.loadBefore)}, after: ${load(r.loadAfter)}; cnnlab grade exit code ${r.exitCode}`);
      for (const [kind, e] of Object.entries(r.pointsByKind)) console.log(`  ${kind}: ${e.count} students, mean ${e.meanEarned.toFixed(2)} / ${r.total}`);
      console.log(JSON.stringify(r));
    })
    .catch((e: Error) => {
      console.error(e.message);
      process.exit(1);
    });
}
