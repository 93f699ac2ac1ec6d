/**
 * SVG → PNG in Node, without a browser: resvg (a kept SVG renderer, prebuilt per platform)
 * with the DejaVu Sans fonts from npm, so text renders the same on every machine and no
 * system fonts are needed. The dashboard uses it for its image/png, charts for the
 * application/pdf of their bundle (see pdf.ts for why not a PNG).
 */
import type { Resvg as ResvgClass } from "@resvg/resvg-js";
import type { RgbaImage } from "./pdf";

type ResvgConstructor = typeof ResvgClass;
let renderer: ResvgConstructor | null | undefined;

/**
 * resvg is a native addon, loaded on first use rather than when cnnlab is imported: where addons cannot
 * load (Node's permission model, as inside `cnnlab grade`'s sandbox, or a platform without a prebuilt
 * binary) cnnlab still works and charts simply carry no PDF (their HTML still holds the SVG image).
 */
function resvg(): ResvgConstructor | null {
  if (renderer === undefined) {
    try {
      renderer = (require("@resvg/resvg-js") as { Resvg: ResvgConstructor }).Resvg;
    } catch {
      renderer = null;
    }
  }
  return renderer;
}

/** Options of `svgToPng`. */
export interface RasterizeArgs {
  /** Pixels per SVG unit, for sharper images on high-density screens and in PDFs. Default 1. */
  scale?: number;
}

let fontFiles: string[] | null = null;

function fonts(): string[] {
  fontFiles ??= ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));
  return fontFiles;
}

/** resvg's rendering of an SVG document, or null where the renderer cannot be loaded (see `resvg`). */
function render(svg: string, args: RasterizeArgs) {
  const scale = args.scale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 8)) throw new Error(`scale: expected a number in (0, 8], received ${scale}`);
  const Renderer = resvg();
  if (!Renderer) return null;
  const image = new Renderer(svg, {
    background: "#ffffff",
    fitTo: { mode: "zoom", value: scale },
    font: { loadSystemFonts: false, fontFiles: fonts(), defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  return image.render();
}

/**
 * Renders an SVG document to PNG bytes (white background; `sans-serif` and unknown families are DejaVu Sans),
 * or null where the renderer cannot be loaded (see `resvg`).
 */
export function svgToPng(svg: string, args: RasterizeArgs = {}): Buffer | null {
  return render(svg, args)?.asPng() ?? null;
}

/** The same rendering as raw RGBA pixels (for `imagePdf`), or null where the renderer cannot be loaded. */
export function svgToRgba(svg: string, args: RasterizeArgs = {}): RgbaImage | null {
  const rendered = render(svg, args);
  return rendered ? { width: rendered.width, height: rendered.height, rgba: rendered.pixels } : null;
}

/** An SVG document as a data: URI for an <img>, which HTML sanitisers keep where they strip inline <svg>. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
}
