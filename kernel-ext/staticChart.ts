/**
 * A still image of a Plotly chart spec, drawn as SVG in Node: what a viewer that runs no
 * scripts (JupyterLab on an untrusted notebook, GitHub, a PDF export) shows instead of the
 * live chart. It draws the traces plot.ts makes — lines, markers, grouped bars, heatmaps,
 * and surfaces (seen from above, as a heatmap) — with Plotly's default colours.
 */
import { escapeHtml } from "./display";
import { fmtTick, niceTicks } from "./svgChart";
import { t as tr } from "../lib/i18n/t";

/** The parts of a Plotly spec this drawing reads (plot.ts's ChartSpec is one). */
export interface StaticChartSpec {
  data: ReadonlyArray<{ type: string; [key: string]: unknown }>;
  layout: Record<string, unknown>;
}

/** Options of `chartSvg`. */
export interface StaticChartArgs {
  /** Width in px (charts are at most 800 px wide in notebooks). Default 720. */
  width?: number;
}

/** Plotly's default trace colours, in order. */
const COLOURWAY = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const VIRIDIS: Array<[number, string]> = [[0, "#440154"], [0.25, "#3b528b"], [0.5, "#21918c"], [0.75, "#5ec962"], [1, "#fde725"]];

type Rgb = [number, number, number];

function parseColour(c: string): Rgb {
  const rgb = /rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)/.exec(c);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  const hex = /^#([0-9a-f]{6})$/i.exec(c);
  if (hex) return [0, 2, 4].map((k) => parseInt(hex[1].slice(k, k + 2), 16)) as Rgb;
  throw new Error(`colorscale: cannot read colour ${JSON.stringify(c)}; expected "rgb(r,g,b)" or "#rrggbb"`);
}

/** The colour at t ∈ [0, 1] of a Plotly colorscale ([[0, colour], …, [1, colour]] or "Viridis"). */
export function colourAt(scale: unknown, t: number): Rgb {
  const stops = (Array.isArray(scale) ? scale : VIRIDIS).map(([s, c]: [number, string]) => [s, parseColour(c)] as [number, Rgb]);
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  for (let k = 1; k < stops.length; k++) {
    const [s0, c0] = stops[k - 1];
    const [s1, c1] = stops[k];
    if (u <= s1) {
      const f = s1 > s0 ? (u - s0) / (s1 - s0) : 0;
      return c0.map((v, i) => Math.round(v + f * (c1[i] - v))) as Rgb;
    }
  }
  return stops[stops.length - 1][1];
}

const css = ([r, g, b]: Rgb): string => `rgb(${r},${g},${b})`;
const titleText = (v: unknown): string => (v && typeof v === "object" ? String((v as { text?: unknown }).text ?? "") : "");
const num = (v: unknown): number => (typeof v === "number" ? v : NaN);
const f1 = (v: number): string => v.toFixed(1);

/** Heatmap cell label as Plotly's "%{z:.3~g}" writes it: 3 significant digits, no trailing zeros. */
function shortNumber(v: number): string {
  if (!Number.isFinite(v)) return "";
  return String(Number(v.toPrecision(3)));
}

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function frameOf(layout: Record<string, unknown>, width: number, extraRight: number): Frame {
  const margin = (layout.margin ?? {}) as { l?: number; r?: number; t?: number; b?: number };
  const height = num(layout.height) || 400;
  return { width, height, left: margin.l ?? 60, right: width - (margin.r ?? 20) - extraRight, top: margin.t ?? 20, bottom: height - (margin.b ?? 50) };
}

