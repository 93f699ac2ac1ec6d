/** A small line chart as inline SVG: no JavaScript, so it survives nbconvert and any viewer. */
import { escapeHtml } from "./display";

export interface SvgSeries {
  name: string;
  colour: string;
  points: ReadonlyArray<readonly [number, number]>;
  /** Thin, translucent line (e.g. noisy per-batch loss). Default false. */
  faint?: boolean;
  dashed?: boolean;
  markers?: boolean;
}

export interface SvgChartArgs {
  title: string;
  series: readonly SvgSeries[];
  /** x-axis extent; defaults to the data's. */
  xMax?: number;
  /** Fixed y range (e.g. [0, 1] for accuracy); defaults to the data's, padded. */
  yRange?: readonly [number, number];
  xLabel?: string;
  width?: number;
  height?: number;
}

/** A tick label: integers and large values as they are, others with 2 significant digits. */
export const fmtTick = (v: number): string => (Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v * 100) / 100) : v.toPrecision(2));

/** About `count` round tick values covering lo..hi. */
export function niceTicks(lo: number, hi: number, count = 4): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const rough = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? rough;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

export function svgLineChart(args: SvgChartArgs): string {
  const width = args.width ?? 360;
  const height = args.height ?? 220;
  const m = { left: 48, right: 10, top: 24, bottom: 34 };
  const all = args.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xMax = Math.max(args.xMax ?? 0, ...all.map(([x]) => x), 1);
  let [yLo, yHi] = args.yRange ?? [Math.min(...all.map(([, y]) => y)), Math.max(...all.map(([, y]) => y))];
  if (!(yLo <= yHi)) [yLo, yHi] = [0, 1];
  if (!args.yRange) {
    const pad = (yHi - yLo) * 0.05 || Math.abs(yHi) * 0.05 || 0.05;
    [yLo, yHi] = [yLo - pad, yHi + pad];
  }
  const sx = (x: number) => m.left + (x / xMax) * (width - m.left - m.right);
  const sy = (y: number) => height - m.bottom - ((y - yLo) / (yHi - yLo)) * (height - m.top - m.bottom);
  const parts: string[] = [];
  for (const t of niceTicks(yLo, yHi)) {
    if (t < yLo || t > yHi) continue;
    parts.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${m.left - 4}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${fmtTick(t)}</text>`);
  }
  for (const t of niceTicks(0, xMax, Math.min(8, Math.ceil(xMax))).filter((t) => Number.isInteger(t) || xMax < 2)) {
    parts.push(`<text x="${sx(t).toFixed(1)}" y="${height - m.bottom + 14}" text-anchor="middle">${fmtTick(t)}</text>`);
  }
  parts.push(`<rect x="${m.left}" y="${m.top}" width="${width - m.left - m.right}" height="${height - m.top - m.bottom}" fill="none" stroke="#999"/>`);
  parts.push(`<text x="${width / 2}" y="15" text-anchor="middle" font-weight="bold">${escapeHtml(args.title)}</text>`);
  if (args.xLabel) parts.push(`<text x="${(m.left + width - m.right) / 2}" y="${height - 4}" text-anchor="middle">${escapeHtml(args.xLabel)}</text>`);
  args.series.forEach((s) => {
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (pts.length === 0) return;
    const d = pts.map(([x, y], k) => `${k ? "L" : "M"}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join("");
    const style = s.faint ? `stroke-width="1" stroke-opacity="0.35"` : `stroke-width="2"`;
    parts.push(`<path d="${d}" fill="none" stroke="${s.colour}" ${style}${s.dashed ? ' stroke-dasharray="5,3"' : ""}/>`);
    if (s.markers) for (const [x, y] of pts) parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${s.colour}"/>`);
  });
  // Legend, top right inside the plot area, for the series that have data.
  args.series.filter((s) => s.points.length > 0 && !s.faint).forEach((s, k) => {
    const y = m.top + 12 + k * 14;
    const x = width - m.right - 86;
    parts.push(`<line x1="${x}" x2="${x + 16}" y1="${y - 4}" y2="${y - 4}" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5,3"' : ""}/>`);
    parts.push(`<text x="${x + 20}" y="${y}">${escapeHtml(s.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11" role="img" aria-label="${escapeHtml(args.title)}">${parts.join("")}</svg>`;
}
