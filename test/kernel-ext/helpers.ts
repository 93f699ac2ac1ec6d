/** Shared test helpers: capture bundles, decode PNGs. */
import { PNG } from "pngjs";
import { inflateSync } from "zlib";
import { MimeBundle, __captureDisplays } from "../../kernel-ext/display";

/**
 * Runs `fn` and returns the bundles it displayed, typed for reading their text and image
 * types as strings; a JSON type (a chart's Plotly spec) is read with `jsonOf`.
 */
export async function bundlesOf(fn: () => unknown): Promise<MimeBundle[]> {
  return (await __captureDisplays(fn)).map((o) => o.bundle as unknown as MimeBundle);
}

/** A JSON MIME type's value (e.g. application/vnd.plotly.v1+json) of a captured bundle. */
export function jsonOf(bundle: MimeBundle, mime: string): unknown {
  return (bundle as unknown as Record<string, unknown>)[mime];
}

/** Decodes a bundle's base64 image/png. */
export function decodePng(bundle: MimeBundle): PNG {
  const b64 = bundle["image/png"];
  if (!b64) throw new Error(`bundle has no image/png (keys: ${Object.keys(bundle).join(", ")})`);
  return PNG.sync.read(Buffer.from(b64, "base64"));
}

/** RGBA of pixel (x, y). */
export function pixel(png: PNG, x: number, y: number): number[] {
  const k = (y * png.width + x) * 4;
  return Array.from(png.data.subarray(k, k + 4));
}

/**
 * The image of a bundle's base64 application/pdf as written by kernel-ext/pdf.ts (one image XObject,
 * DeviceRGB, Flate), returned with 4 channels so `pixel` reads it like a PNG. Checks the file's
 * cross-reference table on the way: each offset must point at its object.
 */
export function decodePdfImage(bundle: MimeBundle): { width: number; height: number; data: Buffer } {
  const b64 = (bundle as unknown as Record<string, string>)["application/pdf"];
  if (!b64) throw new Error(`bundle has no application/pdf (keys: ${Object.keys(bundle).join(", ")})`);
  const pdf = Buffer.from(b64, "base64");
  const text = pdf.toString("latin1");
  if (!text.startsWith("%PDF-1.4\n") || !text.trimEnd().endsWith("%%EOF")) throw new Error("not a PDF 1.4 file");
  const startxref = Number(/startxref\n(\d+)\n%%EOF\s*$/.exec(text)?.[1]);
  const table = /^xref\n0 (\d+)\n([\s\S]*?)trailer/.exec(text.slice(startxref));
  if (!table) throw new Error(`no cross-reference table at startxref ${startxref}`);
  const entries = table[2].match(/\d{10} \d{5} [nf]\r\n/g) ?? [];
  if (entries.length !== Number(table[1])) throw new Error(`xref lists ${entries.length} entries, its header ${table[1]}`);
  entries.slice(1).forEach((entry, k) => {
    const at = Number(entry.slice(0, 10));
    if (!text.startsWith(`${k + 1} 0 obj\n`, at)) throw new Error(`xref entry ${k + 1} points at ${JSON.stringify(text.slice(at, at + 12))}`);
  });
  const head = /\/Subtype \/Image \/Width (\d+) \/Height (\d+) \/ColorSpace \/DeviceRGB \/BitsPerComponent 8 \/Filter \/FlateDecode \/Length (\d+) >>\nstream\n/.exec(text);
  if (!head) throw new Error("no RGB image XObject");
  const [width, height, length] = head.slice(1).map(Number);
  const start = head.index + head[0].length;
  const rgb = inflateSync(pdf.subarray(start, start + length));
  if (rgb.length !== width * height * 3) throw new Error(`image holds ${rgb.length} bytes, expected ${width * height * 3}`);
  const data = Buffer.alloc(width * height * 4, 255);
  for (let p = 0; p < width * height; p++) rgb.copy(data, p * 4, p * 3, p * 3 + 3);
  return { width, height, data };
}