/** Title and axis titles, placed as Plotly places them. */
function labels(layout: Record<string, unknown>, fr: Frame): string[] {
  const parts: string[] = [];
  const title = titleText(layout.title);
  if (title) parts.push(`<text x="${fr.width / 2}" y="${Math.max(16, fr.top / 2 + 6)}" text-anchor="middle" font-size="17">${escapeHtml(title)}</text>`);
  const xTitle = titleText((layout.xaxis as Record<string, unknown> | undefined)?.title);
  if (xTitle) parts.push(`<text x="${f1((fr.left + fr.right) / 2)}" y="${fr.height - 8}" text-anchor="middle" font-size="14">${escapeHtml(xTitle)}</text>`);
  const yTitle = titleText((layout.yaxis as Record<string, unknown> | undefined)?.title);
  if (yTitle) {
    const cy = f1((fr.top + fr.bottom) / 2);
    parts.push(`<text x="14" y="${cy}" text-anchor="middle" font-size="14" transform="rotate(-90 14 ${cy})">${escapeHtml(yTitle)}</text>`);
  }
  return parts;
}

/** An x axis: numbers on a linear scale, or categories (strings, and the x of bars) at evenly spaced slots. */
interface XAxis {
  at(x: number | string): number;
  ticks: Array<[number, string]>;
  slot: number;
}

function xAxis(values: Array<number | string>, categorical: boolean, fr: Frame): XAxis {
  const span = fr.right - fr.left;
  if (categorical || values.some((v) => typeof v !== "number")) {
    const cats = [...new Set(values.map(String))];
    const slot = span / Math.max(1, cats.length);
    const at = (x: number | string) => fr.left + (cats.indexOf(String(x)) + 0.5) * slot;
    const every = Math.ceil(cats.length / 12);
    return { at, slot, ticks: cats.filter((_, k) => k % every === 0).map((c) => [at(c), c]) };
  }
  const xs = (values as number[]).filter(Number.isFinite);
  let lo = Math.min(...xs);
  let hi = Math.max(...xs);
  if (!(lo < hi)) [lo, hi] = [(lo || 0) - 1, (hi || 0) + 1];
  const at = (x: number | string) => fr.left + ((Number(x) - lo) / (hi - lo)) * span;
  return { at, slot: 0, ticks: niceTicks(lo, hi, 6).filter((t) => t >= lo && t <= hi).map((t) => [at(t), fmtTick(t)]) };
}

/** A y axis, linear or logarithmic, padded like Plotly's autorange. */
function yAxis(values: number[], log: boolean, includeZero: boolean, fr: Frame): { at(y: number): number; ticks: Array<[number, string]> } {
  const ys = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  const tr = (v: number) => (log ? Math.log10(v) : v);
  let lo = ys.length ? Math.min(...ys.map(tr)) : 0;
  let hi = ys.length ? Math.max(...ys.map(tr)) : 1;
  if (includeZero && !log) [lo, hi] = [Math.min(lo, 0), Math.max(hi, 0)];
  const pad = (hi - lo) * 0.06 || Math.abs(hi) * 0.1 || 1;
  if (!(includeZero && lo === 0)) lo -= pad;
  hi += pad;
  const at = (y: number) => fr.bottom - ((tr(y) - lo) / (hi - lo)) * (fr.bottom - fr.top);
  const ticks: Array<[number, string]> = log
    ? Array.from({ length: Math.floor(hi) - Math.ceil(lo) + 1 }, (_, k) => 10 ** (Math.ceil(lo) + k)).map((v) => [at(v), fmtTick(v)])
    : niceTicks(lo, hi, 5).filter((t) => t >= lo && t <= hi).map((t) => [at(t), fmtTick(t)]);
  return { at, ticks };
}

function gridAndTicks(fr: Frame, x: XAxis, yTicks: Array<[number, string]>): string[] {
  const parts: string[] = [];
  for (const [py, label] of yTicks) {
    parts.push(`<line x1="${fr.left}" x2="${fr.right}" y1="${f1(py)}" y2="${f1(py)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${fr.left - 6}" y="${f1(py + 4)}" text-anchor="end">${escapeHtml(label)}</text>`);
  }
  for (const [px, label] of x.ticks) parts.push(`<text x="${f1(px)}" y="${fr.bottom + 16}" text-anchor="middle">${escapeHtml(label)}</text>`);
  parts.push(`<line x1="${fr.left}" x2="${fr.right}" y1="${fr.bottom}" y2="${fr.bottom}" stroke="#444"/>`);
  return parts;
}

