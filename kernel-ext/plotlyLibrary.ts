/**
 * Plotly.js inlined from node_modules — never a CDN, so charts render in exported HTML
 * opened offline. The ~4.6 MB library goes into its own output once per kernel session;
 * each chart then only waits for `window.Plotly`.
 */
import * as fs from "fs";
import { MimeBundle, emit, richOutput } from "./display";
import { plotlyLibraryPath } from "../lib/runner/plotly";
import { t } from "../lib/i18n/t";

export { plotlyLibraryPath };

let cachedSource: string | null = null;

/** The library as a <script> body: `</script` inside it must not close the tag early. */
function librarySource(): string {
  cachedSource ??= fs.readFileSync(plotlyLibraryPath(), "utf8").replace(/<\/(script)/gi, "<\\/$1");
  return cachedSource;
}

export function plotlyVersion(): string {
  return /plotly\.js v([\d.]+)/.exec(librarySource().slice(0, 300))?.[1] ?? "unknown";
}

/** The output that defines window.Plotly (skipped when a page already has it). */
export function plotlyLibraryBundle(): MimeBundle {
  const source = librarySource();
  const mb = (source.length / 1e6).toFixed(1);
  return {
    "text/plain": t("chart.plotly", { version: plotlyVersion(), mb }),
    "text/html": `<script type="text/javascript">if (!window.Plotly) {\n${source}\n}</script>`,
  };
}

let libraryEmitted = false;

/** Emits the library output if this kernel session has not yet done so. */
export function ensurePlotlyLibrary(): void {
  if (libraryEmitted || !richOutput()) return;
  emit(plotlyLibraryBundle());
  libraryEmitted = true;
}

/**
 * Emits the library again — for a notebook whose library output was cleared (charts then
 * say "Plotly.js did not load") or re-run without it.
 */
export function loadPlotlyLibrary(): void {
  libraryEmitted = false;
  ensurePlotlyLibrary();
}
