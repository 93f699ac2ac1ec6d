/** `cnnlab kernel install --prefix DIR` from a fresh process: the kernelspec Jupyter then lists. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { findJupyter } from "../../kernel-ext/kernelspec";
import { cnnlab, PACKAGE_ROOT, pathWithOnlyNode, removeTempDirs, tempDir } from "./spawn";

afterAll(removeTempDirs);

describe("cnnlab kernel install --prefix", () => {
  it("writes DIR/share/jupyter/kernels/cnnlab/kernel.json starting this package's tslab, and Jupyter lists it", () => {
    const jupyter = findJupyter();
    if (jupyter === null) throw new Error("this test needs Jupyter on PATH (.ci/run installs it: apt-get install jupyter-notebook jupyter-client)");
    const dir = tempDir();
    const r = cnnlab(["kernel", "install", "--prefix", "venv"], { cwd: dir });
    expect(r.stderr.replace(/^.*(Debugger warning|frozen modules|PYDEVD).*\n/gm, "")).toBe("");
    expect(r.status).toBe(0);
    const kernelDir = path.join(dir, "venv", "share", "jupyter", "kernels", "cnnlab");
    const shareDir = path.join(dir, "venv", "share", "jupyter");
    expect(r.stdout).toBe(`Installed the "TypeScript (cnnlab)" kernel in ${kernelDir}\nJupyter finds it with JUPYTER_PATH=${shareDir}\n`);
    const spec = JSON.parse(fs.readFileSync(path.join(kernelDir, "kernel.json"), "utf8"));
    expect(spec).toEqual({
      argv: [process.execPath, path.join(PACKAGE_ROOT, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
      display_name: "TypeScript (cnnlab)",
      language: "typescript",
    });
    const list = spawnSync(jupyter, ["kernelspec", "list", "--json"], { encoding: "utf8", env: { ...process.env, JUPYTER_PATH: shareDir } });
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout).kernelspecs.cnnlab.resource_dir).toBe(kernelDir);
  });

  it("without Jupyter on PATH: says so and how to install it, exit code 1, nothing written", () => {
    const dir = tempDir();
    const r = cnnlab(["kernel", "install", "--prefix", "venv"], { cwd: dir, path: pathWithOnlyNode() });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^cnnlab kernel install: Jupyter was not found on PATH; install JupyterLab with `pip install jupyterlab plotly`.*apt-get install -y jupyter-notebook.*then run `cnnlab kernel install` again\.$/m);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("--user with --prefix: says they exclude each other", () => {
    const r = cnnlab(["kernel", "install", "--user", "--prefix", "venv"], { cwd: tempDir() });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--user and --prefix exclude each other/);
  });
});
