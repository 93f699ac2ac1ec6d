/** `cnnlab info` from a fresh process: versions, the backend the ladder chose, Jupyter's status. */
import * as tf from "@tensorflow/tfjs";
import { cnnlab, pathWithOnlyNode, removeTempDirs, tempDir } from "./spawn";

afterAll(removeTempDirs);

describe("cnnlab info", () => {
  it("prints the versions, the backend chosen and why, and how to install Jupyter when it is absent", () => {
    const r = cnnlab(["info"], { cwd: tempDir(), path: pathWithOnlyNode() });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^cnnlab \d+\.\d+\.\d+$/);
    expect(lines[1]).toBe(`node ${process.version} (${process.platform}-${process.arch})`);
    expect(lines[2]).toMatch(new RegExp(`^tfjs ${tf.version.tfjs.replace(/\./g, "\\.")}, tfjs-backend-wasm \\d`));
    expect(lines).toContainEqual(expect.stringMatching(/^tslab \d+\.\d+\.\d+$/));
    const backend = lines.findIndex((l) => l.startsWith("backend: "));
    expect(lines[backend]).toMatch(/^backend: (tensorflow|webgpu|wasm|cpu) \(/);
    const jupyter = lines.findIndex((l) => l.startsWith("jupyter"));
    expect(jupyter).toBeGreaterThan(backend);
    // Every line between the backend and Jupyter's names a faster rung and why it was not taken.
    for (const line of lines.slice(backend + 1, jupyter)) expect(line).toMatch(/^ {2}skipped [a-z-]+: \S/);
    expect(lines.slice(jupyter).join("\n")).toMatch(/^jupyter: not found on PATH; install JupyterLab with `pip install jupyterlab plotly`.*apt-get install -y jupyter-notebook/);
  });

  it("CNNLAB_BACKEND=cpu forces the cpu backend", () => {
    const r = cnnlab(["info"], { cwd: tempDir(), env: { CNNLAB_BACKEND: "cpu" } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^backend: cpu \(pure JavaScript, slow\)$/m);
  });

  it.each([
    [{ CNNLAB_THREADS: "16" }, 'cnnlab: CNNLAB_THREADS must be an integer from 1 to 8; got "16"'],
    [{ CNNLAB_BACKEND: "bogus" }, 'cnnlab: CNNLAB_BACKEND must be one of tensorflow, webgpu, wasm, cpu; got "bogus"'],
  ])("a bad setting %p fails: the variable, the value and what is allowed, exit code 1", (env, message) => {
    const r = cnnlab(["info"], { cwd: tempDir(), env });
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(/^backend:/m);
    expect(r.stderr.trim()).toBe(message);
  });
});
