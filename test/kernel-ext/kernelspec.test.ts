import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { JUPYTER_INSTALL_HINT, findJupyter, installKernel, jupyterStatus, kernelSpec } from "../../kernel-ext/kernelspec";

describe("kernelspec", () => {
  it("starts this package's own tslab with the running node", () => {
    const spec = kernelSpec();
    expect(spec.display_name).toBe("TypeScript (cnnlab)");
    expect(spec.language).toBe("typescript");
    expect(spec.argv[0]).toBe(process.execPath);
    expect(spec.argv[1]).toMatch(/node_modules[\\/]tslab[\\/]bin[\\/]tslab$/);
    expect(fs.existsSync(spec.argv[1])).toBe(true);
    expect(spec.argv.slice(2)).toEqual(["kernel", "--config-path", "{connection_file}"]);
  });

  describe("with no Jupyter on PATH", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-nopath-"));
    const env = { ...process.env, PATH: empty };
    afterAll(() => fs.rmSync(empty, { recursive: true, force: true }));

    it("jupyterStatus reports neither", () => {
      expect(findJupyter(env)).toBeNull();
      expect(jupyterStatus(env)).toEqual({ jupyter: null, kernel: false });
    });

    it("installKernel says so and how to install it", () => {
      expect(() => installKernel({ prefix: empty }, env)).toThrow(JUPYTER_INSTALL_HINT);
      expect(JUPYTER_INSTALL_HINT).toContain("apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbclient");
      expect(JUPYTER_INSTALL_HINT).toContain("pip install jupyterlab");
    });

    // The built CLI (npm test runs tsc first), as a user would run it.
    const cli = path.join(__dirname, "..", "..", "bin", "cnnlab.js");
    const built = fs.existsSync(path.join(__dirname, "..", "..", "dist", "lib", "cli", "kernel.js"));
    (built ? it : it.skip)("`cnnlab kernel install` fails with exit code 1 and the hint", () => {
      const run = spawnSync(process.execPath, [cli, "kernel", "install", "--prefix", empty], { env, encoding: "utf8" });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("cnnlab kernel install: Jupyter was not found on PATH");
    });
  });

  it("rejects --user together with --prefix", () => {
    expect(() => installKernel({ user: true, prefix: "/tmp/x" })).toThrow("--user and --prefix exclude each other; received --user and --prefix /tmp/x");
  });
});
