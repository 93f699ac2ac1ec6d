/**
 * record() and selfCheck() through the real Jupyter kernel (`jupyter nbconvert --execute` with the
 * cnnlab kernelspec in a temporary prefix): the record is stored in the notebook as JSON under
 * its MIME type, the self-check prints its one line, and the HTML export shows no recorded value.
 * Skips with a printed reason when Jupyter or dist/ is missing.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findJupyter } from "../../kernel-ext/kernelspec";
import { RECORD_MIME } from "../../lib/course/record";

const ROOT = path.resolve(__dirname, "..", "..");
const missing = [
  findJupyter() ? "" : "jupyter is not on PATH (apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbclient)",
  fs.existsSync(path.join(ROOT, "dist", "lib", "index.js")) ? "" : "dist/ is not built (run npx tsc -p .)",
].filter(Boolean);
if (missing.length) console.log(`Skipping the Jupyter record test: ${missing.join("; ")}`);

const CELLS = [
  // The key and value are computed, so that only a rendered output (not the cell's source) could show them.
  `import { record, selfCheck } from "cnnlab";\nrecord({ ["secret" + "Accuracy"]: 0.5 + 0.48765, shape: [2, 3] });`,
  `selfCheck("Exercise 9.9", () => 2 * 21, 42);`,
];

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): void {
  const result = spawnSync(command, args, { ...options, encoding: "utf8", timeout: 240_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
}

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
}
const joined = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join("") : v ?? "");

(missing.length ? describe.skip : describe)("records and self-checks through the real cnnlab kernel", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-record-"));
  const prefix = path.join(tmp, "prefix");
  const nbDir = path.join(tmp, "notebook");
  const env = { ...process.env, JUPYTER_PATH: path.join(prefix, "share", "jupyter") };
  let cells: Output[][] = [];
  let html = "";

  beforeAll(() => {
    fs.mkdirSync(path.join(nbDir, "node_modules"), { recursive: true });
    fs.symlinkSync(ROOT, path.join(nbDir, "node_modules", "cnnlab"), "dir");
    const notebook = {
      cells: CELLS.map((source, k) => ({ cell_type: "code", execution_count: null, id: `cell-${k}`, metadata: {}, outputs: [], source })),
      metadata: { kernelspec: { name: "cnnlab", display_name: "TypeScript (cnnlab)", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    fs.writeFileSync(path.join(nbDir, "test.ipynb"), JSON.stringify(notebook, null, 1));
    run(process.execPath, [path.join(ROOT, "bin", "cnnlab.js"), "kernel", "install", "--prefix", prefix], { cwd: ROOT, env });
    const jupyter = findJupyter() as string;
    run(jupyter, ["nbconvert", "--to", "notebook", "--execute", "test.ipynb", "--output", "executed.ipynb", "--ExecutePreprocessor.timeout=180"], { cwd: nbDir, env });
    run(jupyter, ["nbconvert", "--to", "html", "executed.ipynb", "--output", "executed.html"], { cwd: nbDir, env });
    cells = JSON.parse(fs.readFileSync(path.join(nbDir, "executed.ipynb"), "utf8")).cells.map((c: { outputs: Output[] }) => c.outputs);
    html = fs.readFileSync(path.join(nbDir, "executed.html"), "utf8");
  }, 300_000);

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

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
