/** The backend ladder: the choice on a machine without tfjs-node, forcing, and bad input. */
import * as tf from "@tensorflow/tfjs";
import { initBackend, activeBackend, probeWebgpu, WebgpuProbe } from "../../lib/backend";

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

  // Whether this machine has a hardware GPU that Dawn can use decides the expected choice.
  let webgpu: WebgpuProbe;
  beforeAll(async () => {
    webgpu = await probeWebgpu();
  });

  (hasNative ? it.skip : it)("without tfjs-node it chooses webgpu on a GPU machine, else wasm, and says why the faster rungs were skipped", async () => {
    delete process.env.CNNLAB_BACKEND;
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    const choice = await initBackend();
    const expected = webgpu.available ? "webgpu" : "wasm";
    expect(choice.name).toBe(expected);
    expect(tf.getBackend()).toBe(expected);
    expect(choice.skipped.map((s) => s.rung)).toEqual(webgpu.available ? ["tensorflow-gpu"] : ["tensorflow-gpu", "webgpu", "tensorflow-cpu"]);
    expect(choice.reason).toMatch(new RegExp(`backend ${expected} .*skipped tensorflow-gpu(, tensorflow-cpu)?: not installed`));
    if (!webgpu.available) {
      // The webgpu rung's skip entry carries the probe's reason, whatever this machine lacks.
      expect(choice.skipped[1]).toEqual({ rung: "webgpu", why: webgpu.reason });
      expect(choice.reason).toContain(`webgpu: ${webgpu.reason}`);
    }
    expect(log).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(choice.reason);
    expect(activeBackend()).toBe(choice);
    expect(await initBackend()).toBe(choice); // once per process
    log.mockRestore();
  }, 20_000);
});
