/** RGBA rasters: creation, composition into montages, PNG encoding (pngjs). */
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
  for (let c = 0; c < 4; c++) {
    if (fill[c] === 0) continue;
    for (let k = c; k < rgba.length; k += 4) rgba[k] = fill[c];
  }
  return { width, height, rgba };
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
