/**
 * Plotly in reports. The display extension sends the Plotly library (~4.6 MB) once per kernel
 * session as its own text/html output and each chart waits for `window.Plotly`; a report must
 * carry the library exactly once, and offline.
 */
import * as fs from "fs";
import * as path from "path";
import { npmPackageDir } from "../datasets/paths";

/** The licence header that starts every plotly.js build. */
const BUNDLE_HEADER = /\*\s*plotly\.js v\d+\.\d+/;
/** What a chart's script calls once Plotly is there. */
const CHART_CALL = /Plotly\.(newPlot|react)\s*\(/;

/** True for an HTML output that carries the Plotly library itself. */
export function isPlotlyBundle(html: string): boolean {
  return html.includes("<script") && BUNDLE_HEADER.test(html.slice(0, 4096));
}

/** True for an HTML output that draws a Plotly chart. */
export function drawsPlotlyChart(html: string): boolean {
  return CHART_CALL.test(html);
}

/**
 * The Plotly library file: the minified build of plotly.js-dist-min, cnnlab's one Plotly dependency
 * (charts in notebooks, kernel-ext/plotlyLibrary.ts, and in reports both come from it).
 */
export function plotlyLibraryPath(): string {
  return path.join(npmPackageDir("plotly.js-dist-min", "Plotly charts"), "plotly.min.js");
}

let bundle: string | undefined;

/** The Plotly library from node_modules as one <script>, for reports whose charts came without it. */
export function plotlyScript(): string {
  if (bundle === undefined) {
    // "</script" inside the library would end the tag early.
    bundle = `<script>${fs.readFileSync(plotlyLibraryPath(), "utf8").replace(/<\/script/gi, "<\\/script")}</script>`;
  }
  return bundle;
}
