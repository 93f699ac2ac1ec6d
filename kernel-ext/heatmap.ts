/**
 * `show.heatmapOverlay`: a saliency / Grad-CAM / occlusion map laid over the image it explains. The
 * image is drawn in grey (or its own colours), the map is scaled to 0..1 (by its largest |value|, so
 * zero stays the colour map's low end) and resampled to the image's size, then blended:
 *   pixel = (1 − α·m) · image + α·m · colour(m),   m the map value at that pixel,
 * so where the map is zero the image shows through untouched.
 */
import { MimeBundle, escapeHtml } from "./display";
import { NumericInput, describeShape, toDense } from "./dense";
import { Rgb } from "./colormap";
import { DEFAULT_MIN_SIDE, chooseScale, pictureFromDense, renderPicture } from "./picture";
import { encodePng } from "./png";
import { quotedTitle } from "./image";
import { t as tr } from "../lib/i18n/t";

/** Options of `show.heatmapOverlay`. */
export interface HeatmapOverlayArgs {
  /** Strength of the map's colour where the map is largest, 0..1. Default 0.6. */
  alpha?: number;
  /** "jet" (blue → red), "hot" (black → red → yellow → white) or "viridis". Default "jet". */
  colormap?: "jet" | "hot" | "viridis";
  /** Caption. Default: none. */
  title?: string;
  /** Small images are enlarged until the longer side reaches this many px. Default 112. */
  minSide?: number;
}

const ANCHORS: Record<NonNullable<HeatmapOverlayArgs["colormap"]>, Rgb[]> = {
  jet: [[0, 0, 143], [0, 0, 255], [0, 255, 255], [255, 255, 0], [255, 0, 0], [128, 0, 0]],
  hot: [[11, 0, 0], [230, 0, 0], [255, 210, 0], [255, 255, 255]],
  viridis: [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]],
};

/** The colour map at t ∈ [0, 1], linear between evenly spaced anchors. */
export function heatColour(name: NonNullable<HeatmapOverlayArgs["colormap"]>, t: number): Rgb {
  const anchors = ANCHORS[name];
  const x = Math.min(1, Math.max(0, t)) * (anchors.length - 1);
  const i = Math.min(anchors.length - 2, Math.floor(x));
  const f = x - i;
  return [0, 1, 2].map((c) => Math.round(anchors[i][c] + (anchors[i + 1][c] - anchors[i][c]) * f)) as unknown as Rgb;
}

export function heatmapOverlayBundle(image: NumericInput, map: NumericInput, args: HeatmapOverlayArgs = {}): MimeBundle {
  const alpha = args.alpha ?? 0.6;
  if (typeof alpha !== "number" || !(alpha >= 0 && alpha <= 1)) throw new Error(`alpha: expected a number in [0, 1], received ${JSON.stringify(args.alpha)}`);
  const colormap = args.colormap ?? "jet";
  if (!(colormap in ANCHORS)) throw new Error(`colormap: expected "jet", "hot" or "viridis", received ${JSON.stringify(args.colormap)}`);
  const img = toDense(image, "image");
  if (img.shape.length === 4 && img.shape[0] === 1) img.shape = img.shape.slice(1);
  const picture = pictureFromDense(img, "image");
  const m = toDense(map, "map");
  const mShape = m.shape.length === 3 && m.shape[2] === 1 ? m.shape.slice(0, 2) : m.shape.length === 3 && m.shape[0] === 1 ? m.shape.slice(1) : m.shape;
  if (mShape.length !== 2) throw new Error(`map: expected a map of shape [height, width] (any size; it is resampled to the image), received shape ${describeShape(m.shape)}`);
  const [mh, mw] = mShape;
  let peak = 0;
  for (const v of m.data) if (Number.isFinite(v)) peak = Math.max(peak, Math.abs(v));
  const { raster, note } = renderPicture(picture, chooseScale([picture], picture.channels === 3 ? "auto" : "grey"), args.minSide ?? DEFAULT_MIN_SIDE);
  for (let i = 0; i < raster.height; i++) {
    const mi = Math.min(mh - 1, Math.floor((i * mh) / raster.height));
    for (let j = 0; j < raster.width; j++) {
      const v = m.data[mi * mw + Math.min(mw - 1, Math.floor((j * mw) / raster.width))];
      const t = peak > 0 && Number.isFinite(v) ? Math.abs(v) / peak : 0;
      const colour = heatColour(colormap, t);
      const w = alpha * t;
      const at = (i * raster.width + j) * 4;
      for (let c = 0; c < 3; c++) raster.rgba[at + c] = Math.round((1 - w) * raster.rgba[at + c] + w * colour[c]);
    }
  }
  const png = encodePng(raster);
  const description =
    tr("image.overlay", { map: `${mh}×${mw}`, size: `${picture.height}×${picture.width}` }) + quotedTitle(args.title) + (note ? ` (${note})` : "");
  const caption = args.title ? `<figcaption>${escapeHtml(args.title)}</figcaption>` : "";
  return {
    "text/plain": description,
    "image/png": png.toString("base64"),
    "text/html": `<figure style="margin:0;display:inline-block;text-align:center"><img src="data:image/png;base64,${png.toString("base64")}" width="${raster.width}" height="${raster.height}" alt="${escapeHtml(description)}">${caption}</figure>`,
  };
}
