/**
 * Charts with Plotly.js: each chart is a still image (drawn in Node) inside a div, plus a
 * script that waits for window.Plotly (embedded once per session by plotlyLibrary.ts) and
 * then draws the live chart in its place; the bundle also carries Plotly's own MIME type.
 */
import { randomBytes } from "crypto";
import { JsonValue, emit, escapeHtml, jsonForScript } from "./display";
import { svgDataUri, svgToRgba } from "./rasterize";
import { RgbaImage, imagePdf } from "./pdf";
import { chartSvg } from "./staticChart";
import { Dense, NumericInput, describeShape, readTensors, toDense } from "./dense";
import { ensurePlotlyLibrary, loadPlotlyLibrary } from "./plotlyLibrary";
import { t } from "../lib/i18n/t";
import { quotedTitle } from "./image";

/** One line, set of points or set of bars. */
export interface Series {
  /** x values (numbers or category names). Default: 0, 1, 2, … */
  x?: readonly (number | string)[];
  /** y values; a 1D tensor is accepted. NaN leaves a gap. */
  y: readonly number[] | NumericInput;
  /** Legend entry. Default: "series k" (in the current language). */
  name?: string;
}

/** Layout options shared by all charts. */
export interface PlotArgs {
  /** Chart title. Default: none. */
  title?: string;
  /** x-axis title. Default: none. */
  xLabel?: string;
  /** y-axis title. Default: none. */
  yLabel?: string;
  /** Height in px (width follows the output area). Default 400. */
  height?: number;
  /** Logarithmic y axis (e.g. for losses). Default false. */
  logY?: boolean;
}

/** Options of `plot.heatmap`. */
export interface HeatmapArgs extends PlotArgs {
  /** Column names (x). Default: 0, 1, … */
  xLabels?: readonly (string | number)[];
  /** Row names (y), drawn top to bottom like a matrix. Default: 0, 1, … */
  yLabels?: readonly (string | number)[];
  /** Write each value in its cell. Default: true up to 20×20. */
  annotate?: boolean;
  /** "auto" (blue-white-red centred on 0 when values are signed, else white → dark blue), "diverging" or "sequential". Default "auto". */
  colorscale?: "auto" | "diverging" | "sequential";
}

interface Trace {
  type: string;
  [key: string]: unknown;
}

/** What a chart's bundle is built from; exposed for tests. */
export interface ChartSpec {
  data: Trace[];
  layout: Record<string, unknown>;
  config: Record<string, unknown>;
}

const DIVERGING_SCALE = [[0, "rgb(33,102,172)"], [0.5, "rgb(255,255,255)"], [1, "rgb(178,24,43)"]];
/** White → dark blue (ColorBrewer Blues), so large counts are dark; Plotly's own "Blues" runs the other way. */
const SEQUENTIAL_SCALE = [[0, "rgb(247,251,255)"], [0.5, "rgb(107,174,214)"], [1, "rgb(8,48,107)"]];

/**
 * The shortest decimal that is the same float32 (0.30000001192… → 0.3): chart JSON and
 * hover labels then show what the tensor was meant to hold.
 */
export function shortFloat32(v: number): number {
  if (!Number.isFinite(v) || Number.isInteger(v)) return v;
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(v.toPrecision(digits));
    if (Math.fround(candidate) === v) return candidate;
  }
  return v;
}

/** Plain numbers from a dense read: float32 tensor values shortened, JS numbers as given. */
const plainNumbers = (d: Dense): number[] => (d.data instanceof Float32Array ? Array.from(d.data, shortFloat32) : Array.from(d.data));

function numbers(v: readonly number[] | NumericInput, argName: string): number[] {
  const d = toDense(v as NumericInput, argName);
  if (d.shape.length !== 1) throw new Error(`${argName}: expected a 1D array of numbers, received shape ${describeShape(d.shape)}`);
  return plainNumbers(d);
}

/** Series from the forms users write: y values, one series, or several. */
interface ResolvedSeries {
  x: (number | string)[];
  y: number[];
  name: string;
}

