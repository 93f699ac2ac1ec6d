/**
 * The shared body of the own tests (test/notebooks/<name>.test.ts) of the student notebooks: run with
 * the runner's harness in quick mode, a student version executes every cell up to its first visible
 * test, which stops with "not implemented" — the stubs are reached, and nothing before them fails.
 */
import * as path from "path";
import { assignmentSpec } from "../../lib/grading/spec";
import { readNotebook } from "../../lib/notebook/io";
import { PACKAGE_ROOT, type NotebookRun } from "../notebooks/harness";

/** `run` is the harness's runNotebookForTest, passed in by the own test that names the notebook. */
export function studentNotebookRunsToItsFirstTest(rel: string, run: (file: string) => Promise<NotebookRun>): void {
  it(`${rel} runs up to its first visible test, which stops with "not implemented"`, async () => {
    const file = path.join(PACKAGE_ROOT, rel);
    const spec = assignmentSpec(readNotebook(file), rel, "x");
    const result = (await run(file)).result;
    expect(result.ok).toBe(false);
    expect(result.failedCell?.cellNumber).toBe(spec.tests[0].cellNumber);
    expect(result.failedCell?.error).toBe("Error: not implemented");
  }, 300_000);
}
