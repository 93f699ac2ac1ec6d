/** `cnnlab jupyter` from a fresh process where Jupyter is not installed: a clear message, no server. */
import * as fs from "fs";
import { cnnlab, pathWithOnlyNode, removeTempDirs, tempDir } from "./spawn";

afterAll(removeTempDirs);

describe("cnnlab jupyter", () => {
  it("without Jupyter on PATH: says so and how to install it, exit code 1, no kernel installed", () => {
    const home = tempDir();
    const r = cnnlab(["jupyter", "--no-browser"], { cwd: home, path: pathWithOnlyNode() });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^cnnlab jupyter: Jupyter was not found on PATH; install JupyterLab with `pip install jupyterlab plotly` .* or the classic Notebook with `sudo apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbclient`/);
    expect(fs.readdirSync(home)).toEqual([]);
  });

  it("a folder that does not exist: names it", () => {
    const r = cnnlab(["jupyter", "no-such-folder"], { cwd: tempDir(), path: pathWithOnlyNode() });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^cnnlab jupyter: \[dir\] must be an existing folder, got "no-such-folder"$/m);
  });
});
