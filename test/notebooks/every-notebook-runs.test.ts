/**
 * The safety net: every committed notebook without its own test (test/notebooks/<name>.test.ts,
 * which checks its outputs by tag) runs top to bottom in quick mode without an error.
 * Notebooks with their own test are left to it, so CI runs each notebook once.
 */
import * as fs from "fs";
import * as path from "path";
import { findNotebooks } from "../../lib/runner/find";
import { describeFailure, PACKAGE_ROOT, runNotebookForTest } from "./harness";

const all = findNotebooks([path.join(PACKAGE_ROOT, "notebooks")]).map((t) => path.relative(PACKAGE_ROOT, t.file));
const ownTestFile = (rel: string) => path.join(__dirname, `${path.basename(rel, ".ipynb")}.test.ts`);
const hasOwnTest = (rel: string) => fs.existsSync(ownTestFile(rel));
const untested = all.filter((rel) => !hasOwnTest(rel));

it.each(all.filter(hasOwnTest))("the own test of %s runs that notebook with the harness", (rel) => {
  const source = fs.readFileSync(ownTestFile(rel), "utf8");
  // Through the harness itself or course-outputs.ts's runCourseNotebook(name), which calls it.
  expect(source).toMatch(/runNotebookForTest\(|runCourseNotebook\(/);
  expect(source).toContain(path.basename(rel, ".ipynb"));
});

if (untested.length > 0) {
  it.each(untested)(
    "%s runs every cell in quick mode",
    async (rel) => {
      const run = await runNotebookForTest(path.join(PACKAGE_ROOT, rel));
      expect(describeFailure(run)).toBe("ok");
    },
    300_000
  );
} else {
  console.log(`every notebook has its own test: ${all.map((rel) => path.basename(rel)).join(", ")}`);
}
