/** Shared test helpers: capture bundles, decode PNGs. */
import { PNG } from "pngjs";
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
