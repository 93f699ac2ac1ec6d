/**
 * The library's display channel (kernel-ext's show/plot, imported from "cnnlab") reaches the
 * runner: bundles land in the executed notebook, and the report carries Plotly exactly once.
 */
import * as fs from "fs";
import * as path from "path";
import { writeNotebook } from "../../lib/notebook/io";
import { renderReport } from "../../lib/runner/report";
import { code, notebook, removeTempDirs, tempDir } from "./fixtures";
import { describeFailure, runNotebookForTest, type NotebookRun } from "./harness";

afterAll(removeTempDirs);

let run: NotebookRun;

beforeAll(async () => {
  const file = path.join(tempDir(), "displays.ipynb");
  writeNotebook(
    file,
    notebook(
      code('import { show, plot } from "cnnlab";\nawait show.matrix([[1, 0], [0, -1]]);', ["check:matrix"]),
      code('await plot.line([{ y: [3, 2, 1], name: "train" }], { title: "loss" });', ["check:first-chart"]),
      code('await plot.bar([{ x: ["a", "b"], y: [1, 2] }] as any, { title: "bars" });', ["check:second-chart"]),
      code("await show.image([[0, 1], [1, 0]]);", ["check:image"])
    )
  );
  run = await runNotebookForTest(file);
});

it("runs", () => {
  expect(describeFailure(run)).toBe("ok");
});

it("captures show.matrix as a bundle with LaTeX and a text/plain fallback", () => {
  const [bundle] = run.bundles("matrix");
  expect(String(bundle["text/latex"])).toContain("\\begin{bmatrix}");
  expect(bundle["text/plain"]).toBeDefined();
});

it("captures show.image as a PNG (base64 of the PNG signature)", () => {
  const [bundle] = run.bundles("image");
  expect(String(bundle["image/png"]).startsWith("iVBORw0KGgo")).toBe(true);
});

it("sends the Plotly library once in the notebook and embeds it once in the report", () => {
  const countIn = (text: string) => text.split(/\* plotly\.js v\d/).length - 1;
  const htmlOf = (tag: string) => run.bundles(tag).map((b) => String(b["text/html"] ?? "")).join("");
  expect(countIn(htmlOf("first-chart")) + countIn(htmlOf("second-chart"))).toBe(1);
  const report = renderReport(run.notebook, { title: "displays", source: "displays.ipynb", ok: true, seconds: 1 });
  expect(countIn(report)).toBe(1);
  expect(report.match(/Plotly\.newPlot\(/g)?.length).toBeGreaterThanOrEqual(2);
  expect(report).toContain("data:image/png;base64,iVBORw0KGgo");
  fs.mkdirSync(path.resolve(__dirname, "../../test-output"), { recursive: true });
  fs.writeFileSync(path.resolve(__dirname, "../../test-output/library-displays.html"), report);
});
