/** The HTML report: rendered markdown and KaTeX, outputs embedded as they are, offline, Plotly once. */
import { renderReport } from "../../lib/runner/report";
import { renderLatex, renderMarkdown } from "../../lib/runner/markdown";
import type { Output } from "../../lib/notebook/types";
import { code, markdown, notebook } from "../notebooks/fixtures";

const ARGS = { title: "t", source: "t.ipynb", ok: true, seconds: 1.25 };

function withOutputs(...outputs: Output[]) {
  const cell = code('console.log("x")');
  cell.execution_count = 1;
  cell.outputs = outputs;
  return notebook(cell);
}

const display = (data: Record<string, unknown>): Output => ({ output_type: "display_data", data, metadata: {} });

/** Every URL the page would fetch: src/href attributes and CSS url(). */
function fetchedUrls(html: string): string[] {
  const attrs = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/g)].map((m) => m[1]);
  const css = [...html.matchAll(/url\(\s*["']?([^"')]*)/g)].map((m) => m[1]);
  return [...attrs, ...css];
}

describe("markdown and math", () => {
  it("renders $x^2$ with KaTeX on the server", () => {
    const html = renderMarkdown("Area $x^2$.");
    expect(html).toContain('<span class="katex">');
    expect(html).toContain('<annotation encoding="application/x-tex">x^2</annotation>');
  });

  it("renders $$...$$ as display math", () => {
    expect(renderMarkdown("$$\n\\frac{a}{b}\n$$")).toContain('class="katex-display"');
  });

  it.each([
    ["$$ display $$", "$$\\sum_i x_i$$", true],
    ["\\[ display \\]", "\\[\\sum_i x_i\\]", true],
    ["$ inline $", "$x_i$", false],
    ["no delimiters (display)", "\\begin{bmatrix}1 & 2\\end{bmatrix}", true],
  ])("renders a text/latex output given as %s", (_case, latex, isDisplay) => {
    const html = renderLatex(latex);
    expect(html).toContain('class="katex"');
    expect(html.includes("katex-display")).toBe(isDisplay);
  });

  it("shows a bad formula in red instead of failing the report", () => {
    expect(renderLatex("$\\frac{1}$")).toContain("katex-error");
  });
});

describe("renderReport", () => {
  it("contains rendered KaTeX with its stylesheet and fonts inlined, and fetches nothing from the network", () => {
    const html = renderReport(notebook(markdown("# Title\n\nSquare: $x^2$"), code("1")), ARGS);
    expect(html).toContain('class="katex"');
    expect(html).toContain(".katex{");
    expect(html).toContain("data:font/woff2;base64,");
    const remote = fetchedUrls(html).filter((u) => /^(https?:)?\/\//i.test(u));
    expect(remote).toEqual([]);
    expect(html).not.toMatch(/cdn\.|jsdelivr|unpkg|cdnjs/i);
  });

  it("leaves KaTeX's CSS out when there is no math", () => {
    expect(renderReport(notebook(markdown("plain")), ARGS)).not.toContain(".katex{");
  });

  it("shows code cells with their source escaped and the run time in the header", () => {
    const html = renderReport(notebook(code("const a = 1 < 2 && b > 3;")), ARGS);
    expect(html).toContain("const a = 1 &lt; 2 &amp;&amp; b &gt; 3;");
    expect(html).toContain("ran in 1.3 s");
  });

  it.each([
    ["image/png as a data URI", display({ "image/png": "iVBORw0KGgo=", "text/plain": "a digit" }), '<img src="data:image/png;base64,iVBORw0KGgo=" alt="a digit">'],
    ["text/html as it is", display({ "text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "table" }), "<table><tr><td>1</td></tr></table>"],
    ["text/latex through KaTeX", display({ "text/latex": "$$\\begin{bmatrix}1\\end{bmatrix}$$", "text/plain": "[1]" }), 'class="katex-display"'],
    ["text/latex rather than its HTML fallback", display({ "text/latex": "$$x^2$$", "text/html": "<i>x squared</i>", "text/plain": "x^2" }), 'class="katex-display"'],
    ["text/plain in <pre>", display({ "text/plain": "a < b" }), '<pre class="output">a &lt; b</pre>'],
    ["stdout in <pre>", { output_type: "stream", name: "stdout", text: "hello\n" } as Output, '<pre class="output stream stdout">hello\n</pre>'],
    ["an error with its traceback", { output_type: "error", ename: "RangeError", evalue: "bad", traceback: ["RangeError: bad", "    at cell:1"] } as Output, "<strong>RangeError: bad</strong>\n    at cell:1"],
  ])("embeds %s", (_case, output, expected) => {
    expect(renderReport(withOutputs(output), ARGS)).toContain(expected);
  });

  const bundle = "<script>/**\n* plotly.js v3.7.0\n* Copyright 2012-2026, Plotly, Inc.\n*/ window.Plotly = {};</script>";
  const chart = '<div id="c1"></div><script>(function w(){ if (!window.Plotly) return setTimeout(w, 50); Plotly.newPlot("c1", []); })()</script>';

  it("embeds the Plotly library once however many outputs carry it", () => {
    const html = renderReport(withOutputs(display({ "text/html": bundle }), display({ "text/html": chart }), display({ "text/html": bundle })), ARGS);
    expect(html.split("* plotly.js v3.7.0").length - 1).toBe(1);
    expect(html).toContain(chart);
  });

  it("shows nothing for a cnnlab record (values kept for the tests), but names other unknown outputs", () => {
    const html = renderReport(withOutputs(display({ "application/vnd.cnnlab.record+json": { secretValue: 0.987 } }), display({ "application/x-unknown": "?" })), ARGS);
    expect(html).not.toContain("secretValue");
    expect(html).not.toContain("vnd.cnnlab.record");
    expect(html).toContain("[output of type application/x-unknown not shown]");
  });

  it("adds the Plotly library from node_modules (once) when charts came without it", () => {
    const html = renderReport(withOutputs(display({ "text/html": chart }), display({ "text/html": chart.replace(/c1/g, "c2") })), ARGS);
    expect(html.split(/\* plotly\.js v\d/).length - 1).toBe(1);
    expect(html.indexOf("plotly.js v")).toBeLessThan(html.indexOf('<div id="c1">'));
  });

  it("names a failed run's cell and a notebook that could not run", () => {
    expect(renderReport(notebook(), { ...ARGS, ok: false, failedCellNumber: 4 })).toContain('stopped at <a href="#cell-4">cell 4</a>');
    expect(renderReport(notebook(), { ...ARGS, ok: false, error: "no <kernel>" })).toContain("could not run: no &lt;kernel&gt;");
  });
});
