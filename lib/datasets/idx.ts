/**
 * IDX, the file format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/):
 *   bytes 0-1  zero;  byte 2  element type;  byte 3  number of dimensions d;
 *   then d big-endian uint32 sizes; then the elements, big-endian, row-major.
 * Files may be gzip-compressed (the official downloads are `.gz`); we detect that by the
 * gzip magic bytes 1f 8b, not by the file name.
 */
import * as fs from "fs";
import * as zlib from "zlib";

export type IdxDtype = "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";

/** The contents of one IDX file. */
export interface IdxFile {
  /** Sizes of each dimension, e.g. [60000, 28, 28] for MNIST training images. */
  dims: number[];
  dtype: IdxDtype;
  /** The elements in row-major order. For uint8 this is a view of the file's bytes (no copy). */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const TYPES: Record<number, { dtype: IdxDtype; bytes: number }> = {
  0x08: { dtype: "uint8", bytes: 1 },
  0x09: { dtype: "int8", bytes: 1 },
  0x0b: { dtype: "int16", bytes: 2 },
  0x0c: { dtype: "int32", bytes: 4 },
  0x0d: { dtype: "float32", bytes: 4 },
  0x0e: { dtype: "float64", bytes: 8 },
};

const hex = (b: number) => "0x" + b.toString(16).padStart(2, "0");

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Read an IDX file, raw or gzip-compressed. Errors name the file and the problem. */
export function readIdx(file: string): IdxFile {
  if (typeof file !== "string" || file === "") {
    throw new Error(`readIdx: path must be a non-empty string, got ${JSON.stringify(file)}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new Error(`readIdx: cannot read IDX file ${file}: ${(e as Error).message}`);
  }
  return parseIdx(bytes, file);
}

/** Parse IDX bytes (raw or gzip); `name` is used in error messages. */
export function parseIdx(bytes: Uint8Array, name: string): IdxFile {
  if (isGzip(bytes)) {
    try {
      bytes = zlib.gunzipSync(bytes);
    } catch (e) {
      throw new Error(`IDX file ${name}: gzip data is corrupt or truncated (${(e as Error).message})`);
    }
  }
  if (bytes.length < 4) {
    throw new Error(`IDX file ${name}: truncated: ${bytes.length} bytes, expected at least a 4-byte header`);
  }
  const type = TYPES[bytes[2]];
  if (bytes[0] !== 0 || bytes[1] !== 0 || type === undefined) {
    const got = [0, 1, 2, 3].map((i) => hex(bytes[i])).join(" ");
    throw new Error(
      `IDX file ${name}: wrong magic number ${got}, expected 0x00 0x00 <type> <ndims> with type one of ` +
        `${Object.keys(TYPES).map((t) => hex(Number(t))).join(", ")} (is this an IDX file?)`,
    );
  }
  const ndims = bytes[3];
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new Error(`IDX file ${name}: truncated: ${bytes.length} bytes, but the header of ${ndims} dimensions needs ${headerBytes}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * type.bytes;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? "truncated" : "has trailing bytes";
    throw new Error(
      `IDX file ${name}: ${what}: ${bytes.length} bytes, expected ${expected} ` +
        `(header ${headerBytes} + ${dims.join("x")} ${type.dtype} elements of ${type.bytes} bytes)`,
    );
  }
  return { dims, dtype: type.dtype, data: decodeElements(bytes, view, headerBytes, count, type.dtype) };
}

function decodeElements(bytes: Uint8Array, view: DataView, offset: number, count: number, dtype: IdxDtype): IdxFile["data"] {
  switch (dtype) {
    case "uint8":
      return bytes.subarray(offset, offset + count); // a view: the 47 MB of MNIST stay one copy
    case "int8":
      return new Int8Array(bytes.buffer, bytes.byteOffset + offset, count);
    case "int16": {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case "int32": {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case "float32": {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case "float64": {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}
