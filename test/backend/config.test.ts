/**
 * Configuration errors fail fast: a bad CNNLAB_THREADS or CNNLAB_BACKEND, or a `force` naming a
 * backend other than the one already initialised, is an error naming the setting, the value and
 * what is allowed, never a rung quietly skipped (which used to land training on the cpu backend).
 * The environment variables are read by a fresh process, as a notebook kernel or script reads them.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { activeBackend, initBackend } from "../../lib/backend";

const LIBRARY = path.resolve(__dirname, "..", "..", "dist", "lib", "index.js");

/** `await initBackend({ force })` in a new node process with `env` (and nothing of this process's); what it printed. */
function initInFreshProcess(env: Record<string, string>, force?: string): { status: number | null; stdout: string; stderr: string } {
  const script = `require(${JSON.stringify(LIBRARY)}).initBackend({ verbose: false, force: ${JSON.stringify(force)} }).then(
    (c) => console.log("chose " + c.name),
    (e) => { console.error(e.message); process.exitCode = 1; })`;
  return spawnSync(process.execPath, ["-e", script], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: "utf8", timeout: 120_000 });
}

describe("CNNLAB_THREADS", () => {
  it.each(["16", "9", "0", "-2", "2.5", "abc", "two"])("CNNLAB_THREADS=%s: an error naming the variable, the value and 1 to 8", (value) => {
    const r = initInFreshProcess({ CNNLAB_THREADS: value });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim()).toBe(`CNNLAB_THREADS must be an integer from 1 to 8; got "${value}"`);
  });

  it("is checked before any backend is tried, even when another backend is forced", () => {
    const r = initInFreshProcess({ CNNLAB_THREADS: "16", CNNLAB_BACKEND: "cpu" });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('CNNLAB_THREADS must be an integer from 1 to 8; got "16"');
  });

  it("CNNLAB_THREADS=1 is allowed: the ladder still lands on wasm", () => {
    const r = initInFreshProcess({ CNNLAB_THREADS: "1" });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("chose wasm");
  });
});

describe("CNNLAB_BACKEND and force", () => {
  it("CNNLAB_BACKEND=bogus: an error naming the variable, the value and the backends", () => {
    const r = initInFreshProcess({ CNNLAB_BACKEND: "bogus" });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('CNNLAB_BACKEND must be one of tensorflow, webgpu, wasm, cpu; got "bogus"');
  });

  it('initBackend({ force: "gpu" }): an error naming the argument, the value and the backends', () => {
    const r = initInFreshProcess({}, "gpu");
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('initBackend: force must be one of tensorflow, webgpu, wasm, cpu; got "gpu"');
  });
});

describe("a different force after initialisation", () => {
  it("is an error saying what is initialised and how to change it; the same or no force returns the choice", async () => {
    const choice = await initBackend({ force: "cpu", verbose: false });
    await expect(initBackend({ force: "wasm", verbose: false })).rejects.toThrow(
      'initBackend({ force: "wasm" }): the backend is already initialised as cpu (pure JavaScript, slow); ' +
        'a process keeps its first backend: restart the kernel (or the process) and call initBackend({ force: "wasm" }) first, or set CNNLAB_BACKEND=wasm',
    );
    expect(tf.getBackend()).toBe("cpu");
    expect(activeBackend()).toBe(choice);
    expect(await initBackend({ force: "cpu", verbose: false })).toBe(choice);
    expect(await initBackend({ verbose: false })).toBe(choice);
  });
});
