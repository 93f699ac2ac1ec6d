/**
 * The threaded wasm build (wasm-threads.ts): the thread count and its validation, the
 * numbers against the cpu backend, and the process-level behaviour that only a fresh
 * process shows (a finished script exits; Node's permission model falls back to one thread).
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import * as tfwasm from "@tensorflow/tfjs-backend-wasm";
import { initBackend } from "../../lib/backend";
import { MAX_WASM_THREADS, wasmThreadCount } from "../../lib/backend/wasm-threads";
import { packageRoot } from "../../lib/package-root";

describe("wasmThreadCount", () => {
  it("defaults to the machine's available parallelism, at most 8", () => {
    const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
    expect(wasmThreadCount({})).toBe(Math.min(MAX_WASM_THREADS, cores));
    expect(wasmThreadCount({ CNNLAB_THREADS: "" })).toBe(Math.min(MAX_WASM_THREADS, cores));
  });

  it.each([["1", 1], ["3", 3], ["8", 8]])("CNNLAB_THREADS=%s gives %d", (value, expected) => {
    expect(wasmThreadCount({ CNNLAB_THREADS: value })).toBe(expected);
  });

  it.each(["0", "9", "two", "2.5", "-1"])("rejects CNNLAB_THREADS=%s, naming the variable and the value", (value) => {
    expect(() => wasmThreadCount({ CNNLAB_THREADS: value })).toThrow(`CNNLAB_THREADS must be an integer from 1 to 8; got "${value}"`);
  });
});

describe("the threaded wasm backend", () => {
  const saved = process.env.CNNLAB_THREADS;
  afterAll(() => {
    if (saved === undefined) delete process.env.CNNLAB_THREADS;
    else process.env.CNNLAB_THREADS = saved;
  });

  /** A conv layer's output and its filter gradient, and a dense layer's input gradient. */
  function convAndDenseGradients(): Float32Array[] {
    return tf.tidy(() => {
      const x = tf.randomNormal([4, 12, 12, 3], 0, 1, "float32", 1) as tf.Tensor4D;
      const w = tf.randomNormal([3, 3, 3, 8], 0, 1, "float32", 2) as tf.Tensor4D;
      const a = tf.randomNormal([5, 40], 0, 1, "float32", 3) as tf.Tensor2D;
      const b = tf.randomNormal([40, 7], 0, 1, "float32", 4) as tf.Tensor2D;
      const y = tf.conv2d(x, w, 1, "same");
      const dw = tf.grad((f: tf.Tensor) => tf.conv2d(x, f as tf.Tensor4D, 2, "same").square().sum())(w);
      const da = tf.grad((m: tf.Tensor) => tf.matMul(m as tf.Tensor2D, b).square().sum())(a);
      return [y, dw, da].map((t) => t.dataSync() as Float32Array);
    });
  }

  it("runs XNNPACK on 2 threads, leaves no process handlers behind, and matches the cpu backend (1e-4)", async () => {
    await tf.setBackend("cpu");
    const banner = jest.spyOn(console, "warn").mockImplementation(() => undefined); // tfjs's "install tfjs-node" greeting
    const expected = convAndDenseGradients();
    banner.mockRestore();
    const handlers = process.listeners("uncaughtException").length + process.listeners("unhandledRejection").length;
    process.env.CNNLAB_THREADS = "2";
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    const choice = await initBackend({ force: "wasm" });
    log.mockRestore();
    expect(choice.detail).toMatch(/^wasm \(XNNPACK, SIMD, 2 threads\)$/);
    expect(tfwasm.getThreadsCount()).toBe(2);
    expect(process.listeners("uncaughtException").length + process.listeners("unhandledRejection").length).toBe(handlers);
    const actual = convAndDenseGradients();
    actual.forEach((values, k) => {
      expect(values.length).toBe(expected[k].length);
      values.forEach((v, i) => expect(Math.abs(v - expected[k][i])).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(expected[k][i]))));
    });
  }, 60_000);
});

describe("a fresh process on the threaded build", () => {
  const backendModule = path.join(packageRoot(), "dist", "lib", "backend", "index.js");
  const script = `
    const tf = require("@tensorflow/tfjs");
    require(${JSON.stringify(backendModule)}).initBackend({ force: "wasm" }).then(() => {
      const y = tf.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([2, 2, 1, 1]), 1, "valid");
      console.log("sum " + y.sum().dataSync()[0]);
    });`;
  const run = (execArgv: string[]) => spawnSync(process.execPath, [...execArgv, "-e", script], {
    cwd: packageRoot(), env: { ...process.env, CNNLAB_THREADS: "2", CNNLAB_BACKEND: "" }, encoding: "utf8", timeout: 60_000,
  });

  it("exits by itself when the script is done (the pool's workers do not hold it open)", () => {
    const result = run([]);
    expect(result.error).toBeUndefined(); // no timeout
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("backend wasm (XNNPACK, SIMD, 2 threads)");
    expect(result.stdout).toContain("sum 36");
  }, 70_000);

  const major = Number(process.versions.node.split(".")[0]);
  (major >= 20 ? it : it.skip)("falls back to one thread, saying why, under Node's permission model without --allow-worker", () => {
    const result = run([major < 22 ? "--experimental-permission" : "--permission", "--allow-fs-read=*", "--no-warnings"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("backend wasm (XNNPACK, SIMD, one thread: threaded build failed (worker threads are not permitted here (Node's permission model without --allow-worker)))");
    expect(result.stdout).toContain("sum 36");
  }, 70_000);
});
