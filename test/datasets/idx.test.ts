import * as fs from "fs";
import * as path from "path";
import { datasets } from "../../lib";
import { idxBytes, tempDir, writeFile, FixtureDtype } from "./fixtures";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("readIdx", () => {
  // Values chosen to exercise sign and byte order (e.g. 258 = 0x0102 reads back wrong if little-endian).
  it.each<[FixtureDtype, number[]]>([
    ["uint8", [0, 1, 127, 255, 7, 9]],
    ["int8", [-128, -1, 0, 1, 127, 5]],
    ["int16", [-32768, -2, 258, 0, 32767, 1]],
    ["int32", [-2147483648, -1, 16909060, 0, 2147483647, 3]],
    ["float32", [0.5, -1.25, 3, 1e-3, -7, 1024]],
    ["float64", [Math.PI, -Math.E, 1e-300, 0, -1, 2 ** 40]],
  ])("reads %s elements of a 2x3 file, raw and gzip", (dtype, values) => {
    for (const gzip of [false, true]) {
      const file = writeFile(dir, `${dtype}-${gzip}.idx`, idxBytes(dtype, [2, 3], values), gzip);
      const idx = datasets.readIdx(file);
      expect(idx.dims).toEqual([2, 3]);
      expect(idx.dtype).toBe(dtype);
      // float32 values are compared at float32 precision; every other type exactly.
      const expected = dtype === "float32" ? Array.from(Float32Array.from(values)) : values;
      expect(Array.from(idx.data)).toEqual(expected);
    }
  });

  it("reads a 3-D [2, 2, 2] uint8 file in row-major order", () => {
    const file = writeFile(dir, "cube.idx", idxBytes("uint8", [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]));
    const idx = datasets.readIdx(file);
    expect(idx.dims).toEqual([2, 2, 2]);
    expect(idx.data[1 * 4 + 1 * 2 + 0]).toBe(7); // element [1][1][0]
  });

  const good = idxBytes("uint8", [2, 3], [1, 2, 3, 4, 5, 6]);
  it.each<[string, Buffer, boolean, RegExp]>([
    ["truncated data", good.subarray(0, good.length - 1), false, /truncated: 17 bytes, expected 18/],
    ["truncated header", good.subarray(0, 6), false, /truncated: 6 bytes, but the header of 2 dimensions needs 12/],
    ["shorter than the magic number", good.subarray(0, 3), false, /truncated: 3 bytes/],
    ["trailing bytes", Buffer.concat([good, Buffer.from([0])]), false, /trailing bytes: 19 bytes, expected 18/],
    ["wrong magic number (a PNG)", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), false, /wrong magic number 0x89 0x50 0x4e 0x47/],
    ["unknown element type 0x07", Buffer.from([0, 0, 0x07, 1, 0, 0, 0, 0]), false, /wrong magic number 0x00 0x00 0x07 0x01/],
    ["truncated gzip file", good, true, /gzip data is corrupt or truncated/],
  ])("rejects %s, naming the file", (_, bytes, truncateGzip, message) => {
    const name = `bad-${Math.random().toString(36).slice(2)}.idx`;
    let file = writeFile(dir, name, bytes, truncateGzip);
    if (truncateGzip) {
      const gz = fs.readFileSync(file);
      file = writeFile(dir, name, gz.subarray(0, gz.length - 8));
    }
    expect(() => datasets.readIdx(file)).toThrow(message);
    expect(() => datasets.readIdx(file)).toThrow(file);
  });

  it("says which file could not be read", () => {
    const missing = path.join(dir, "no-such-file.idx");
    expect(() => datasets.readIdx(missing)).toThrow(`cannot read IDX file ${missing}`);
  });

  it("rejects a path that is not a string", () => {
    expect(() => datasets.readIdx(42 as unknown as string)).toThrow("readIdx: path must be a non-empty string, got 42");
  });
});
