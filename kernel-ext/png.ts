/** RGBA raster → PNG, with nearest-neighbour resizing so small images stay crisp. */
import { PNG } from "pngjs";

/** An 8-bit RGBA raster, row-major. */
export interface Raster {
  width: number;
  height: number;
  /** width * height * 4 bytes. */
  rgba: Uint8Array;
}

export function createRaster(width: number, height: number, fill: readonly number[] = [255, 255, 255, 255]): Raster {
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) rgba.set(fill, p * 4);
  return { width, height, rgba };
}

/** Nearest-neighbour resize to width × height (used to enlarge, and to shrink huge images). */
export function resizeNearest(src: Raster, width: number, height: number): Raster {
  const out = new Uint8Array(width * height * 4);
  for (let i = 0; i < height; i++) {
    const si = Math.min(src.height - 1, Math.floor((i * src.height) / height));
    for (let j = 0; j < width; j++) {
      const sj = Math.min(src.width - 1, Math.floor((j * src.width) / width));
      const s = (si * src.width + sj) * 4;
      out.set(src.rgba.subarray(s, s + 4), (i * width + j) * 4);
    }
  }
  return { width, height, rgba: out };
}

/** Copies `src` into `dst` with its top-left corner at (top, left). */
export function blit(dst: Raster, src: Raster, top: number, left: number): void {
  for (let i = 0; i < src.height; i++) {
    const row = src.rgba.subarray(i * src.width * 4, (i + 1) * src.width * 4);
    dst.rgba.set(row, ((top + i) * dst.width + left) * 4);
  }
}

export function encodePng(raster: Raster): Buffer {
  const png = new PNG({ width: raster.width, height: raster.height });
  png.data = Buffer.from(raster.rgba.buffer, raster.rgba.byteOffset, raster.rgba.byteLength);
  return PNG.sync.write(png);
}
