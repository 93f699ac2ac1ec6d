/** record(): a display bundle with only the record MIME type, nothing printed, bad values rejected by name. */
import { __captureDisplays } from "../../kernel-ext/display";
import { record, RECORD_MIME } from "../../lib/course/record";

describe("record", () => {
  it("sends one bundle whose only data is the record, as JSON (typed arrays become arrays)", async () => {
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const shown = await __captureDisplays(() => record({ accuracy: 0.98, shape: [2, 3], w: new Float32Array([0.5, -1]), nested: { ok: true, name: "x" } }));
      expect(shown).toHaveLength(1);
      expect(Object.keys(shown[0].bundle)).toEqual([RECORD_MIME]);
      expect(shown[0].bundle[RECORD_MIME]).toEqual({ accuracy: 0.98, shape: [2, 3], w: [0.5, -1], nested: { ok: true, name: "x" } });
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });

  it("outside a kernel prints nothing (students and terminals never see raw JSON)", () => {
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      record({ a: 1 });
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });

  it("rejects values JSON cannot hold, naming the key", () => {
    expect(() => record({ loss: NaN })).toThrow(/values\.loss is NaN/);
    expect(() => record({ xs: [1, Infinity] })).toThrow(/values\.xs\[1\] is Infinity/);
    expect(() => record({ t: new Map() })).toThrow(/values\.t is a Map/);
    expect(() => record([1, 2] as unknown as Record<string, unknown>)).toThrow(/must be a plain object/);
  });
});