function normalizeSeries(input: Series | readonly Series[] | readonly number[] | NumericInput, argName: string): ResolvedSeries[] {
  const list: Series[] = isSeries(input) ? [input] : Array.isArray(input) && input.length > 0 && input.every(isSeries) ? (input as Series[]) : [{ y: input as NumericInput }];
  return list.map((s, k) => {
    const name = list.length === 1 ? argName : `${argName}[${k}]`;
    const y = numbers(s.y, `${name}.y`);
    const x = s.x ? Array.from(s.x) : y.map((_, i) => i);
    if (x.length !== y.length) throw new Error(`${name}.x: expected ${y.length} values (one per y), received ${x.length}`);
    return { x, y, name: s.name ?? t("chart.series", { k }) };
  });
}

function isSeries(v: unknown): v is Series {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "y" in v;
}

function validateArgs(args: PlotArgs): void {
  if (args.height !== undefined && !(Number.isFinite(args.height) && args.height >= 100 && args.height <= 2000)) {
    throw new Error(`height: expected a number of px in 100..2000, received ${args.height}`);
  }
}

function layoutOf(args: PlotArgs): Record<string, unknown> {
  return {
    title: args.title ? { text: args.title } : undefined,
    xaxis: { title: { text: args.xLabel ?? "" } },
    yaxis: { title: { text: args.yLabel ?? "" }, type: args.logY ? "log" : "linear" },
    height: args.height ?? 400,
    margin: { l: 60, r: 20, t: args.title ? 50 : 20, b: 50 },
  };
}

const CONFIG = { responsive: true, displaylogo: false };

function lastValue(y: number[]): string {
  const v = y[y.length - 1];
  return v === undefined ? t("chart.noPoints") : t("chart.points", { count: y.length, last: Number.isInteger(v) ? v : v.toPrecision(4) });
}

/** A chart's kind followed by its quoted title, if any: `line chart "loss"` (the text/plain descriptions, in the current language). */
function titled(kind: string, args: PlotArgs): string {
  return kind + quotedTitle(args.title);
}

function seriesSummary(kind: string, series: { name: string; y: number[] }[], args: PlotArgs): string {
  return `${titled(kind, args)}: ${series.map((s) => `${s.name} (${lastValue(s.y)})`).join(", ")}`;
}

/** A chart's display bundle (see chartBundle). */
export interface ChartBundle {
  "text/plain": string;
  "text/html": string;
  "application/vnd.plotly.v1+json": JsonValue;
  /** Also "application/pdf" (base64), except where no renderer could be loaded (native addons disabled, as in the grader's sandbox). */
  [mimeType: string]: JsonValue;
}

/** Width (px) of a chart's still image; the live chart follows the output area, up to 800 px. */
const STATIC_WIDTH = 720;

/**
 * The bundle for a chart, for every viewer:
 * - `application/vnd.plotly.v1+json` ({data, layout, config}) for front ends with a Plotly
 *   renderer (VS Code; JupyterLab with plotly's extension, even for untrusted notebooks);
 * - `text/html`: a div holding a still image of the chart and a script that replaces it with
 *   the live chart where scripts run. Sanitisers (JupyterLab on untrusted notebooks, GitHub)
 *   drop the script and keep the image. The element is looked up through the script's own
 *   parent because front ends (JupyterLab) may run the script before the output is attached;
 * - `application/pdf`, the same still image on a page, which nbconvert's LaTeX/PDF export prefers. Not
 *   `image/png`: plotly's extension shows a bundle's PNG instead of the live chart (see pdf.ts);
 * - `text/plain`, a one-line description.
 */
export function chartBundle(spec: ChartSpec, description: string, height: number): ChartBundle {
  const id = `cnnlab-plot-${randomBytes(6).toString("hex")}`;
  const svg = chartSvg(spec, { width: STATIC_WIDTH });
  const script = `(function () {
  var spec = ${jsonForScript(spec)};
  var script = document.currentScript, tries = 0;
  function draw() {
    var el = document.getElementById(${JSON.stringify(id)}) || (script && script.parentNode && script.parentNode.querySelector("#${id}"));
    if (el && el.isConnected && window.Plotly && window.Plotly.newPlot) {
      el.textContent = "";
      window.Plotly.newPlot(el, spec.data, spec.layout, spec.config);
    } else if (tries++ < 1200) {
      setTimeout(draw, 50);
    } else if (el) {
      el.title = ${JSON.stringify(t("chart.notLoaded"))};
    }
  }
  draw();
})();`;
  return {
    "text/plain": description,
    "application/vnd.plotly.v1+json": spec as unknown as JsonValue,
    "text/html":
      `<div id="${id}" class="cnnlab-plot" style="width:100%;max-width:800px;height:${height}px">` +
      `<img class="cnnlab-plot-image" src="${svgDataUri(svg)}" alt="${escapeHtml(description)}" style="max-width:100%;height:auto">` +
      `</div>` +
      `<script type="text/javascript">${script}</script>`,
    ...pdfField(svgToRgba(svg, { scale: PDF_SCALE })),
  };
}

