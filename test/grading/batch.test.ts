/**
 * A batch of 30 identical submissions graded in one `cnnlab grade` call (concurrency 2): every
 * one gets the same score (the grader is deterministic), and the JSON, CSV and feedback pages
 * are written for all of them.
 */
import * as fs from "fs";
import * as path from "path";
import { main } from "../../lib/cli/main";
import { freshDir, instructorNotebook, SOLUTION, submission, writeAll } from "./fixtures";

it("grades 30 submissions in one call, each the same, with JSON, CSV and feedback", async () => {
  const dir = freshDir("batch");
  const subDir = path.join(dir, "submissions");
  fs.mkdirSync(subDir);
  const { instructor } = writeAll(dir, { instructor: instructorNotebook() });
  const good = submission(SOLUTION.replace(/ *\/\/ (BEGIN|END) SOLUTION\n/g, ""));
  const files = Object.values(writeAll(subDir, Object.fromEntries(Array.from({ length: 30 }, (_, k) => [`student${String(k).padStart(2, "0")}`, good]))));
  const out = path.join(dir, "out");
  const code = await main(["grade", ...files, "--assignment", instructor, "--json", path.join(out, "grades.json"), "--csv", path.join(out, "summary.csv"), "--feedback", path.join(out, "feedback"), "-j", "2"]);
  expect(code).toBe(0);

  const report = JSON.parse(fs.readFileSync(path.join(out, "grades.json"), "utf8"));
  expect(report.grades).toHaveLength(30);
  expect(new Set(report.grades.map((g: { earned: number }) => g.earned))).toEqual(new Set([3]));

  const csv = fs.readFileSync(path.join(out, "summary.csv"), "utf8").trim().split("\n");
  expect(csv[0]).toBe("student,file,earned,possible,percent,seconds,double_visible,double_hidden");
  expect(csv).toHaveLength(31);
  expect(csv[1]).toMatch(/^student00,.*,3,3,100,[\d.]+,1,2$/);

  const pages = fs.readdirSync(path.join(out, "feedback")).sort();
  expect(pages).toHaveLength(60);
  expect(fs.readFileSync(path.join(out, "feedback", "student07.md"), "utf8")).toContain("**Score: 3 / 3 (100%)**");
  expect(fs.readFileSync(path.join(out, "feedback", "student07.html"), "utf8")).toContain("<strong>Score: 3 / 3 (100%)</strong>");
  // The hidden test's code never reaches a student's feedback.
  expect(fs.readFileSync(path.join(out, "feedback", "student07.md"), "utf8")).not.toContain("[3, -1.5, 0]");
  fs.rmSync(dir, { recursive: true, force: true });
}, 400_000);
