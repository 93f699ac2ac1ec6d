/**
 * reports/index.html: one line per notebook of the run, linking its report. A localised run
 * (`--lang pl`) writes its own reports/pl/index.html; every index carries a line of links to the
 * languages whose reports exist, rewritten after each run (writeLanguageLinks).
 */
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../fs/atomic-write";
import { LANGS, LANG_NAMES, type Lang } from "../i18n/lang";
import { t } from "../i18n/t";
import { escapeHtml } from "./report";
import { REPORT_CSS } from "./report-css";
import type { NotebookSummary } from "./run";

const NAV_START = "<!-- cnnlab:languages -->";
const NAV_END = "<!-- /cnnlab:languages -->";
const NAV = new RegExp(`${NAV_START}[\\s\\S]*?${NAV_END}`);

function page(lang: Lang, head: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t("index.title", {}, lang))}</title><style>${REPORT_CSS}</style></head>
<body>
<header><h1 class="report-title">${escapeHtml(t("index.title", {}, lang))}</h1>${head}
${NAV_START}${NAV_END}</header>
${body}
</body>
</html>
`;
}

/** The index page for `summaries`, with links relative to `outDir`, in `lang` (default "en"). */
export function renderIndex(summaries: NotebookSummary[], outDir: string, lang: Lang = "en"): string {
  const tr = (key: Parameters<typeof t>[0], params = {}) => escapeHtml(t(key, params, lang));
  const rows = summaries.map((s) => {
    const name = escapeHtml(path.basename(s.file, ".ipynb"));
    const link = s.report ? `<a href="${escapeHtml(path.relative(outDir, s.report).split(path.sep).join("/"))}">${name}</a>` : name;
    const status = s.ok ? `<span class="good">${tr("index.ok")}</span>` : `<span class="bad">${s.failedCellNumber !== undefined ? tr("index.failedAt", { cell: s.failedCellNumber }) : tr("index.failed")}</span>`;
    const error = s.error && !s.ok ? escapeHtml(s.error.split("\n")[0]) : "";
    return `<tr><td style="text-align:left">${link}</td><td>${status}</td><td>${s.seconds.toFixed(1)} s</td><td style="text-align:left">${error}</td></tr>`;
  });
  const failed = summaries.filter((s) => !s.ok).length;
  const head = `<p class="summary">${tr("index.count", { count: summaries.length })}, ${failed === 0 ? `<span class="good">${tr("index.allRan")}</span>` : `<span class="bad">${tr("index.someFailed", { count: failed })}</span>`} · ${new Date().toISOString().replace("T", " ").slice(0, 19)} UTC</p>`;
  const body = `<main><table><tr><th style="text-align:left">${tr("index.notebook")}</th><th>${tr("index.status")}</th><th>${tr("index.time")}</th><th style="text-align:left">${tr("index.error")}</th></tr>
${rows.join("\n")}
</table></main>`;
  return page(lang, head, body);
}

/** Where a language's index lives under the reports folder: English at its top, the others in <lang>/. */
export function languageIndex(reportsRoot: string, lang: Lang): string {
  return lang === "en" ? path.join(reportsRoot, "index.html") : path.join(reportsRoot, lang, "index.html");
}

/**
 * Rewrites the language links of every index under `reportsRoot` so each links every language
 * that has reports. Writes a top index with only the links when no English run wrote one, so
 * reports/index.html always links every language.
 */
export function writeLanguageLinks(reportsRoot: string): void {
  const top = languageIndex(reportsRoot, "en");
  if (!fs.existsSync(top)) {
    writeFileAtomic(top, page("en", `<p class="summary">English: ${escapeHtml(t("index.notRun", {}, "en"))}</p>`, "<main></main>"));
  }
  const present = LANGS.filter((l) => fs.existsSync(languageIndex(reportsRoot, l)));
  for (const lang of LANGS) {
    const file = languageIndex(reportsRoot, lang);
    if (!fs.existsSync(file)) continue;
    const links = LANGS.map((l) => {
      const name = escapeHtml(LANG_NAMES[l]);
      if (l === lang) return `<strong>${name}</strong>`;
      if (!present.includes(l)) return `<span title="${escapeHtml(t("index.notRun", {}, lang))}">${name}</span>`;
      const href = path.relative(path.dirname(file), languageIndex(reportsRoot, l)).split(path.sep).join("/");
      return `<a href="${escapeHtml(href)}" hreflang="${l}">${name}</a>`;
    });
    const nav = `${NAV_START}<nav class="summary" aria-label="${escapeHtml(t("index.languages", {}, lang))}">${escapeHtml(t("index.languages", {}, lang))}: ${links.join(" · ")}</nav>${NAV_END}`;
    const html = fs.readFileSync(file, "utf8");
    writeFileAtomic(file, NAV.test(html) ? html.replace(NAV, nav) : html.replace("</header>", `${nav}</header>`));
  }
}
