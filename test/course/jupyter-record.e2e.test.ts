/**
 * record() and selfCheck() through the real Jupyter kernel (`jupyter nbconvert --execute` with the
 * cnnlab kernelspec in a temporary prefix): the record is stored in the notebook as JSON under
 * its MIME type, the self-check prints its one line, and the HTML export shows no recorded value.
 * Skips with a printed reason when Jupyter or dist/ is missing.
 */
import * as fs from "fs";
import { RECORD_MIME } from "../../lib/course/record";
import { executeThroughKernel, joined, realKernelMissing, type Output } from "../kernel-ext/real-kernel";

const missing = realKernelMissing();
if (missing.length) console.log(`Skipping the Jupyter record test: ${missing.join("; ")}`);

const CELLS = [
  // The key and value are computed, so that only a rendered output (not the cell's source) could show them.
  `import { record, selfCheck } from "cnnlab";\nrecord({ ["secret" + "Accuracy"]: 0.5 + 0.48765, shape: [2, 3] });`,
  `selfCheck("Exercise 9.9", () => 2 * 21, 42);`,
];

(missing.length ? describe.skip : describe)("records and self-checks through the real cnnlab kernel", () => {
  let cells: Output[][] = [];
  let html = "";
  let dir = "";

  beforeAll(() => {
    const result = executeThroughKernel(CELLS, "cnnlab-record-");
    ({ cells, dir } = result);
    html = fs.readFileSync(result.htmlFile, "utf8");
  }, 300_000);

  afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it("stores a record as JSON under its MIME type only, and prints nothing for it", () => {
    expect(cells[0]).toEqual([{ output_type: "display_data", data: { [RECORD_MIME]: { secretAccuracy: 0.5 + 0.48765, shape: [2, 3] } }, metadata: {} }]);
  });

  it("prints the self-check's one line and records its verdict", () => {
    expect(cells[1].filter((o) => o.output_type === "stream").map((o) => joined(o.text))).toEqual(["✓ Exercise 9.9: right\n"]);
    expect(cells[1].filter((o) => o.output_type === "display_data").map((o) => o.data)).toEqual([{ [RECORD_MIME]: { selfCheck: { name: "Exercise 9.9", status: "right" } } }]);
  });

  it("the HTML export shows no recorded value", () => {
    expect(html).toContain("Exercise 9.9: right");
    expect(html).not.toContain("0.98765");
    expect(html).not.toContain("secretAccuracy");
  });
});
