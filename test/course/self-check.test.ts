/**
 * selfCheck: every verdict kind (right, wrong shape, wrong sign, off by a factor, wrong value,
 * not done yet, async answers), one printed line that never contains the expected value, and a
 * record {selfCheck: {name, status}} per call.
 */
import { __captureDisplays } from "../../kernel-ext/display";
import { RECORD_MIME } from "../../lib/course/record";
import { selfCheck, type SelfCheckStatus } from "../../lib/course/self-check";

/** Runs one self-check; returns its recorded verdict, the lines it printed and the records it sent. */
async function run(fn: () => void | Promise<void>): Promise<{ result: { status: SelfCheckStatus }; lines: string[]; records: unknown[] }> {
  const lines: string[] = [];
  const log = jest.spyOn(console, "log").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
  try {
    const shown = await __captureDisplays(async () => {
      expect(await fn()).toBeUndefined();
    });
    const records = shown.map((o) => (o.bundle as Record<string, unknown>)[RECORD_MIME]) as { selfCheck: { status: SelfCheckStatus } }[];
    expect(records).toHaveLength(1);
    expect(lines).toHaveLength(1);
    return { result: records[0].selfCheck, lines, records };
  } finally {
    log.mockRestore();
  }
}

const expected = [[1.25, -3.5], [7.75, 0.5]];