/** Pixels per SVG unit of the PDF's image: 1 keeps a chart at 10–40 kB (2 would double to quadruple that). */
const PDF_SCALE = 1;

/** `{"application/pdf": base64}` of a page as wide as the still image (1 px = 0.75 pt), or nothing where no renderer could be loaded. */
function pdfField(image: RgbaImage | null): { "application/pdf"?: string } {
  return image ? { "application/pdf": imagePdf(image, { pageWidthPt: (image.width / PDF_SCALE) * 0.75 }).toString("base64") } : {};
}

function show(spec: ChartSpec, description: string, height: number): void {
  ensurePlotlyLibrary();
  emit(chartBundle(spec, description, height));
}

/** Line chart spec (one or more series). */
export function lineSpec(series: SeriesInput, args: PlotArgs = {}): { spec: ChartSpec; description: string } {
  validateArgs(args);
  const list = normalizeSeries(series, "series");
  return {
    spec: { data: list.map((s) => ({ type: "scatter", mode: "lines", x: s.x, y: s.y, name: s.name })), layout: layoutOf(args), config: CONFIG },
    description: seriesSummary(t("chart.line"), list, args),
  };
}

/** Scatter chart spec; `labels` become hover texts. */
export function scatterSpec(points: PointsInput, args: PlotArgs = {}): { spec: ChartSpec; description: string } {
  validateArgs(args);
  const raw = (Array.isArray(points) ? points : [points]) as (Series & { labels?: readonly string[] })[];
  const list = normalizeSeries(raw, "points");
  return {
    spec: {
      data: list.map((s, k) => ({ type: "scatter", mode: "markers", x: s.x, y: s.y, name: s.name, text: raw[k].labels })),
      layout: layoutOf(args),
      config: CONFIG,
    },
    description: seriesSummary(t("chart.scatter"), list, args),
  };
}

/** Bar chart spec (grouped when several series). */
export function barSpec(bars: Series | readonly Series[], args: PlotArgs = {}): { spec: ChartSpec; description: string } {
  validateArgs(args);
  const list = normalizeSeries(bars, "bars");
  return {
    spec: { data: list.map((s) => ({ type: "bar", x: s.x, y: s.y, name: s.name })), layout: { ...layoutOf(args), barmode: "group" }, config: CONFIG },
    description: seriesSummary(t("chart.bar"), list, args),
  };
}

function matrixOf(z: NumericInput, argName: string): number[][] {
  const d = toDense(z, argName);
  if (d.shape.length !== 2) throw new Error(`${argName}: expected a 2D matrix, received shape ${describeShape(d.shape)}`);
  const [rows, cols] = d.shape;
  const values = plainNumbers(d);
  return Array.from({ length: rows }, (_, i) => values.slice(i * cols, (i + 1) * cols));
}

