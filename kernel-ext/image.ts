/** Bundles for images and image grids: PNG (pngjs) plus HTML with captions and notes. */
import { MimeBundle, escapeHtml } from "./display";
import { Dense, NumericInput, toDense } from "./dense";
import { ColormapName, DEFAULT_MIN_SIDE, Picture, chooseScale, pictureFromDense, picturesFromBatch, rasterize, renderPicture } from "./picture";
import { blit, createRaster, encodePng } from "./png";
import { t } from "../lib/i18n/t";

/** Options of `show.image`. */
export interface ImageArgs {
  /** Caption shown under the image. Default: none. */
  title?: string;
  /** "auto" (grey; blue-white-red when values are signed), "grey" or "diverging". Default "auto". */
  colormap?: ColormapName;
  /** Small images are enlarged (nearest neighbour, integer factor) until the longer side reaches this many px. Default 112. */
  minSide?: number;
}

/** Options of `show.grid`. */
export interface GridArgs extends ImageArgs {
  /** One caption per image, e.g. "7→2" for a misclassified digit. Default: none. */
  labels?: readonly string[];
  /** Images per row. Default: min(count, 8). */
  cols?: number;
  /** One colour scale for all images (compare magnitudes, e.g. filters) or one each. Default false. */
  sharedScale?: boolean;
}

/** Most images one grid draws; more are cut off with a note. */
export const MAX_GRID_IMAGES = 256;

const GRID_GAP = 4;
const GRID_BACKGROUND = [221, 221, 221, 255];

const pngDataUri = (png: Buffer): string => `data:image/png;base64,${png.toString("base64")}`;

function imgTag(png: Buffer, width: number, height: number, alt: string): string {
  return `<img src="${pngDataUri(png)}" width="${width}" height="${height}" alt="${escapeHtml(alt)}" style="image-rendering:pixelated">`;
}

/** ` "title"` after a description (quoted as the current language quotes), or nothing. */
export function quotedTitle(title: string | undefined): string {
  return title ? ` ${t("chart.quoted", { title })}` : "";
}

function notesHtml(notes: string[]): string {
  return notes.length ? `<div style="font-size:smaller;color:#666">${notes.map(escapeHtml).join("; ")}</div>` : "";
}

function validateCommon(args: ImageArgs): void {
  if (args.colormap !== undefined && !["auto", "grey", "diverging"].includes(args.colormap)) {
    throw new Error(`colormap: expected "auto", "grey" or "diverging", received ${JSON.stringify(args.colormap)}`);
  }
  if (args.minSide !== undefined && !(Number.isInteger(args.minSide) && args.minSide >= 1 && args.minSide <= 1024)) {
    throw new Error(`minSide: expected an integer 1..1024, received ${args.minSide}`);
  }
}

/**
 * One image. A batch ([n, h, w, c] with n > 1) becomes a grid; [1, h, w, c] is squeezed.
 */
export function imageBundle(x: NumericInput, args: ImageArgs = {}): MimeBundle {
  validateCommon(args);
  const dense = toDense(x, "x");
  if (dense.shape.length === 4) {
    if (dense.shape[0] !== 1) return gridBundle(x, { ...args, labels: undefined });
    dense.shape = dense.shape.slice(1);
  }
  const picture = pictureFromDense(dense, "x");
  const scale = chooseScale([picture], args.colormap ?? "auto");
  const { raster, note } = renderPicture(picture, scale, args.minSide ?? DEFAULT_MIN_SIDE);
  const notes = note ? [...scale.notes, note] : scale.notes;
  const png = encodePng(raster);
  const kind = t(picture.channels === 3 ? "image.rgb" : "image.grey");
  const description =
    t("image.single", { size: `${picture.height}×${picture.width}`, kind }) + quotedTitle(args.title) + (notes.length ? ` (${notes.join("; ")})` : "");
  const caption = args.title ? `<figcaption>${escapeHtml(args.title)}</figcaption>` : "";
  return {
    "text/plain": description,
    "image/png": png.toString("base64"),
    "text/html": `<figure style="margin:0;display:inline-block;text-align:center">${imgTag(png, raster.width, raster.height, description)}${caption}${notesHtml(notes)}</figure>`,
  };
}