function legend(names: Array<{ name: string; colour: string; bar: boolean }>, fr: Frame): string[] {
  if (names.length < 2) return [];
  const parts: string[] = [];
  names.forEach((s, k) => {
    const y = fr.top + 14 + k * 16;
    const x = fr.right - 130;
    parts.push(s.bar ? `<rect x="${x}" y="${y - 9}" width="14" height="10" fill="${s.colour}"/>` : `<line x1="${x}" x2="${x + 16}" y1="${y - 4}" y2="${y - 4}" stroke="${s.colour}" stroke-width="2"/>`);
    parts.push(`<text x="${x + 22}" y="${y}">${escapeHtml(s.name)}</text>`);
  });
  return parts;
}

/** Lines, markers and bars on shared axes. */
function xyChart(spec: StaticChartSpec, fr: Frame): string[] {
  const traces = spec.data.map((t, k) => ({
    type: t.type,
    mode: String(t.mode ?? "lines"),
    x: (t.x as Array<number | string> | undefined) ?? [],
    y: ((t.y as number[] | undefined) ?? []).map((v) => (typeof v === "number" ? v : NaN)),
    name: String(t.name ?? `trace ${k}`),
    colour: COLOURWAY[k % COLOURWAY.length],
  }));
  const bars = traces.filter((t) => t.type === "bar");
  const x = xAxis(traces.flatMap((t) => t.x), bars.length > 0, fr);
  const log = (spec.layout.yaxis as Record<string, unknown> | undefined)?.type === "log";
  const y = yAxis(traces.flatMap((t) => t.y), log, bars.length > 0, fr);
  const parts = gridAndTicks(fr, x, y.ticks);
  const barWidth = (x.slot * 0.8) / Math.max(1, bars.length);
  for (const t of traces) {
    if (t.type === "bar") {
      const offset = (bars.indexOf(t) - (bars.length - 1) / 2) * barWidth;
      const base = y.at(log ? Math.min(...t.y.filter((v) => v > 0)) : 0);
      t.y.forEach((v, i) => {
        if (!Number.isFinite(v)) return;
        const top = y.at(v);
        const px = x.at(t.x[i]) + offset - barWidth / 2;
        parts.push(`<rect x="${f1(px)}" y="${f1(Math.min(top, base))}" width="${f1(barWidth)}" height="${f1(Math.abs(base - top))}" fill="${t.colour}"/>`);
      });
      continue;
    }
    const points = t.y.map((v, i) => (Number.isFinite(v) && (!log || v > 0) ? [x.at(t.x[i]), y.at(v)] : null));
    if (t.mode.includes("lines")) {
      // NaN leaves a gap, as in Plotly.
      let d = "";
      let pen = false;
      for (const p of points) {
        if (p) d += `${pen ? "L" : "M"}${f1(p[0])},${f1(p[1])}`;
        pen = p !== null;
      }
      if (d) parts.push(`<path d="${d}" fill="none" stroke="${t.colour}" stroke-width="2"/>`);
    }
    if (t.mode.includes("markers")) for (const p of points) if (p) parts.push(`<circle cx="${f1(p[0])}" cy="${f1(p[1])}" r="4" fill="${t.colour}"/>`);
  }
  parts.push(...legend(traces.map((t) => ({ name: t.name, colour: t.colour, bar: t.type === "bar" })), fr));
  return parts;
}

