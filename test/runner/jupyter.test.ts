/**
 * `cnnlab run --jupyter`: clear errors without Jupyter or the kernel, and a real run through
 * nbconvert and tslab's kernel when Jupyter is installed (skipped, with the reason printed, if not).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readNotebook } from "../../lib/notebook/io";
import { JUPYTER_INSTALL_HINT, kernelNames, requireJupyterKernel } from "../../lib/runner/jupyter";
import { runNotebooks } from "../../lib/runner/run";
import { chooseJupyterApp } from "../../lib/cli/jupyter";
import { code, notebook, removeTempDirs, tempDir, writeNotebooks } from "../notebooks/fixtures";
import { PACKAGE_ROOT } from "../notebooks/harness";

afterAll(removeTempDirs);

const hasJupyter = spawnSync("jupyter", ["--version"]).status === 0;
const NO_JUPYTER = { ...process.env, PATH: "/nonexistent-bin" };
if (!hasJupyter) console.log("skipping the real Jupyter tests: `jupyter` is not on PATH (apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbclient)");

/** A kernelspec like `cnnlab kernel install` writes, in a private JUPYTER_PATH. */
function privateKernel(): string {
  const root = tempDir("cnnlab-jupyter-path-");
  const spec = path.join(root, "kernels", "cnnlab");
  fs.mkdirSync(spec, { recursive: true });
  const argv = [process.execPath, path.join(PACKAGE_ROOT, "node_modules/tslab/bin/tslab"), "kernel", "--config-path", "{connection_file}"];
  fs.writeFileSync(path.join(spec, "kernel.json"), JSON.stringify({ argv, display_name: "TypeScript (cnnlab)", language: "typescript" }));
  return root;
}

describe("without Jupyter", () => {
  it("says Jupyter is missing and how to install it", () => {
    expect(() => requireJupyterKernel(NO_JUPYTER)).toThrow(
      `--jupyter needs Jupyter, which was not found on PATH; ${JUPYTER_INSTALL_HINT}`
    );
  });

  it("cnnlab run --jupyter fails with that message and a non-zero exit", () => {
    const dir = writeNotebooks(tempDir(), { "x.ipynb": notebook(code("1")) });
    const r = spawnSync(process.execPath, [path.join(PACKAGE_ROOT, "bin/cnnlab.js"), "run", dir, "--jupyter", "--out", tempDir()], { encoding: "utf8", env: NO_JUPYTER });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("cnnlab run: --jupyter needs Jupyter, which was not found on PATH");
    expect(r.stdout).toBe("");
  });

  it("cnnlab jupyter finds no front end to open", () => {
    expect(chooseJupyterApp(NO_JUPYTER)).toBeNull();
  });
});

(hasJupyter ? describe : describe.skip)("with Jupyter", () => {
  it("cnnlab jupyter picks JupyterLab if installed, else the classic Notebook", () => {
    const lab = spawnSync("jupyter", ["lab", "--version"]).status === 0;
    const classic = spawnSync("jupyter", ["notebook", "--version"]).status === 0;
    expect(chooseJupyterApp()).toBe(lab ? "lab" : classic ? "notebook" : null);
  });

  it("finds a kernelspec through JUPYTER_PATH", () => {
    expect(kernelNames({ ...process.env, JUPYTER_PATH: privateKernel() })).toContain("cnnlab");
  });

  it("says the cnnlab kernel is missing and how to install it", () => {
    const env = { ...process.env, JUPYTER_PATH: tempDir(), JUPYTER_DATA_DIR: tempDir(), HOME: tempDir() };
    if (kernelNames(env).includes("cnnlab")) {
      console.log("skipped: a cnnlab kernel is installed system-wide, so it cannot be missing here");
      return;
    }
    expect(() => requireJupyterKernel(env)).toThrow('--jupyter needs the "cnnlab" Jupyter kernel, which is not installed');
    expect(() => requireJupyterKernel(env)).toThrow("install it with `cnnlab kernel install --user`");
  });

  it("runs through nbconvert and tslab's kernel; keeps outputs up to a failing cell and its message", async () => {
    const jupyterPath = privateKernel();
    const dir = writeNotebooks(tempDir(), {
      "a-ok.ipynb": notebook(code("console.log(6 * 7)")),
      "k.ipynb": notebook(
        code('console.log("quick=" + process.env.CNNLAB_QUICK)'),
        code('import * as tslab from "tslab";\ntslab.display.html("<i>from the kernel</i>");'),
        code('throw new RangeError("kernel says no");'),
        code('console.log("unreached")')
      ),
    });
    const out = tempDir();
    const saved = process.env.JUPYTER_PATH;
    process.env.JUPYTER_PATH = jupyterPath;
    const lines: string[] = [];
    try {
      const [ok, failed] = await runNotebooks({ paths: [dir], outDir: out, jupyter: true, quick: true, log: (l) => lines.push(l) });
      expect(ok).toMatchObject({ ok: true, report: path.join(out, "a-ok.html") });
      expect(failed).toMatchObject({ ok: false, failedCellNumber: 3, error: "RangeError: kernel says no" });
    } finally {
      if (saved === undefined) delete process.env.JUPYTER_PATH;
      else process.env.JUPYTER_PATH = saved;
    }
    expect(readNotebook(path.join(out, "a-ok.ipynb")).cells[0]).toMatchObject({ outputs: [{ output_type: "stream", text: ["42\n"] }] });
    expect(fs.readFileSync(path.join(out, "a-ok.html"), "utf8")).toMatch(/>42\s*<\/pre>/);
    const nb = readNotebook(path.join(out, "k.ipynb"));
    expect(nb.cells[0]).toMatchObject({ outputs: [{ output_type: "stream", name: "stdout", text: ["quick=1\n"] }] });
    expect(nb.cells[1]).toMatchObject({ outputs: [{ output_type: "display_data", data: { "text/html": ["<i>from the kernel</i>"] } }] });
    expect(nb.cells[3]).toMatchObject({ execution_count: null, outputs: [] });
    const html = fs.readFileSync(path.join(out, "k.html"), "utf8");
    expect(html).toContain("<i>from the kernel</i>");
    expect(lines.join("\n")).toContain("through Jupyter");
  }, 300_000); // five nbconvert runs, each starting a kernel
});