describe("selfCheck verdicts", () => {
  it("right: within tol·(1 + |expected|), for nested arrays, typed arrays, {shape, data} and scalars", async () => {
    const r = await run(() => selfCheck("Exercise 1.1", () => [[1.25 + 1e-6, -3.5], [7.75, 0.5]], expected));
    expect(r.lines).toEqual(["✓ Exercise 1.1: right"]);
    expect(r.records).toEqual([{ selfCheck: { name: "Exercise 1.1", status: "right" } }]);
    expect((await run(() => selfCheck("e", () => ({ shape: [2, 2], data: new Float32Array([1.25, -3.5, 7.75, 0.5]) }), expected))).result.status).toBe("right");
    expect((await run(() => selfCheck("e", () => 28, 28))).result.status).toBe("right");
    expect((await run(() => selfCheck("e", () => 28.1, 28, { tol: 0.01 }))).result.status).toBe("right");
  });

  it("wrong shape: a different rank names the expected rank only; a different size names both shapes", async () => {
    const rank = await run(() => selfCheck("Exercise 1.2", () => [1.25, -3.5, 7.75, 0.5], expected));
    expect(rank.lines).toEqual(["✗ Exercise 1.2: wrong shape — expected 2 dimensions [?, ?], got 1 dimension [4]"]);
    expect(rank.records).toEqual([{ selfCheck: { name: "Exercise 1.2", status: "wrong" } }]);
    const size = await run(() => selfCheck("Exercise 1.2", () => [[1.25, -3.5, 0]], expected));
    expect(size.lines).toEqual(["✗ Exercise 1.2: wrong shape — expected shape [2,2], got [1,3]"]);
    const scalar = await run(() => selfCheck("Exercise 1.2", () => [28], 28));
    expect(scalar.lines).toEqual(["✗ Exercise 1.2: wrong shape — expected a single number, got 1 dimension [1]"]);
  });

  it("wrong sign", async () => {
    const r = await run(() => selfCheck("Exercise 1.3", () => expected.map((row) => row.map((x) => -x)), expected));
    expect(r.lines).toEqual(["✗ Exercise 1.3: wrong sign"]);
    expect(r.result.status).toBe("wrong");
  });

  it("off by a factor: says about how much and in which direction (and with a wrong sign too)", async () => {
    const twice = await run(() => selfCheck("Exercise 1.4", () => expected.map((row) => row.map((x) => 2 * x)), expected));
    expect(twice.lines).toEqual(["✗ Exercise 1.4: off by a factor of about 2 (too large)"]);
    const third = await run(() => selfCheck("Exercise 1.4", () => 9, 27));
    expect(third.lines).toEqual(["✗ Exercise 1.4: off by a factor of about 3 (too small)"]);
    const negHalf = await run(() => selfCheck("Exercise 1.4", () => expected.map((row) => row.map((x) => -0.5 * x)), expected));
    expect(negHalf.lines).toEqual(["✗ Exercise 1.4: wrong sign and off by a factor of about 2 (too small)"]);
  });

  it("not the expected value: anything else (close-but-outside-tol is said so); NaN is named", async () => {
    const other = await run(() => selfCheck("Exercise 1.5", () => [[1, 2], [3, 4]], expected));
    expect(other.lines).toEqual(["✗ Exercise 1.5: not the expected value"]);
    const close = await run(() => selfCheck("Exercise 1.5", () => 100.5, 100));
    expect(close.lines).toEqual(["✗ Exercise 1.5: not the expected value — close, but not within the tolerance 0.0001"]);
    const nan = await run(() => selfCheck("Exercise 1.5", () => [NaN, 1], [1, 1]));
    expect(nan.lines).toEqual(["✗ Exercise 1.5: not the expected value — the answer contains NaN"]);
  });

  it("text ignores case and surrounding space; booleans must be booleans; wrong types are named", async () => {
    expect((await run(() => selfCheck("e", () => " Valid ", "valid"))).result.status).toBe("right");
    expect((await run(() => selfCheck("e", () => "same", "valid"))).lines).toEqual(["✗ e: not the expected value"]);
    expect((await run(() => selfCheck("e", () => true, true))).result.status).toBe("right");
    expect((await run(() => selfCheck("e", () => 1, true))).lines).toEqual(["✗ e: wrong type — expected true or false, got a number"]);
    expect((await run(() => selfCheck("e", () => "28", 28))).lines).toEqual(["✗ e: wrong type — expected a number, got text"]);
  });

  it("objects are checked field by field and the message names the field", async () => {
    const want = { out: 24, params: 156 };
    expect((await run(() => selfCheck("e", () => ({ out: 24, params: 156, extra: 1 }), want))).result.status).toBe("right");
    expect((await run(() => selfCheck("e", () => ({ out: 24, params: -156 }), want))).lines).toEqual(["✗ e: params: wrong sign"]);
    expect((await run(() => selfCheck("e", () => ({ out: 24 }), want))).lines).toEqual(["✗ e: params: missing from the answer"]);
  });

  it("not done yet: the stub's error, or undefined; another error is a wrong answer that names it", async () => {
    const stub = await run(() =>
      selfCheck("Exercise 1.6", () => {
        throw new Error("not implemented");
      }, expected),
    );
    expect(stub.lines).toEqual(["… Exercise 1.6: not done yet"]);
    expect(stub.records).toEqual([{ selfCheck: { name: "Exercise 1.6", status: "not-done" } }]);
    expect((await run(() => selfCheck("Exercise 1.6", () => undefined, expected))).result.status).toBe("not-done");
    const bug = await run(() =>
      selfCheck("Exercise 1.6", () => {
        throw new TypeError("x is not a function");
      }, expected),
    );
    expect(bug.lines).toEqual(["✗ Exercise 1.6: your answer threw an error: x is not a function"]);
    expect(bug.result.status).toBe("wrong");
  });

  it("async answers: returns a Promise, judged like sync ones, rejections with the stub's error are not done", async () => {
    const right = await run(() => {
      const p = selfCheck("Exercise 1.7", async () => expected, expected);
      expect(p).toBeInstanceOf(Promise);
      return p;
    });
    expect(right.lines).toEqual(["✓ Exercise 1.7: right"]);
    const neg = await run(() => selfCheck("Exercise 1.7", () => Promise.resolve(-28), 28));
    expect(neg.lines).toEqual(["✗ Exercise 1.7: wrong sign"]);
    const stub = await run(() => selfCheck("Exercise 1.7", async () => { throw new Error("not implemented"); }, 28));
    expect(stub.lines).toEqual(["… Exercise 1.7: not done yet"]);
    expect(stub.records).toEqual([{ selfCheck: { name: "Exercise 1.7", status: "not-done" } }]);
  });

  it("reads tf tensors", async () => {
    const tf = await import("@tensorflow/tfjs");
    const t = tf.tensor2d(expected);
    try {
      expect((await run(() => selfCheck("e", () => t, expected))).result.status).toBe("right");
      expect((await run(() => selfCheck("e", () => t, expected.map((r) => r.map((x) => x / 2))))).lines).toEqual(["✗ e: off by a factor of about 2 (too large)"]);
    } finally {
      t.dispose();
    }
  });

  it("never prints the expected value, whatever the wrong answer", async () => {
    const secret = 731.0625;
    const wrongs: unknown[] = [secret * 2, -secret, secret + 1, [secret], "731.0625?", { v: 1 }, null, 732];
    for (const answer of wrongs) {
      const r = await run(() => selfCheck("e", () => answer, secret));
      expect(r.result.status).toBe("wrong");
      expect(r.lines.join("\n")).not.toContain("731.06");
      expect(r.lines.join("\n")).not.toContain("1462");
    }
    const obj = await run(() => selfCheck("e", () => ({ a: 1 }), { a: secret }));
    expect(obj.lines.join("\n")).not.toContain("731");
  });

  it("fails fast on a misuse: no name, answer not a function, bad tol", () => {
    expect(() => selfCheck("", () => 1, 1)).toThrow(/name must name the exercise/);
    expect(() => selfCheck("e", 28 as unknown as () => unknown, 28)).toThrow(/answer must be a function/);
    expect(() => selfCheck("e", () => 1, 1, { tol: -1 })).toThrow(/tol must be a number >= 0/);
  });
});