/** Pictures from an array of images, or a batch tensor/array ([n, h, w] or [n, h, w, c]). */
function gridPictures(images: NumericInput | readonly NumericInput[]): Picture[] {
  if (Array.isArray(images) && images.length > 0 && typeof images[0] !== "number" && !Array.isArray(images[0])) {
    return (images as readonly NumericInput[]).map((im, k) => pictureFromDense(squeezeBatchOfOne(toDense(im, `images[${k}]`)), `images[${k}]`));
  }
  return picturesFromBatch(toDense(images as NumericInput, "images"), "images");
}

function squeezeBatchOfOne(d: Dense): Dense {
  return d.shape.length === 4 && d.shape[0] === 1 ? { shape: d.shape.slice(1), data: d.data } : d;
}

/** A grid of images with optional captions. */
export function gridBundle(images: NumericInput | readonly NumericInput[], args: GridArgs = {}): MimeBundle {
  validateCommon(args);
  let pictures = gridPictures(images);
  if (pictures.length === 0) throw new Error("images: expected at least one image, received none");
  const { labels } = args;
  if (labels !== undefined && labels.length !== pictures.length) {
    throw new Error(`labels: expected one label per image (${pictures.length}), received ${labels.length}`);
  }
  const notes: string[] = [];
  if (pictures.length > MAX_GRID_IMAGES) {
    notes.push(t("show.firstImages", { shown: MAX_GRID_IMAGES, total: pictures.length }));
    pictures = pictures.slice(0, MAX_GRID_IMAGES);
  }
  const cols = args.cols ?? Math.min(pictures.length, 8);
  if (!Number.isInteger(cols) || cols < 1) throw new Error(`cols: expected a positive integer, received ${cols}`);
  const colormap = args.colormap ?? "auto";
  const shared = args.sharedScale ? chooseScale(pictures, colormap) : null;
  const cells = pictures.map((p) => {
    const scale = shared ?? chooseScale([p], colormap);
    // The HTML shows each cell's native-size PNG enlarged by the browser (pixelated): small
    // and fast to encode; only the montage PNG is drawn at display size.
    return { ...renderPicture(p, scale, args.minSide ?? DEFAULT_MIN_SIDE), scale, native: encodePng(rasterize(p, scale)) };
  });
  for (const note of new Set(cells.flatMap((c) => [...c.scale.notes, ...(c.note ? [c.note] : [])]))) notes.push(note);

  // One montage PNG (for front ends without HTML) …
  const cellW = Math.max(...cells.map((c) => c.raster.width));
  const cellH = Math.max(...cells.map((c) => c.raster.height));
  const rows = Math.ceil(cells.length / cols);
  const montage = createRaster(cols * (cellW + GRID_GAP) + GRID_GAP, rows * (cellH + GRID_GAP) + GRID_GAP, GRID_BACKGROUND);
  cells.forEach((c, k) => blit(montage, c.raster, GRID_GAP + Math.floor(k / cols) * (cellH + GRID_GAP), GRID_GAP + (k % cols) * (cellW + GRID_GAP)));
  // … and HTML with one captioned image per cell.
  const figures = cells.map((c, k) => {
    const label = labels?.[k] ?? "";
    const caption = label ? `<figcaption style="font:12px monospace">${escapeHtml(label)}</figcaption>` : "";
    return `<figure style="margin:0;text-align:center">${imgTag(c.native, c.raster.width, c.raster.height, label || t("image.cell", { k }))}${caption}</figure>`;
  });
  const title = args.title ? `<div style="font-weight:bold">${escapeHtml(args.title)}</div>` : "";
  const first = pictures[0];
  const description =
    t("image.grid", { count: pictures.length, size: `${first.height}×${first.width}` }) +
    quotedTitle(args.title) +
    (labels ? `: ${labels.slice(0, 12).join(", ")}${labels.length > 12 ? ", …" : ""}` : "") +
    (notes.length ? ` (${notes.join("; ")})` : "");
  return {
    "text/plain": description,
    "image/png": encodePng(montage).toString("base64"),
    "text/html":
      `<div>${title}<div style="display:grid;grid-template-columns:repeat(${cols},max-content);gap:${GRID_GAP}px;align-items:start">` +
      `${figures.join("")}</div>${notesHtml(notes)}</div>`,
  };
}

