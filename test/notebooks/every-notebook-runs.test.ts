/**
 * Every committed notebook runs top to bottom in quick mode (CNNLAB_QUICK=1) without an error.
 * Notebook-specific checks of outputs live in their own tests (e.g. welcome.test.ts), by tag.
 */
import * as path from "path";
import { findNotebooks } from "../../lib/runner/find";
import { describeFailure, PACKAGE_ROOT, runNotebookForTest } from "./harness";

const notebooks = findNotebooks([path.join(PACKAGE_ROOT, "notebooks")]).map((t) => path.relative(PACKAGE_ROOT, t.file));

it.each(notebooks)(
  "%s runs every cell in quick mode",
  async (rel) => {
    const run = await runNotebookForTest(path.join(PACKAGE_ROOT, rel));
    expect(describeFailure(run)).toBe("ok");
  },
  300_000
);
