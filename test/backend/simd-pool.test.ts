/**
 * The SIMD pool's failure paths (lib/backend/simd-pool.ts), on a small module of faulty kernels
 * compiled here with AssemblyScript, on a shared memory of its own and two threads:
 * - a trap in the calling thread's share waits for the posted worker before it throws (the caller
 *   then frees memory that worker used): the worker's share is complete when the error arrives;
 * - a worker's trap reports the worker's message and the kernel's name;
 * - a worker that never finishes: the error names the kernel and says so, the pool is broken;
 * - after any of these the pool refuses further calls;
 * - a module with a data segment (which instantiating would copy into tfjs's heap) is refused.
 * What the wasm backend's kernels do with a broken pool is in simd-pool-fallback.test.ts.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { HeapInUseError } from "../../lib/backend/kernel-run";
import { SimdPool, assertNoDataSegment, createSimdPool } from "../../lib/backend/simd-pool";

/** Kernels that fail on purpose. A flag at `flag` tells the calling thread that the worker has started (so it is not cancelled). */
const FAULTS = `
export function waitFor(flag: usize): void { while (atomic.load<i32>(flag) == 0) {} }
export function waitThenTrap(flag: usize): void { waitFor(flag); unreachable(); }
export function startThenFill(flag: usize, at: usize, n: i32, rounds: i32): void {
  atomic.store<i32>(flag, 1);
  for (let r = 1; r <= rounds; r++) for (let i = 0; i < n; i++) atomic.store<i32>(at + (<usize>i << 2), r);
}
export function startThenTrap(flag: usize): void { atomic.store<i32>(flag, 1); unreachable(); }
export function startThenHang(flag: usize): void { atomic.store<i32>(flag, 1); while (atomic.load<i32>(flag) != 2) {} }
`;
/** The same with a string constant: AssemblyScript puts it in a data segment. */
const WITH_DATA = `export function size(): i32 { return "a static string".length; }`;

function compile(dir: string, name: string, source: string): Uint8Array {
  const file = path.join(dir, `${name}.ts`);
  fs.writeFileSync(file, source);
  const asc = path.join(__dirname, "../../node_modules/.bin/asc");
  const out = path.join(dir, `${name}.wasm`);
  const run = spawnSync(asc, [file, "--outFile", out, "-O3", "--runtime", "stub", "--use", "abort=", "--enable", "threads",
    "--importMemory", "--noExportMemory", "--sharedMemory", "--initialMemory", "0", "--maximumMemory", "16"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`asc failed: ${run.stderr}`);
  return fs.readFileSync(out);
}

let dir: string;
let faults: Uint8Array;
let withData: Uint8Array;
const pools: SimdPool[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-pool-"));
  faults = compile(dir, "faults", FAULTS);
  withData = compile(dir, "with-data", WITH_DATA);
}, 120_000);

afterAll(() => {
  for (const pool of pools) pool.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A two-thread pool of the faulty kernels on a fresh shared memory; `heap` views that memory. */
function faultyPool(timeoutMs = 60_000): { pool: SimdPool; heap: Int32Array } {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
  const pool = createSimdPool("faults", memory, 2, { bytes: faults, timeoutMs });
  pools.push(pool);
  return { pool, heap: new Int32Array(memory.buffer) };
}

const FLAG = 0;
const DATA = 64;
const WORDS = 1024;
const ROUNDS = 20_000;

describe("a failed call", () => {
  it("a trap in the calling thread's share: the error names the kernel, and comes only after the worker's share is complete", () => {
    const { pool, heap } = faultyPool();
    expect(() => pool.runShared([
      { fn: "waitThenTrap", args: [FLAG] },
      { fn: "startThenFill", args: [FLAG, DATA, WORDS, ROUNDS] },
    ])).toThrow(/SIMD kernel waitThenTrap failed in the calling thread: unreachable/);
    // Every word holds the last round: the worker had finished when runShared threw.
    expect(heap.subarray(DATA / 4, DATA / 4 + WORDS).every((v) => v === ROUNDS)).toBe(true);
    expect(pool.broken?.message).toMatch(/waitThenTrap/);
  });

  it("a trap in a worker: the error carries the worker's message and the kernel's name", () => {
    const { pool } = faultyPool();
    expect(() => pool.runShared([{ fn: "waitFor", args: [FLAG] }, { fn: "startThenTrap", args: [FLAG] }]))
      .toThrow(/SIMD kernel startThenTrap failed in worker thread 1: unreachable/);
    expect(pool.broken).toBeInstanceOf(Error);
  });

  it("a worker that does not finish: a HeapInUseError naming the kernel after the timeout, and the pool is closed", () => {
    const { pool, heap } = faultyPool(300);
    let thrown: unknown;
    try {
      pool.runShared([{ fn: "waitFor", args: [FLAG] }, { fn: "startThenHang", args: [FLAG] }]);
    } catch (err) {
      thrown = err;
    }
    Atomics.store(heap, FLAG, 2); // lets the thread go, should terminating it not have stopped it already
    expect(thrown).toBeInstanceOf(HeapInUseError);
    expect((thrown as Error).message).toMatch(/SIMD kernel startThenHang: worker 1 did not finish within 0.3 s/);
    expect(pool.broken).toBe(thrown);
  });

  it("after a failure the pool refuses every call, saying why", () => {
    const { pool } = faultyPool();
    expect(() => pool.runShared([{ fn: "waitThenTrap", args: [FLAG] }, { fn: "startThenFill", args: [FLAG, DATA, 1, 1] }])).toThrow();
    expect(() => pool.runShared([{ fn: "startThenFill", args: [FLAG, DATA, 1, 1] }]))
      .toThrow(/the SIMD kernel pool no longer runs kernels: cnnlab: SIMD kernel waitThenTrap failed/);
  });

  it("a call that succeeds leaves the pool usable", () => {
    const { pool, heap } = faultyPool();
    expect(pool.runShared([{ fn: "waitFor", args: [FLAG] }, { fn: "startThenFill", args: [FLAG, DATA, 8, 3] }])).toEqual([true, true]);
    expect([...heap.subarray(DATA / 4, DATA / 4 + 8)]).toEqual(Array(8).fill(3));
    expect(pool.broken).toBeUndefined();
  });
});

describe("the module's data segment", () => {
  it("a module with a data segment is refused before it is instantiated on the heap", () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
    expect(() => createSimdPool("with-data", memory, 1, { bytes: withData })).toThrow(/has a data segment/);
  });

  it("the faulty module and the built kernels have none", () => {
    expect(() => assertNoDataSegment(faults, "faults")).not.toThrow();
    for (const file of ["kernels.wasm", "kernels-unshared.wasm"]) {
      const bytes = fs.readFileSync(path.join(__dirname, "../../dist/simd", file));
      expect(() => assertNoDataSegment(bytes, file)).not.toThrow();
    }
  });

  it("bytes that are not a module are refused", () => {
    expect(() => assertNoDataSegment(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), "junk")).toThrow(/junk is not a WebAssembly module/);
  });
});