/** Heatmap spec (confusion matrices, kernels): row 0 at the top, like a printed matrix. */
export function heatmapSpec(z: NumericInput, args: HeatmapArgs = {}): { spec: ChartSpec; description: string } {
  validateArgs(args);
  const m = matrixOf(z, "z");
  const rows = m.length;
  const cols = m[0]?.length ?? 0;
  if (args.xLabels && args.xLabels.length !== cols) throw new Error(`xLabels: expected ${cols} labels (one per column), received ${args.xLabels.length}`);
  if (args.yLabels && args.yLabels.length !== rows) throw new Error(`yLabels: expected ${rows} labels (one per row), received ${args.yLabels.length}`);
  const colorscaleArg = args.colorscale ?? "auto";
  if (!["auto", "diverging", "sequential"].includes(colorscaleArg)) {
    throw new Error(`colorscale: expected "auto", "diverging" or "sequential", received ${JSON.stringify(colorscaleArg)}`);
  }
  const flat = m.flat().filter(Number.isFinite);
  const min = Math.min(...flat);
  const max = Math.max(...flat);
  const signed = colorscaleArg === "diverging" || (colorscaleArg === "auto" && min < 0);
  const maxAbs = Math.max(Math.abs(min), Math.abs(max)) || 1;
  const annotate = args.annotate ?? (rows <= 20 && cols <= 20);
  // Categorical axes keep labels such as digits in order and un-interpolated.
  const xs = (args.xLabels ?? m[0].map((_, j) => j)).map(String);
  const ys = (args.yLabels ?? m.map((_, i) => i)).map(String);
  const trace: Trace = {
    type: "heatmap",
    z: m,
    x: xs,
    y: ys,
    colorscale: signed ? DIVERGING_SCALE : SEQUENTIAL_SCALE,
    ...(signed ? { zmin: -maxAbs, zmax: maxAbs } : {}),
    ...(annotate ? { texttemplate: "%{z:.3~g}", hovertemplate: t("chart.hover") } : {}),
  };
  const layout = layoutOf(args);
  layout.xaxis = { ...(layout.xaxis as object), type: "category", side: "bottom" };
  layout.yaxis = { ...(layout.yaxis as object), type: "category", autorange: "reversed" };
  return {
    spec: { data: [trace], layout, config: CONFIG },
    description: `${titled(t("chart.heatmap"), args)} ${rows}×${cols}, ${t("chart.values", { min, max })}`,
  };
}

/** 3D surface spec (e.g. a loss landscape). */
export function surfaceSpec(z: NumericInput, args: PlotArgs = {}): { spec: ChartSpec; description: string } {
  validateArgs(args);
  const m = matrixOf(z, "z");
  const layout = layoutOf(args);
  layout.scene = { xaxis: { title: { text: args.xLabel ?? "" } }, yaxis: { title: { text: args.yLabel ?? "" } } };
  return {
    spec: { data: [{ type: "surface", z: m, colorscale: "Viridis" }], layout, config: CONFIG },
    description: `${titled(t("chart.surface"), args)} ${m.length}×${m[0]?.length ?? 0}`,
  };
}

type SeriesInput = Series | readonly Series[] | readonly number[] | NumericInput;
type PointsInput = (Series & { labels?: readonly string[] }) | readonly (Series & { labels?: readonly string[] })[];

/**
 * Plotly charts that render in JupyterLab, Notebook, VS Code and offline HTML exports. The charts
 * are async and awaited (`await plot.line(...)`): tensors in their data are read with `await`.
 */
export const plot = {
  /** Lines: `plot.line([{ y: trainLoss, name: "train" }, { y: valLoss, name: "val" }], { title: "loss" })`. */
  async line(series: SeriesInput, args: PlotArgs = {}): Promise<void> {
    const { spec, description } = lineSpec(await readTensors(series), args);
    show(spec, description, args.height ?? 400);
  },
  /** Points: `plot.scatter({ x, y, labels })`. */
  async scatter(points: PointsInput, args: PlotArgs = {}): Promise<void> {
    const { spec, description } = scatterSpec(await readTensors(points), args);
    show(spec, description, args.height ?? 400);
  },
  /** Bars: `plot.bar({ x: ["cat", "dog"], y: [3, 5] })`. */
  async bar(bars: Series | readonly Series[], args: PlotArgs = {}): Promise<void> {
    const { spec, description } = barSpec(await readTensors(bars), args);
    show(spec, description, args.height ?? 400);
  },
  /** Heatmap: `plot.heatmap(confusion, { xLabels: digits, yLabels: digits, xLabel: "predicted", yLabel: "true" })`. */
  async heatmap(z: NumericInput, args: HeatmapArgs = {}): Promise<void> {
    const { spec, description } = heatmapSpec(await readTensors(z), args);
    show(spec, description, args.height ?? 400);
  },
  /** 3D surface: `plot.surface(lossGrid)`. */
  async surface(z: NumericInput, args: PlotArgs = {}): Promise<void> {
    const { spec, description } = surfaceSpec(await readTensors(z), args);
    show(spec, description, args.height ?? 400);
  },
  /** Embeds Plotly.js again (after its output was cleared); charts wait for it. */
  loadLibrary(): void {
    loadPlotlyLibrary();
  },
};
