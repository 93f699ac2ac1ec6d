/**
 * Markdown and LaTeX to HTML on the server: markdown-it with KaTeX (`$...$` inline,
 * `$$...$$` display), so reports need no JavaScript and no network to show formulas.
 */
import * as fs from "fs";
import * as path from "path";
import type Katex from "katex";
import type MarkdownIt from "markdown-it";

// Loaded on first use: `import "cnnlab"` in a notebook should not pay for the report renderer.
let md: MarkdownIt | undefined;

function katex(): typeof Katex {
  return require("katex") as typeof Katex;
}

function renderer(): MarkdownIt {
  if (md) return md;
  const MarkdownItCtor = require("markdown-it") as typeof MarkdownIt;
  const markdownItKatex = (require("@vscode/markdown-it-katex") as { default: MarkdownIt.PluginWithOptions }).default;
  // html: notebook markdown may carry HTML, as Jupyter allows; throwOnError false shows a bad formula in red instead of failing the report.
  md = new MarkdownItCtor({ html: true, linkify: true }).use(markdownItKatex, { throwOnError: false });
  return md;
}

/** Markdown (with math) to HTML. */
export function renderMarkdown(source: string): string {
  return renderer().render(source);
}

/** A text/latex output, with or without `$`/`$$`/`\[...\]` delimiters, to HTML. */
export function renderLatex(source: string): string {
  const text = source.trim();
  const display = text.match(/^\$\$([\s\S]*)\$\$$/) ?? text.match(/^\\\[([\s\S]*)\\\]$/);
  const inline = display ? null : text.match(/^\$([\s\S]*)\$$/);
  const body = display ? display[1] : inline ? inline[1] : text;
  return katex().renderToString(body, { displayMode: !inline, throwOnError: false, output: "htmlAndMathml" });
}

let css: string | undefined;

/**
 * KaTeX's stylesheet with its fonts inlined as data URIs (woff2 only: every current browser
 * reads it), so a report is one file that shows formulas offline.
 */
export function katexCss(): string {
  if (css !== undefined) return css;
  const cssFile = require.resolve("katex/dist/katex.min.css");
  const fontsDir = path.join(path.dirname(cssFile), "fonts");
  css = fs.readFileSync(cssFile, "utf8").replace(/src:([^;}]*)/g, (whole, sources: string) => {
    const woff2 = sources.match(/url\((fonts\/[^)]+\.woff2)\)/);
    if (!woff2) return whole;
    const data = fs.readFileSync(path.join(fontsDir, path.basename(woff2[1]))).toString("base64");
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  return css;
}
