/**
 * Colour maps from values to RGB. Unsigned data (pixels, ReLU activations) uses grey;
 * signed data (kernels, pre-activation maps) uses a diverging blue-white-red map so
 * that zero is white and the sign is visible at a glance.
 */

export type Rgb = readonly [number, number, number];

/** Drawn for NaN or ±Infinity so that broken values stand out from any real data. */
export const NOT_FINITE_COLOUR: Rgb = [255, 0, 255];

/** Endpoints of the diverging map (ColorBrewer RdBu ends; white in the middle). */
export const DIVERGING_NEGATIVE: Rgb = [33, 102, 172];
export const DIVERGING_ZERO: Rgb = [255, 255, 255];
export const DIVERGING_POSITIVE: Rgb = [178, 24, 43];

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  Math.round(a[0] + (b[0] - a[0]) * t),
  Math.round(a[1] + (b[1] - a[1]) * t),
  Math.round(a[2] + (b[2] - a[2]) * t),
];

/** Grey: 0 → black, 1 → white (values outside 0..1 are clamped). */
export function grey(v: number): Rgb {
  if (!Number.isFinite(v)) return NOT_FINITE_COLOUR;
  const g = Math.round(clamp(v, 0, 1) * 255);
  return [g, g, g];
}

/** Diverging: −1 → blue, 0 → white, +1 → red, linear in between (clamped to −1..1). */
export function diverging(v: number): Rgb {
  if (!Number.isFinite(v)) return NOT_FINITE_COLOUR;
  const t = clamp(v, -1, 1);
  return t < 0 ? mix(DIVERGING_ZERO, DIVERGING_NEGATIVE, -t) : mix(DIVERGING_ZERO, DIVERGING_POSITIVE, t);
}

/** CSS colour string for an Rgb triple. */
export function css([r, g, b]: Rgb): string {
  return `rgb(${r},${g},${b})`;
}
