/** The backend ladder: the choice on a machine without tfjs-node, forcing, and bad input. */
import * as tf from "@tensorflow/tfjs";
import { initBackend, activeBackend, NOT_AUTOMATIC } from "../../lib/backend";

const hasNative = (() => {
  try {
    require.resolve("@tensorflow/tfjs-node");
    return true;
  } catch {
    return false;
  }
})();

describe("initBackend", () => {
  const saved = process.env.CNNLAB_BACKEND;
  afterEach(() => {
    if (saved === undefined) delete process.env.CNNLAB_BACKEND;
    else process.env.CNNLAB_BACKEND = saved;
  });

  it("rejects an unknown CNNLAB_BACKEND, naming the variable and the value", async () => {
    process.env.CNNLAB_BACKEND = "tpu";
    await expect(initBackend({ verbose: false })).rejects.toThrow(/CNNLAB_BACKEND must be one of tensorflow, webgpu, wasm, cpu; got "tpu"/);
    expect(activeBackend()).toBeUndefined();
  });

  (hasNative ? it.skip : it)("without tfjs-node it chooses wasm and says why the faster rungs were skipped", async () => {
    delete process.env.CNNLAB_BACKEND;
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    const choice = await initBackend();
    expect(choice.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(choice.skipped.map((s) => s.rung)).toEqual(["tensorflow-gpu", "webgpu", "tensorflow-cpu"]);
    expect(choice.reason).toMatch(/backend wasm .*skipped tensorflow-gpu, tensorflow-cpu: not installed/);
    // webgpu is tried only when forced, whatever GPU this machine has.
    expect(choice.skipped[1]).toEqual({ rung: "webgpu", why: NOT_AUTOMATIC });
    expect(choice.reason).toContain(`webgpu: ${NOT_AUTOMATIC}`);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(choice.reason);
    expect(activeBackend()).toBe(choice);
    expect(await initBackend()).toBe(choice); // once per process
    log.mockRestore();
  }, 20_000);
});
