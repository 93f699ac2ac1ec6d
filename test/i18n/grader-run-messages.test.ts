/**
 * What the grader says about a run, as a student reads it on the feedback page, is in the submission's
 * language: a cell stopped at its time limit, the notebook process restarted, the total time limit used up,
 * tests not run after it or after too many restarts, and the error TensorFlow.js (or an answer-key function)
 * throws in a by-hand ("tfjs": false) assignment. A spawned `cnnlab grade` of Polish and Russian
 * submissions of the tiny assignment, graded without tfjs and with a small total limit.
 */
import * as fs from "fs";
import * as path from "path";
import { escapeHtml, feedbackHtml, feedbackMarkdown } from "../../lib/grading/feedback";
import type { SubmissionGrade } from "../../lib/grading/grade";
import type { Lang } from "../../lib/i18n/lang";
import { t, type Params } from "../../lib/i18n/t";
import type { MessageKey } from "../../lib/i18n/messages";
import type { Notebook } from "../../lib/notebook/types";
import { cnnlab, freshDir, instructorDir, instructorNotebook, noSandboxReason, SOLUTION, submission, writeAll } from "../grading/fixtures";

const inLang = (nb: Notebook, lang: Lang): Notebook => ({ ...nb, metadata: { ...nb.metadata, cnnlab: { ...(nb.metadata.cnnlab as object), lang } } });

/** The submission's total limit (--timeout): the instructor solution needs a few seconds of it. */
const TOTAL_S = 30;
const SPIN = "while (true) {}\n";
/** A first cell stopped at its own 2 s limit (the process is restarted), then the solution, then a cell that runs into the total limit. */
const limits = () => submission({ source: SPIN, timeoutS: 2 }, SOLUTION, { source: SPIN, timeoutS: 60 });
/** Four cells stopped at their 1 s limit: after the third restart the rest is given up. */
const restarts = () => submission({ source: SPIN, timeoutS: 1 }, { source: SPIN, timeoutS: 1 }, { source: SPIN, timeoutS: 1 }, { source: SPIN, timeoutS: 1 }, SOLUTION);
/** TensorFlow.js and the answer key in an assignment done by hand: a cell uses each, and `double` uses tfjs. */
const shortcuts = () =>
  submission(
    'import * as tf from "@tensorflow/tfjs";\nimport { reference } from "cnnlab";\n',
    "tf.zeros([1]);\n",
    "(reference.conv2dForward as any)();\n",
    "function double(x: number[]): number[] {\n  return Array.from(tf.mul(tf.tensor(x), 2).dataSync());\n}\n"
  );
/** `double` returns what cannot cross to the grader (a Map). */
const notPlain = () => submission("function double(x: number[]): number[] {\n  return new Map() as any;\n}\n");

const LANGS: Lang[] = ["pl", "ru"];
/** English words of these sentences; none may be on a Polish or Russian page. */
const ENGLISH = /time limit|not run|notebook process|restarted|is not available|had to be stopped|earlier failure|ran longer|cannot cross|returned/;

