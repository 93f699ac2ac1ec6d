/**
 * A one-page PDF holding one raster image: the `application/pdf` of a chart's display bundle, which
 * nbconvert's LaTeX/PDF export prefers to every image type.
 *
 * Why charts carry a PDF rather than `image/png`: plotly's JupyterLab/Notebook 7 extension renders
 * `application/vnd.plotly.v1+json` itself, but whenever the bundle also holds `image/png` it shows that
 * still image instead of the live chart (by design: the extension saves a PNG it drew for viewers
 * without it, and shows it on reload). A PNG beside our Plotly JSON would make every chart static for
 * the users who installed the extension to get interactive charts.
 *
 * Written here rather than with a PDF library because the kept ones (pdf-lib, pdfkit) build documents
 * asynchronously and a chart is displayed synchronously; the format needed is small (PDF 1.4, ISO 32000-1
 * §7.5 file structure, §8.9 image XObjects) and the pixels come from resvg.
 */
import { deflateSync } from "zlib";

/** An RGBA raster, as resvg renders it (row-major, 4 bytes per pixel). */
export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Options of `imagePdf`. */
export interface ImagePdfArgs {
  /** Page width in points (1/72 inch); the height follows the image's aspect ratio. Default: 1 pixel = 0.75 pt (96 dpi). */
  pageWidthPt?: number;
}

/** The image on a page of its own size, composited on white (PDF images have no alpha here). */
export function imagePdf(image: RgbaImage, args: ImagePdfArgs = {}): Buffer {
  const { width, height, rgba } = image;
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
    throw new Error(`imagePdf: width and height must be positive integers, received ${width}x${height}`);
  }
  if (rgba.length !== width * height * 4) {
    throw new Error(`imagePdf: rgba must hold width*height*4 = ${width * height * 4} bytes, received ${rgba.length}`);
  }
  const pageWidth = args.pageWidthPt ?? width * 0.75;
  if (!(Number.isFinite(pageWidth) && pageWidth > 0)) throw new Error(`pageWidthPt: expected a positive number, received ${args.pageWidthPt}`);
  const pageHeight = (pageWidth * height) / width;
  const pixels = deflateSync(onWhite(rgba), { level: 9 });
  const content = Buffer.from(`q ${num(pageWidth)} 0 0 ${num(pageHeight)} 0 0 cm /Im0 Do Q\n`, "latin1");

  const objects: Buffer[] = [
    dict("/Type /Catalog /Pages 2 0 R"),
    dict("/Type /Pages /Kids [3 0 R] /Count 1"),
    dict(`/Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(pageWidth)} ${num(pageHeight)}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R`),
    stream(
      `/Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 ` +
        `/Filter /FlateDecode`,
      pixels,
    ),
    stream("", content),
  ];
  return assemble(objects);
}

/** RGB bytes of RGBA pixels composited over white: out = a·c + (1 − a)·255 (resvg's pixels are not premultiplied). */
function onWhite(rgba: Uint8Array): Buffer {
  const rgb = Buffer.alloc((rgba.length / 4) * 3);
  for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
    const a = rgba[p + 3] / 255;
    for (let c = 0; c < 3; c++) rgb[q + c] = Math.round(a * rgba[p + c] + (1 - a) * 255);
  }
  return rgb;
}

const num = (x: number): string => (Math.round(x * 100) / 100).toString();
const dict = (body: string): Buffer => Buffer.from(`<< ${body} >>`, "latin1");
const stream = (body: string, data: Buffer): Buffer =>
  Buffer.concat([Buffer.from(`<< ${body} /Length ${data.length} >>\nstream\n`, "latin1"), data, Buffer.from("\nendstream", "latin1")]);

/** Header, numbered objects, the cross-reference table with each object's byte offset, trailer. */
function assemble(objects: Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let offset = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, k) => {
    const obj = Buffer.concat([Buffer.from(`${k + 1} 0 obj\n`, "latin1"), body, Buffer.from("\nendobj\n", "latin1")]);
    offsets.push(offset);
    parts.push(obj);
    offset += obj.length;
  });
  // Each cross-reference entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, CR LF.
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n` +
    offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n\r\n`).join("") +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, "latin1"));
  return Buffer.concat(parts);
}
