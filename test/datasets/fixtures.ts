/** Small hand-checkable data files written into a temp dir for the datasets tests. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";

export function tempDir(prefix = "cnnlab-datasets-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const TYPE_CODES = { uint8: 0x08, int8: 0x09, int16: 0x0b, int32: 0x0c, float32: 0x0d, float64: 0x0e } as const;
const TYPE_BYTES = { uint8: 1, int8: 1, int16: 2, int32: 4, float32: 4, float64: 8 } as const;
export type FixtureDtype = keyof typeof TYPE_CODES;

/** IDX bytes written with Buffer's big-endian writers (independent of the reader's DataView code). */
export function idxBytes(dtype: FixtureDtype, dims: number[], values: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = TYPE_CODES[dtype];
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  const body = Buffer.alloc(values.length * TYPE_BYTES[dtype]);
  values.forEach((v, i) => {
    const at = i * TYPE_BYTES[dtype];
    if (dtype === "uint8") body.writeUInt8(v, at);
    else if (dtype === "int8") body.writeInt8(v, at);
    else if (dtype === "int16") body.writeInt16BE(v, at);
    else if (dtype === "int32") body.writeInt32BE(v, at);
    else if (dtype === "float32") body.writeFloatBE(v, at);
    else body.writeDoubleBE(v, at);
  });
  return Buffer.concat([header, body]);
}

export function writeFile(dir: string, name: string, bytes: Uint8Array, gzip = false): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, gzip ? zlib.gzipSync(bytes) : bytes);
  return file;
}

/**
 * n tiny "MNIST" images of h x w: pixel (i, j) of image k is (k*16 + i*w + j) % 256, and
 * labels are k % 10 unless given.
 */
export function tinyIdxPair(n: number, h: number, w: number, labels?: number[]): { images: Buffer; labels: Buffer; pixel: (k: number, i: number, j: number) => number } {
  const pixel = (k: number, i: number, j: number) => (k * 16 + i * w + j) % 256;
  const values: number[] = [];
  for (let k = 0; k < n; k++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) values.push(pixel(k, i, j));
  const y = labels ?? Array.from({ length: n }, (_, k) => k % 10);
  return { images: idxBytes("uint8", [n, h, w], values), labels: idxBytes("uint8", [y.length], y), pixel };
}

/**
 * A CIFAR-10 binary batch of the given labels: in record r, channel c, pixel p (= i*32 + j)
 * holds (r + 3*p + c) % 256, so the HWC value at (i, j, c) is checkable by hand.
 */
export function cifarBatch(labels: number[]): { bytes: Buffer; pixel: (r: number, i: number, j: number, c: number) => number } {
  const pixel = (r: number, i: number, j: number, c: number) => (r + 3 * (i * 32 + j) + c) % 256;
  const bytes = Buffer.alloc(labels.length * 3073);
  labels.forEach((label, r) => {
    bytes[r * 3073] = label;
    for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) bytes[r * 3073 + 1 + c * 1024 + p] = pixel(r, Math.floor(p / 32), p % 32, c);
  });
  return { bytes, pixel };
}

/** All file names under dir, recursively (to assert that nothing half-written is left). */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}