describe("cnnlab grade: what the grader says about the run is in the submission's language", () => {
  let dir: string;
  let run: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    dir = freshDir("i18n-run-messages");
    const notebooks: Record<string, Notebook> = {};
    for (const lang of LANGS) {
      notebooks[`limits_${lang}`] = inLang(limits(), lang);
      notebooks[`restarts_${lang}`] = inLang(restarts(), lang);
      notebooks[`shortcuts_${lang}`] = inLang(shortcuts(), lang);
      notebooks[`values_${lang}`] = inLang(notPlain(), lang);
    }
    writeAll(path.join(dir, "submissions"), notebooks);
    const sandbox = noSandboxReason() === null ? [] : ["--unsafe-no-sandbox"];
    const instructor = instructorDir(dir, instructorNotebook({ tfjs: false }));
    run = await cnnlab(["grade", "submissions", "--instructor", instructor, "--assignment", "tiny", "--out", "out", "--timeout", String(TOTAL_S), ...sandbox], dir);
  }, 600_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The HTML page, and the Markdown page without Markdown's backslash escapes. */
  const pages = (student: string): { html: string; md: string } => ({
    html: fs.readFileSync(path.join(dir, "out", "feedback", `${student}.html`), "utf8"),
    md: fs.readFileSync(path.join(dir, "out", "feedback", `${student}.md`), "utf8").replace(/\\/g, ""),
  });
  /** Each sentence is on both pages in `lang`, and its English is on neither. */
  const expectSentences = (student: string, lang: Lang, sentences: Array<[MessageKey, Params]>): void => {
    const { html, md } = pages(student);
    for (const [key, params] of sentences) {
      expect(html).toContain(escapeHtml(t(key, params, lang)));
      expect(md).toContain(t(key, params, lang));
      expect(html).not.toContain(escapeHtml(t(key, params, "en")));
      expect(md).not.toContain(t(key, params, "en"));
    }
    expect(html).not.toMatch(ENGLISH);
    expect(md).not.toMatch(ENGLISH);
  };

  it("grades every submission, the instructor solution within the limit", () => {
    expect(run.stderr).not.toContain("fails its own tests");
    expect(run.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")) as { grades: Array<{ student: string; lang: string }> };
    expect(report.grades.map((g) => [g.student, g.lang])).toEqual(["limits_pl", "limits_ru", "restarts_pl", "restarts_ru", "shortcuts_pl", "shortcuts_ru", "values_pl", "values_ru"].map((s) => [s, s.slice(-2)]));
  });

  it.each(LANGS)("%s: a cell at its limit, the restart, the total limit and the tests it left unrun", (lang) => {
    expectSentences(`limits_${lang}`, lang, [
      ["grade.cellTimeout", { seconds: 2 }],
      ["grade.restarted", { count: 1 }],
      ["grade.totalLimitHere", { seconds: TOTAL_S }],
      ["grade.notRunTotalLimit", { seconds: TOTAL_S }],
    ]);
  });

  it.each(LANGS)("%s: too many restarts: the rest is given up, and says so", (lang) => {
    expectSentences(`restarts_${lang}`, lang, [
      ["grade.cellTimeout", { seconds: 1 }],
      ["grade.restarted", { count: 3 }],
      ["grade.gaveUp", { count: 4 }],
      ["grade.notRunEarlierFailure", {}],
    ]);
  });

  it.each(LANGS)("%s: TensorFlow.js and the answer key in a by-hand assignment: the error names what is blocked, in the page's language", (lang) => {
    expectSentences(`shortcuts_${lang}`, lang, [
      ["grade.notAvailable", { name: "tf.zeros" }],
      ["grade.notAvailable", { name: "reference.conv2dForward" }],
      // the visible test's explanation: `double` threw it
      ["grade.notAvailable", { name: "tf.tensor" }],
    ]);
  });

  it.each(LANGS)("%s: a value that cannot cross to the grader: why, in the page's language", (lang) => {
    const why = t("plain.cannotCross", { where: t("plain.theValue", {}, lang), type: t("plain.instance", { name: "Map" }, lang) }, lang);
    const { html, md } = pages(`values_${lang}`);
    expect(html).toContain(escapeHtml(`Error: ${t("plain.returned", { name: "double" }, lang)}: ${why}`));
    expect(md).toContain(`Error: ${t("plain.returned", { name: "double" }, lang)}: ${why}`);
    expect(html).not.toMatch(ENGLISH);
    expect(md).not.toMatch(ENGLISH);
  });

  it("the sentences read as written in each language (not the catalogue's English passed through)", () => {
    expect(pages("limits_pl").html).toContain(`nie wykonano: praca wyczerpała swój łączny limit czasu ${TOTAL_S} s`);
    expect(pages("limits_ru").html).toContain(`не выполнено: работа исчерпала общий лимит времени ${TOTAL_S} с`);
    expect(pages("restarts_pl").html).toContain("proces notatnika trzeba było zatrzymać 4 razy");
    expect(pages("restarts_ru").html).toContain("процесс ноутбука пришлось остановить 4 раза");
    expect(pages("shortcuts_pl").html).toContain("Error: tf.zeros nie jest dostępne podczas oceniania tego zadania");
    expect(pages("shortcuts_ru").html).toContain("Error: tf.tensor недоступно при оценке этого задания");
    expect(pages("values_pl").html).toContain("Error: wynik double: wartość to obiekt Map, a tego nie da się przekazać oceniającemu");
  });
});

describe("the warning that a submission was graded without a sandbox", () => {
  const grade = (lang: Lang, fields: Partial<SubmissionGrade>): SubmissionGrade => ({
    assignment: "tiny",
    file: "ola.ipynb",
    student: "ola",
    earned: 1,
    possible: 3,
    percent: 33.33,
    tests: [],
    cellProblems: [],
    seconds: 1,
    notes: [],
    notebookHash: "",
    assignmentHash: "",
    lang,
    ...fields,
  });

  it.each(LANGS)("%s: comes from the grade's field, in the page's language", (lang) => {
    const g = grade(lang, { unsafeNoSandbox: "bubblewrap (bwrap) is not installed" });
    const line = t("grade.noSandbox", { why: "bubblewrap (bwrap) is not installed" }, lang);
    expect(feedbackHtml(g)).toContain(`<strong>${escapeHtml(t("feedback.warning", {}, lang))}</strong> ${escapeHtml(line)}`);
    expect(feedbackMarkdown(g).replace(/\\/g, "")).toContain(`> **${t("feedback.warning", {}, lang)}** ${line}`);
    expect(feedbackHtml(g)).not.toContain("graded WITHOUT a sandbox");
  });

  it("is not made from a note's text: a note that reads like it is only a note", () => {
    const g = grade("en", { notes: ["graded WITHOUT a sandbox (as a note)"] });
    expect(feedbackHtml(g)).not.toContain("<strong>Warning:</strong>");
    expect(feedbackMarkdown(g)).not.toContain("**Warning:**");
  });
});
