/**
 * The grader writes each feedback page in its submission's language (metadata.cnnlab.lang, kept
 * by `cnnlab assign --lang`): a spawned `cnnlab grade` of one Polish and one English submission.
 * The grader itself runs in Polish (CNNLAB_LANG=pl): its progress and summary lines are Polish,
 * while each feedback page follows its submission.
 */
import * as fs from "fs";
import * as path from "path";
import { cnnlab, freshDir, instructorDir, noSandboxReason, SOLUTION, submission, writeAll } from "../grading/fixtures";
import type { Notebook } from "../../lib/notebook/types";

const inLang = (nb: Notebook, lang: string): Notebook => ({ ...nb, metadata: { ...nb.metadata, cnnlab: { ...(nb.metadata.cnnlab as object), lang } } });

describe("cnnlab grade: feedback in the submission's language", () => {
  let dir: string;
  let run: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    dir = freshDir("i18n-feedback");
    // Polish: solved, with a cell that fails (so the "cells that did not run" section appears); English: the same, no lang.
    const broken = 'throw new Error("oops");\n';
    writeAll(path.join(dir, "submissions"), { ola: inLang(submission(SOLUTION, broken), "pl"), sam: submission(SOLUTION, broken), eve: inLang(submission(SOLUTION), "klingon") });
    const sandbox = noSandboxReason() === null ? [] : ["--unsafe-no-sandbox"];
    run = await cnnlab(["grade", "submissions", "--instructor", instructorDir(dir), "--assignment", "tiny", "--out", "out", ...sandbox], dir, { CNNLAB_LANG: "pl" });
  }, 600_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const page = (student: string, ext: string) => fs.readFileSync(path.join(dir, "out", "feedback", `${student}.${ext}`), "utf8");

  it("grades every submission", () => {
    expect(run.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")).grades.map((g: { student: string; lang: string }) => [g.student, g.lang])).toEqual([
      ["eve", "en"],
      ["ola", "pl"],
      ["sam", "en"],
    ]);
  });

  it("the Polish submission's pages are Polish", () => {
    const html = page("ola", "html");
    expect(html).toContain('<html lang="pl">');
    expect(html).toContain("<h1>tiny: informacja zwrotna dla ola</h1>");
    expect(html).toMatch(/<strong>Wynik: 3 \/ 3 \(100%\)<\/strong> · zużyty czas [\d.]+ s/);
    expect(html).toContain("<th>test</th><th>rodzaj</th><th>punkty</th><th>wynik</th><th>uzasadnienie</th><th>czas</th>");
    expect(html).toContain("<td>ukryty</td>");
    expect(html).toContain(">zaliczony</td>");
    expect(html).toContain("<h2>Komórki twojego notatnika, które nie wykonały się poprawnie</h2>");
    const md = page("ola", "md");
    expect(md).toMatch(/^# tiny: informacja zwrotna dla ola$/m);
    expect(md).toContain("| test | rodzaj | punkty | wynik |");
    expect(md).toMatch(/^## double\\_hidden \(test ukryty\): 2 \/ 2$/m);
    expect(md).not.toMatch(/feedback for|hidden test|Score:/);
    // The checks' lines and the tests' explanations too: the visible test's one check, the hidden test's two.
    expect(md).toContain("zaliczono 1 sprawdzenie");
    expect(md).toContain("zaliczono wszystkie 2 sprawdzenia");
    // (Markdown escapes brackets and dots: compare without the backslashes.)
    expect(md.replace(/\\/g, "")).toContain("- ✓ double([1, 2]): wszystkie wartości (2) w granicach tolerancji");
    expect(md.replace(/\\/g, "")).toContain("- ✓ double of a hidden array: zaliczone\n");
    expect(md).not.toMatch(/checks? passed|values within|values are not shown/);
  });

  it("the grader's own lines are in its language (CNNLAB_LANG=pl), whatever the submissions' languages", () => {
    expect(run.stderr).toMatch(/ocenione 3\/3/);
    expect(run.stdout).toMatch(/^ola: 3 \/ 3 \(100%\) w [\d.]+ s$/m);
    expect(run.stdout).toContain("zapisano wyniki 3 prac");
    expect(run.stderr + run.stdout).not.toMatch(/graded \d|wrote results/);
  });

  it("a submission without a language, or with an unknown one, gets English", () => {
    for (const student of ["sam", "eve"]) {
      const html = page(student, "html");
      expect(html).toContain('<html lang="en">');
      expect(html).toContain(`<h1>tiny: feedback for ${student}</h1>`);
    }
    expect(page("sam", "md")).toContain("## Cells of your notebook that did not run cleanly");
    expect(page("sam", "md")).toContain("all 2 checks passed");
  });
});
