/**
 * Assignments a4–a8 graded as an instructor grades them: `node bin/cnnlab.js grade --quick`
 * (sandboxed), spawned in a fresh process, on a folder of three submissions each: the instructor solution (100%), the
 * untouched student version (0 points) and a solution with a classic mistake, which loses the
 * points of exactly the tests that exercise the mistake and keeps the others.
 */
import * as fs from "fs";
import * as path from "path";
import { cellSource, readNotebook, splitLines, writeNotebook } from "../../lib/notebook/io";
import type { Notebook } from "../../lib/notebook/types";
import { cnnlab, freshDir, noSandboxReason, PACKAGE_ROOT } from "./fixtures";

const noSandbox = noSandboxReason();
if (noSandbox) console.warn(`skipping the grading runs of assignments a4–a8: ${noSandbox}`);
const DIR = path.join(PACKAGE_ROOT, "notebooks", "assignments");

interface Mistake {
  /** What the mistake is, in words. */
  what: string;
  /** [exact text in a solution cell, its replacement]; each must occur exactly once in the notebook. */
  edits: [string, string][];
  /** The tests that must lose points; every other test passes. */
  loses: string[];
}

const MISTAKES: Record<string, Mistake> = {
  "a4-image-kernels": {
    what: "correlate flips the kernel (it computes the convolution, and convolve the correlation)",
    edits: [["if (s >= 0 && s < W) sum += image.data[r * W + s] * kernel.data[p * kw + q];", "if (s >= 0 && s < W) sum += image.data[r * W + s] * kernel.data[(kh - 1 - p) * kw + (kw - 1 - q)];"]],
    loses: ["correlate_by_hand", "correlate_modes", "correlate_hidden"],
  },
  "a5-conv-arithmetic": {
    what: "outputSize floors instead of rejecting a stride that does not fit",
    edits: [
      ["if ((W - F + 2 * P) % S !== 0) {", "if (Number.isNaN(S)) {"],
      ["return (W - F + 2 * P) / S + 1;", "return Math.floor((W - F + 2 * P) / S) + 1;"],
    ],
    loses: ["output_size_invalid", "output_size_hidden", "layer_shapes_hidden"],
  },
  "a6-activations-sgd": {
    what: "the weight decay term has the wrong sign",
    edits: [["alpha * vk - beta * eps * w.data[k] - eps * g.data[k]", "alpha * vk + beta * eps * w.data[k] - eps * g.data[k]"]],
    loses: ["sgd_one_step", "sgd_steps", "sgd_hidden"],
  },
  "a7-resnet-block": {
    what: "the backward pass forgets the shortcut's share of dx",
    edits: [["for (let k = 0; k < dx.data.length; k++) dx.data[k] += dz.data[k]; // the shortcut's share", "// (the shortcut forgotten)"]],
    loses: ["block_backward", "block_backward_hidden"],
  },
  "a8-saliency": {
    what: "saliency keeps the sign of the gradient (no absolute value)",
    edits: [["return grad.abs().max(-1);", "return grad.max(-1);"]],
    loses: ["saliency_linear", "saliency_hidden"],
  },
};

/** The instructor notebook with the mistake made and the hidden tests removed, as a student would hand it in. */
function withMistake(nb: Notebook, mistake: Mistake): Notebook {
  let cells = nb.cells.filter((c) => !(c.metadata.cnnlab as { grade?: { hidden?: boolean } } | undefined)?.grade?.hidden);
  for (const [from, to] of mistake.edits) {
    const hits = cells.filter((c) => c.cell_type === "code" && cellSource(c).includes(from));
    if (hits.length !== 1 || cellSource(hits[0]).split(from).length !== 2) throw new Error(`the mistake "${mistake.what}" expects ${JSON.stringify(from)} exactly once, found it in ${hits.length} cells`);
    cells = cells.map((c) => (c === hits[0] ? { ...c, source: splitLines(cellSource(c).replace(from, to)) } : c));
  }
  return { ...nb, cells };
}

interface Graded {
  student: string;
  earned: number;
  possible: number;
  percent: number;
  tests: { id: string; status: string; earned: number; points: number; explanation: string }[];
}

(noSandbox ? describe.skip : describe).each(Object.keys(MISTAKES))("%s graded by `cnnlab grade --quick`", (name) => {
  let grades: Record<string, Graded>;
  let run: { code: number | null; stdout: string; stderr: string };
  let work: string;

  beforeAll(async () => {
    work = freshDir(name);
    const subs = path.join(work, "submissions");
    fs.mkdirSync(subs);
    const instructor = path.join(DIR, `${name}.instructor.ipynb`);
    fs.copyFileSync(instructor, path.join(subs, "solution.ipynb"));
    fs.copyFileSync(path.join(DIR, `${name}.ipynb`), path.join(subs, "student.ipynb"));
    writeNotebook(path.join(subs, "mistaken.ipynb"), withMistake(readNotebook(instructor), MISTAKES[name]));
    run = await cnnlab(["grade", "submissions", "--instructor", DIR, "--assignment", name, "--out", "out", "--quick", "-j", "3"], work);
    const json = path.join(work, "out", "grades.json");
    if (!fs.existsSync(json)) throw new Error(`cnnlab grade wrote no grades.json (exit code ${run.code}): ${run.stderr.slice(-2000)}`);
    const report = JSON.parse(fs.readFileSync(json, "utf8")) as { grades: Graded[]; instructorProblems: string[] };
    expect(report.instructorProblems).toEqual([]);
    grades = Object.fromEntries(report.grades.map((g) => [g.student, g]));
  }, 900_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("gives the instructor solution 100%", () => {
    const g = grades.solution;
    expect(g.tests.filter((t) => t.status !== "passed").map((t) => `${t.id}: ${t.explanation}`)).toEqual([]);
    expect(g.percent).toBe(100);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("fails its own tests");
  });

  it("gives the untouched student version 0 points", () => {
    expect(grades.student.earned).toBe(0);
    expect(grades.student.tests.every((t) => t.status === "failed")).toBe(true);
  });

  it("shows no hidden case's inputs in the feedback (a hidden case cannot be learnt and hard-coded)", () => {
    // Every list of three or more numbers written in a hidden test cell (its cases), as the feedback would print it.
    const hiddenSources = readNotebook(path.join(DIR, `${name}.instructor.ipynb`)).cells
      .filter((c) => (c.metadata as { cnnlab?: { grade?: { hidden?: boolean } } }).cnnlab?.grade?.hidden === true).map(cellSource);
    const tuples = hiddenSources.flatMap((src) => [...src.matchAll(/\[\s*(-?\d+(?:\.\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?){2,})\s*\]/g)].map((m) => m[1].split(/\s*,\s*/)));
    const shown = ["mistaken", "student"].map((s) => fs.readFileSync(path.join(work, "out", "feedback", `${s}.md`), "utf8")).join("\n");
    for (const t of tuples) {
      expect(shown).not.toContain(t.join(", "));
      expect(shown).not.toContain(t.join(","));
    }
  });

  it(`takes points off exactly the tests that catch the mistake: ${MISTAKES[name].what}`, () => {
    const g = grades.mistaken;
    expect(g.tests.filter((t) => t.status !== "passed").map((t) => t.id).sort()).toEqual([...MISTAKES[name].loses].sort());
    expect(g.earned).toBeGreaterThan(0);
    expect(g.earned).toBeLessThan(g.possible);
  });
});
