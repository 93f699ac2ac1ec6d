/**
 * The test-only hook CNNLAB_BACKEND_WRAPPER and the backend it is made for (test/support/no-sync-backend.js):
 * the ladder's choice wrapped so that every synchronous read throws, naming the call, while reads with
 * `await` and training work and leave no tensors behind.
 */
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";

const WRAPPER = path.resolve(__dirname, "../support/no-sync-backend.js");
const saved = { wrapper: process.env.CNNLAB_BACKEND_WRAPPER, backend: process.env.CNNLAB_BACKEND };
afterAll(() => {
  for (const [key, value] of [["CNNLAB_BACKEND_WRAPPER", saved.wrapper], ["CNNLAB_BACKEND", saved.backend]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("CNNLAB_BACKEND_WRAPPER", () => {
  it("a value that is not an absolute path of a module is a configuration error naming the variable", async () => {
    process.env.CNNLAB_BACKEND_WRAPPER = "support/no-sync-backend.js";
    await expect(initBackend({ verbose: false })).rejects.toThrow(
      'CNNLAB_BACKEND_WRAPPER must be the absolute path of an existing module that exports wrapBackend(tf, backendName); got "support/no-sync-backend.js"',
    );
  });

  describe("with test/support/no-sync-backend.js on the cpu backend", () => {
    beforeAll(async () => {
      process.env.CNNLAB_BACKEND_WRAPPER = WRAPPER;
      process.env.CNNLAB_BACKEND = "cpu";
      const choice = await initBackend({ verbose: false });
      expect(choice.detail).toBe("cpu (pure JavaScript, slow), wrapped as cpu-no-sync-reads by CNNLAB_BACKEND_WRAPPER");
    });

    it("is the active backend", () => {
      expect(tf.getBackend()).toBe("cpu-no-sync-reads");
    });

    it.each([
      ["dataSync", (t: tf.Tensor) => t.dataSync()],
      ["arraySync", (t: tf.Tensor) => t.arraySync()],
      ["bufferSync", (t: tf.Tensor) => t.bufferSync()],
      ["print", (t: tf.Tensor) => t.print()],
    ])("refuses %s(), naming the call and the shape", (call, read) => {
      const t = tf.tensor2d([[1, 2], [3, 4]]);
      expect(() => read(t)).toThrow(new RegExp(`^cpu-no-sync-reads: synchronous read refused: ${call}\\(\\) of a tensor of shape \\[2, 2\\] at .*backend-wrapper\\.test\\.ts`));
      t.dispose();
    });

    it("reads with await, leaving no tensors behind", async () => {
      const before = tf.memory().numTensors;
      const t = tf.tensor2d([[1, 2], [3, 4]]);
      expect(await t.array()).toEqual([[1, 2], [3, 4]]);
      const product = tf.matMul(t, t);
      expect(Array.from(await product.data())).toEqual([7, 10, 15, 22]);
      tf.dispose([t, product]);
      expect(tf.memory().numTensors).toBe(before);
    });

    it("trains with model.fit (kernels still read their own inputs)", async () => {
      const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3 }), tf.layers.flatten(), tf.layers.dense({ units: 2, activation: "softmax" })] });
      model.compile({ optimizer: "sgd", loss: "categoricalCrossentropy" });
      const x = tf.ones([4, 4, 4, 1]), y = tf.oneHot(tf.tensor1d([0, 1, 0, 1], "int32"), 2);
      const history = await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0 });
      expect(history.history.loss).toHaveLength(2);
      expect(history.history.loss.every((l) => Number.isFinite(l as number))).toBe(true);
      tf.dispose([x, y]);
      model.dispose();
    });
  });
});
