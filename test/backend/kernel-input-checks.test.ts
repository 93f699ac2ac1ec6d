/**
 * Kernels that read their inputs from the wasm heap without bounds checks refuse inputs of the
 * wrong shape with an error naming the kernel, the input and the expected shape, before any
 * read (here: a dy one row short, which would have the kernels read past its end).
 * The SIMD paths and, with the SIMD module unavailable, the JavaScript MaxPoolGrad path.
 */
import * as tf from "@tensorflow/tfjs";
import * as simdPoolModule from "../../lib/backend/simd-pool";
import { SimdPool } from "../../lib/backend/simd-pool";
import { threadedSimdPool } from "./threaded-pool";

let pool: SimdPool;
beforeAll(async () => {
  pool = await threadedSimdPool();
}, 60_000);

const x = () => tf.ones([2, 8, 8, 4]);

it("Conv2DBackpropFilter: a dy that is not [N, OH, OW, Co]", () => {
  const runs = jest.spyOn(pool, "runShared");
  tf.tidy(() => {
    const call = () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: x(), dy: tf.ones([2, 5, 6, 8]) },
      { strides: 1, pad: "valid", dataFormat: "NHWC", filterShape: [3, 3, 4, 8] });
    expect(call).toThrow("cnnlab: Conv2DBackpropFilter: dy has shape [2,5,6,8]; expected [2,6,6,8], the convolution's output");
  });
  expect(runs).not.toHaveBeenCalled();
  runs.mockRestore();
});

describe.each([{ simd: true }, { simd: false }])("MaxPoolGrad (SIMD module available: $simd)", ({ simd }) => {
  let unavailable: jest.SpyInstance | undefined;
  beforeAll(() => {
    if (!simd) unavailable = jest.spyOn(simdPoolModule, "simdPoolOf").mockReturnValue(new Error("no SIMD module (test)"));
  });
  afterAll(() => unavailable?.mockRestore());

  it.each([
    { name: "dy", dy: [2, 3, 4, 4], output: [2, 4, 4, 4], message: "dy has shape [2,3,4,4]" },
    { name: "output", dy: [2, 4, 4, 4], output: [2, 4, 3, 4], message: "output has shape [2,4,3,4]" },
  ])("a $name that is not the pool's output shape", ({ dy, output, message }) => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const call = () => tf.engine().runKernel(tf.MaxPoolGrad, { dy: tf.ones(dy), input: x(), output: tf.ones(output) },
        { filterSize: 2, strides: 2, pad: "valid" });
      expect(call).toThrow(`cnnlab: MaxPoolGrad: ${message}; expected [2,4,4,4], the shape of the pool's output`);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
