/**
 * A trap in one of cnnlab's SIMD kernels on the wasm backend (the threaded build, as users get it):
 * the call's error names the tfjs kernel and the SIMD function, the pool is marked broken, later
 * calls take the kernel's other paths (equal to the cpu backend's result), and no other tensor is
 * touched. The trap is a real one: the MaxPool kernel handed an input offset past the end of the heap.
 * Its own file: the pool stays broken for the rest of the process.
 */
import * as tf from "@tensorflow/tfjs";
import { SimdCall, SimdPool, simdPoolOf } from "../../lib/backend/simd-pool";
import { threadedSimdPool } from "./threaded-pool";

let pool: SimdPool;

beforeAll(async () => {
  pool = await threadedSimdPool();
}, 60_000);

const image = () => tf.tensor4d(Array.from({ length: 2 * 8 * 8 * 4 }, (_, i) => Math.sin(0.37 * i)), [2, 8, 8, 4]);

async function onCpu(): Promise<Float32Array> {
  await tf.setBackend("cpu");
  const y = tf.tidy(() => tf.maxPool(image(), 2, 2, "valid"));
  const data = (await y.data()) as Float32Array;
  y.dispose();
  await tf.setBackend("wasm");
  return data;
}

it("a trap in the SIMD MaxPool: a clear error, a broken pool, then the other path with the right numbers, nothing else touched", async () => {
  await tf.setBackend("wasm");
  const expected = await onCpu();
  const bystander = tf.tensor1d([1.5, -2, 3.25, 7]);
  const x = image();
  const before = tf.memory().numTensors;
  const heapBytes = (tf.backend() as unknown as { wasm: { wasmMemory: WebAssembly.Memory } }).wasm.wasmMemory.buffer.byteLength;
  const runShared = pool.runShared.bind(pool);
  const runs = jest.spyOn(pool, "runShared");
  // The input's heap offset (the kernel's first argument) moved past the end of the heap: every share traps.
  runs.mockImplementationOnce((shares: SimdCall[]) => runShared(shares.map(({ fn, args }) => ({ fn, args: [heapBytes + 4096, ...args.slice(1)] }))));

  expect(() => tf.maxPool(x, 2, 2, "valid")).toThrow(/MaxPool failed on its simd path.*SIMD kernel maxPool failed in the calling thread: memory access out of bounds/);
  expect(pool.broken).toBeInstanceOf(Error);
  expect(simdPoolOf(tf.backend())).toBe(pool.broken);
  expect(tf.memory().numTensors).toBe(before);

  runs.mockClear();
  const y = tf.maxPool(x, 2, 2, "valid");
  expect(runs).not.toHaveBeenCalled();
  expect(await y.data()).toEqual(expected);
  expect([...(await bystander.data())]).toEqual([1.5, -2, 3.25, 7]);
  tf.dispose([x, y, bystander]);
  runs.mockRestore();
});
