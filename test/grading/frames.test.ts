/** Frames between the grader and a sandbox: reassembled from any chunking, refused above their cap before the body is read. */
import { encodeFrame, FrameReader, MAX_FRAME_BYTES, type FrameEvent } from "../../lib/grading/frames";
import { plainProblem, toPlain } from "../../lib/grading/plain";

function read(chunks: Buffer[]): FrameEvent[] {
  const events: FrameEvent[] = [];
  const reader = new FrameReader((e) => events.push(e));
  for (const c of chunks) reader.push(c);
  return events;
}

it("reassembles messages split across and merged into chunks, typed arrays included", () => {
  const a = encodeFrame({ kind: "ready" });
  const b = encodeFrame({ kind: "result", id: 1, ok: true, value: { shape: [2], data: new Float64Array([1.5, -2]) } }, "value");
  const all = Buffer.concat([a, b]);
  const bytewise = [...all].map((x) => Buffer.from([x]));
  for (const chunks of [[all], bytewise, [all.subarray(0, 3), all.subarray(3, 20), all.subarray(20)]]) {
    const events = read(chunks);
    expect(events.map((e) => e.kind)).toEqual(["message", "message"]);
    const value = (events[1] as { message: { value: { data: Float64Array } } }).message.value;
    // (v8.deserialize builds it in Node's own realm, not jest's: compare by tag)
    expect(Object.prototype.toString.call(value.data)).toBe("[object Float64Array]");
    expect([...value.data]).toEqual([1.5, -2]);
  }
});

it("refuses a frame above its class's cap from its header alone", () => {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(2 ** 30, 0);
  head.writeUInt8(1, 4);
  expect(read([head])).toEqual([{ kind: "oversized", bytes: 2 ** 30, frameClass: "value" }]);
  const control = Buffer.alloc(5);
  control.writeUInt32BE(MAX_FRAME_BYTES.control + 1, 0);
  expect(read([control])).toEqual([{ kind: "oversized", bytes: MAX_FRAME_BYTES.control + 1, frameClass: "control" }]);
});

it("refuses garbage and stops reading after it", () => {
  const garbage = Buffer.from([0, 0, 0, 3, 0, 1, 2, 3]);
  const events = read([garbage, encodeFrame({ kind: "ready" })]);
  expect(events).toHaveLength(1);
  expect(events[0].kind).toBe("malformed");
});

it("plain data: tensors become {shape, data}; functions, class instances and cycles are refused", () => {
  const tensorLike = { shape: [2], dataSync: () => new Float32Array([1, 2]) };
  expect(toPlain({ y: tensorLike, n: 3 }, "v")).toEqual({ y: { shape: [2], data: new Float32Array([1, 2]) }, n: 3 });
  expect(() => toPlain([() => 1], "what f returned")).toThrow("what f returned: the value[0] is a function, which cannot cross to the grader");
  expect(() => toPlain(new Map(), "v")).toThrow("the value is a Map");
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  expect(() => toPlain(cycle, "v")).toThrow("refers to itself");
  expect(plainProblem({ a: [1, "x", new Int32Array(2)] })).toBeNull();
  expect(plainProblem({ a: new Date() })).toBe("a Date");
  expect(plainProblem(JSON.parse("[".repeat(40) + "]".repeat(40)))).toBe("nested deeper than 32 levels");
});