/** A heatmap (or a surface seen from above): one cell per value, row 0 on top when the y axis is reversed. */
function heatmapChart(trace: StaticChartSpec["data"][number], layout: Record<string, unknown>, fr: Frame): string[] {
  const z = (trace.z as number[][] | undefined) ?? [];
  const rows = z.length;
  const cols = z[0]?.length ?? 0;
  const flat = z.flat().filter(Number.isFinite);
  const zmin = Number.isFinite(num(trace.zmin)) ? num(trace.zmin) : Math.min(...flat);
  const zmax = Number.isFinite(num(trace.zmax)) ? num(trace.zmax) : Math.max(...flat);
  const t = (v: number) => (zmax > zmin ? (v - zmin) / (zmax - zmin) : 0.5);
  const reversed = (layout.yaxis as Record<string, unknown> | undefined)?.autorange === "reversed" || trace.type === "surface";
  const cw = (fr.right - fr.left) / Math.max(1, cols);
  const ch = (fr.bottom - fr.top) / Math.max(1, rows);
  const xs = ((trace.x as unknown[] | undefined) ?? Array.from({ length: cols }, (_, j) => j)).map(String);
  const ys = ((trace.y as unknown[] | undefined) ?? Array.from({ length: rows }, (_, i) => i)).map(String);
  const annotate = typeof trace.texttemplate === "string" && rows * cols <= 400;
  const parts: string[] = [];
  z.forEach((row, i) => {
    const py = reversed ? fr.top + i * ch : fr.bottom - (i + 1) * ch;
    row.forEach((v, j) => {
      const colour = Number.isFinite(v) ? colourAt(trace.colorscale, t(v)) : ([255, 255, 255] as Rgb);
      const px = fr.left + j * cw;
      parts.push(`<rect x="${f1(px)}" y="${f1(py)}" width="${f1(cw + 0.5)}" height="${f1(ch + 0.5)}" fill="${css(colour)}"/>`);
      if (annotate && Number.isFinite(v)) {
        const dark = 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2] < 128;
        parts.push(`<text x="${f1(px + cw / 2)}" y="${f1(py + ch / 2 + 4)}" text-anchor="middle" fill="${dark ? "#fff" : "#222"}">${shortNumber(v)}</text>`);
      }
    });
  });
  const every = (n: number) => Math.ceil(n / 16);
  xs.forEach((label, j) => {
    if (j % every(cols) === 0) parts.push(`<text x="${f1(fr.left + (j + 0.5) * cw)}" y="${fr.bottom + 16}" text-anchor="middle">${escapeHtml(label)}</text>`);
  });
  ys.forEach((label, i) => {
    const py = reversed ? fr.top + (i + 0.5) * ch : fr.bottom - (i + 0.5) * ch;
    if (i % every(rows) === 0) parts.push(`<text x="${fr.left - 6}" y="${f1(py + 4)}" text-anchor="end">${escapeHtml(label)}</text>`);
  });
  // Colour bar: the scale from zmin (bottom) to zmax (top).
  const bx = fr.right + 16;
  const steps = 32;
  const bh = (fr.bottom - fr.top) / steps;
  for (let k = 0; k < steps; k++) {
    parts.push(`<rect x="${bx}" y="${f1(fr.bottom - (k + 1) * bh)}" width="14" height="${f1(bh + 0.5)}" fill="${css(colourAt(trace.colorscale, (k + 0.5) / steps))}"/>`);
  }
  parts.push(`<text x="${bx + 18}" y="${fr.top + 8}">${fmtTick(zmax)}</text>`, `<text x="${bx + 18}" y="${fr.bottom}">${fmtTick(zmin)}</text>`);
  return parts;
}

/** The chart as an SVG document, `width` wide and as tall as the layout says. */
export function chartSvg(spec: StaticChartSpec, args: StaticChartArgs = {}): string {
  const width = args.width ?? 720;
  if (!(Number.isFinite(width) && width >= 200 && width <= 4000)) throw new Error(`width: expected a number of px in 200..4000, received ${width}`);
  const grid = spec.data.find((t) => t.type === "heatmap" || t.type === "surface");
  const fr = frameOf(spec.layout, width, grid ? 70 : 0);
  const layout = grid?.type === "surface" ? { ...spec.layout, title: { text: tr("chart.fromAbove", { title: titleText(spec.layout.title) || tr("chart.surface") }) } } : spec.layout;
  const body = grid ? heatmapChart(grid, spec.layout, fr) : xyChart(spec, fr);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${fr.height}" viewBox="0 0 ${width} ${fr.height}" font-family="sans-serif" font-size="12" fill="#444">` +
    `<rect width="${width}" height="${fr.height}" fill="#fff"/>` +
    [...body, ...labels(layout, fr)].join("") +
    `</svg>`
  );
}
