/**
 * Pictures: H×W grey or H×W×3 colour arrays of raw values, their normalisation to a
 * colour map (with notes saying what was done), and rasterisation at display size.
 */
import { Dense, Values, describeShape, finiteRange } from "./dense";
import { NOT_FINITE_COLOUR, Rgb, diverging, grey } from "./colormap";
import { Raster } from "./png";
import { t } from "../lib/i18n/t";

export interface Picture {
  height: number;
  width: number;
  channels: 1 | 3;
  /** Raw values, row-major, channels last. */
  data: Values;
}

export type ColormapName = "auto" | "grey" | "diverging";

/** Longer side (px) that small images are enlarged to, by an integer nearest-neighbour factor. */
export const DEFAULT_MIN_SIDE = 112;
/** Longer side (px) above which images are shrunk before encoding. */
export const MAX_SIDE = 1024;

/** One picture from a 2D (H×W) or 3D (H×W×1, H×W×3) array; anything else is an error naming `argName`. */
export function pictureFromDense({ shape, data }: Dense, argName: string): Picture {
  const [height, width, channels = 1] = shape;
  const rankOk = shape.length === 2 || shape.length === 3;
  if (!rankOk || (channels !== 1 && channels !== 3) || height === 0 || width === 0) {
    throw new Error(
      `${argName}: expected an image of shape [height, width], [height, width, 1] or [height, width, 3], ` +
        `received shape ${describeShape(shape)}`,
    );
  }
  return { height, width, channels, data };
}

/** Splits a batch [N, H, W], [N, H, W, 1] or [N, H, W, 3] into pictures. */
export function picturesFromBatch({ shape, data }: Dense, argName: string): Picture[] {
  if (shape.length !== 3 && shape.length !== 4) {
    throw new Error(
      `${argName}: expected a batch of images of shape [n, height, width] or [n, height, width, channels], ` +
        `received shape ${describeShape(shape)}`,
    );
  }
  const [n, ...imageShape] = shape;
  const size = imageShape.reduce((a, b) => a * b, 1);
  const pictures: Picture[] = [];
  for (let k = 0; k < n; k++) {
    const slice = { shape: imageShape, data: data.subarray(k * size, (k + 1) * size) };
    pictures.push(pictureFromDense(slice, `${argName}[${k}]`));
  }
  return pictures;
}

/** How raw values map to colours; shared by all pictures of a grid when they are compared. */
export interface ColourScale {
  /** Colour of a single-channel value. */
  colour: (v: number) => Rgb;
  /** Intensity 0..1 of one channel of a colour pixel. */
  toUnit: (v: number) => number;
  notes: string[];
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(3));

/** Chooses the colour scale for `pictures` from the range of their finite values. */
export function chooseScale(pictures: Picture[], colormap: ColormapName): ColourScale {
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  let integers = true;
  for (const p of pictures) {
    const r = finiteRange(p.data);
    nonFinite += r.nonFinite;
    integers &&= r.integers;
    if (r.min < min) min = r.min;
    if (r.max > max) max = r.max;
  }
  const notes: string[] = [];
  if (nonFinite > 0) notes.push(t("image.notFinite", { count: nonFinite }));
  if (!(min <= max)) {
    min = 0;
    max = 1;
  }
  const colourChannels = pictures.some((p) => p.channels === 3);
  const useDiverging = !colourChannels && (colormap === "diverging" || (colormap === "auto" && min < 0));
  if (useDiverging) {
    const maxAbs = Math.max(Math.abs(min), Math.abs(max)) || 1;
    notes.push(t("image.signed", { max: fmt(maxAbs) }));
    return { colour: (v) => diverging(v / maxAbs), toUnit: (v) => (v / maxAbs + 1) / 2, notes };
  }
  let toUnit: (v: number) => number;
  if (min >= 0 && max <= 1) {
    toUnit = (v) => v;
  } else if (min >= 0 && max <= 255 && integers) {
    // Whole numbers in 0..255 are a byte image; other non-negative values (ReLU feature maps) are stretched below.
    toUnit = (v) => v / 255;
    notes.push(t("image.bytes"));
  } else {
    const span = max - min || 1;
    toUnit = (v) => (v - min) / span;
    notes.push(t("image.rescaled", { min: fmt(min), max: fmt(max) }));
  }
  return { colour: (v) => grey(toUnit(v)), toUnit, notes };
}

/** RGBA of source pixel k of `p`. */
function pixelColour(p: Picture, scale: ColourScale, k: number, out: Uint8Array, at: number): void {
  if (p.channels === 1) {
    out.set(scale.colour(p.data[k]), at);
  } else {
    const r = p.data[k * 3];
    const g = p.data[k * 3 + 1];
    const b = p.data[k * 3 + 2];
    // A colour pixel with any non-finite channel is drawn whole in the alarm colour.
    if (Number.isFinite(r) && Number.isFinite(g) && Number.isFinite(b)) {
      out[at] = grey(scale.toUnit(r))[0];
      out[at + 1] = grey(scale.toUnit(g))[0];
      out[at + 2] = grey(scale.toUnit(b))[0];
    } else {
      out.set(NOT_FINITE_COLOUR, at);
    }
  }
  out[at + 3] = 255;
}

/**
 * Draws `p` at width × height (default: its own size), sampling the nearest source pixel.
 * Enlarging colours each source pixel once and copies; shrinking colours only what is drawn.
 */
export function rasterize(p: Picture, scale: ColourScale, width = p.width, height = p.height): Raster {
  const rgba = new Uint8Array(width * height * 4);
  let source: Uint8Array | null = null;
  if (width * height > p.width * p.height) {
    source = new Uint8Array(p.width * p.height * 4);
    for (let k = 0; k < p.width * p.height; k++) pixelColour(p, scale, k, source, k * 4);
  }
  for (let i = 0; i < height; i++) {
    const si = Math.min(p.height - 1, Math.floor((i * p.height) / height));
    for (let j = 0; j < width; j++) {
      const sj = Math.min(p.width - 1, Math.floor((j * p.width) / width));
      const k = si * p.width + sj;
      const at = (i * width + j) * 4;
      if (source) rgba.set(source.subarray(k * 4, k * 4 + 4), at);
      else pixelColour(p, scale, k, rgba, at);
    }
  }
  return { width, height, rgba };
}

/** Display size: small images enlarged by an integer factor, huge ones shrunk (with a note). */
export function displaySize(height: number, width: number, minSide = DEFAULT_MIN_SIDE): { height: number; width: number; note?: string } {
  const side = Math.max(height, width);
  if (side > MAX_SIDE) {
    const shrink = Math.ceil(side / MAX_SIDE);
    const h = Math.max(1, Math.floor(height / shrink));
    const w = Math.max(1, Math.floor(width / shrink));
    return { height: h, width: w, note: t("image.downscaled", { from: `${height}×${width}`, to: `${h}×${w}` }) };
  }
  const factor = Math.max(1, Math.floor(minSide / side));
  return { height: height * factor, width: width * factor };
}

/** Rasterises at display size; returns the raster and any size note. */
export function renderPicture(p: Picture, scale: ColourScale, minSide = DEFAULT_MIN_SIDE): { raster: Raster; note?: string } {
  const size = displaySize(p.height, p.width, minSide);
  return { raster: rasterize(p, scale, size.width, size.height), note: size.note };
}
