/** Matrices as LaTeX (`$$\begin{bmatrix}…$$`) with exact fractions where the numbers are fractions. */
import type { KatexOptions } from "katex/types/katex";
import { MimeBundle, escapeHtml } from "./display";
import { NumericInput, describeShape, toDense } from "./dense";

// katex declares its types only under package.json "exports", which this project's
// moduleResolution ("node") does not read; take the declarations by path instead.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const katex: { renderToString(tex: string, options?: KatexOptions): string } = require("katex");

/** Options of `show.matrix`. */
export interface MatrixArgs {
  /** LaTeX placed before the matrix, e.g. "K =". Default: none. */
  label?: string;
  /** Significant digits for values that are not simple fractions. Default 3. */
  digits?: number;
  /** Rows and columns shown before eliding the middle with ⋯ / ⋮. Default 12. */
  maxSize?: number;
}

/** Largest denominator recognised as a fraction (covers 1/9 box blurs, 1/16 and 1/256 Gaussians). */
const MAX_DENOMINATOR = 256;
/** Tolerance for "is an integer" (per 1000 in magnitude): float32 stores 1/9 with ~1e-8 error, while π·113 = 355.00003 must not pass. */
const TOLERANCE = 1e-5;

const nearInteger = (v: number): boolean => Math.abs(v - Math.round(v)) <= TOLERANCE * Math.max(1, Math.abs(v) / 1000);

/** The smallest d ≤ 256 such that every value × d is an integer (1 for integer matrices), or null. */
export function commonDenominator(values: ArrayLike<number>): number | null {
  for (let d = 1; d <= MAX_DENOMINATOR; d++) {
    let ok = true;
    for (let k = 0; k < values.length && ok; k++) ok = Number.isFinite(values[k]) && nearInteger(values[k] * d);
    if (ok) return d;
  }
  return null;
}

/** A number as LaTeX: integers exactly, otherwise `digits` significant digits without trailing zeros. */
export function formatNumber(v: number, digits = 3): string {
  if (Number.isNaN(v)) return "\\text{NaN}";
  if (!Number.isFinite(v)) return v > 0 ? "\\infty" : "-\\infty";
  // Tiny weights are not zero: only values of at least 1e-3 may round to an integer.
  if (Number.isInteger(v) || (Math.abs(v) >= 1e-3 && nearInteger(v))) return String(Math.round(v));
  const s = Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(digits))) : v.toExponential(digits - 1);
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
  return m ? `${Number(m[1])} \\times 10^{${Number(m[2])}}` : s;
}

/** Indices shown along one axis of length n: all, or the first and last few around an ellipsis (-1). */
function shownIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, k) => k);
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return [...Array.from({ length: head }, (_, k) => k), -1, ...Array.from({ length: tail }, (_, k) => n - tail + k)];
}

/** LaTeX for a matrix (2D), a row vector (1D) or a scalar. */
export function matrixLatex(k: NumericInput, args: MatrixArgs = {}): { latex: string; text: string; shape: number[]; cells: string[][]; factor: number } {
  const digits = args.digits ?? 3;
  const maxSize = args.maxSize ?? 12;
  if (!Number.isInteger(digits) || digits < 1 || digits > 10) throw new Error(`digits: expected an integer 1..10, received ${digits}`);
  if (!Number.isInteger(maxSize) || maxSize < 3) throw new Error(`maxSize: expected an integer ≥ 3, received ${maxSize}`);
  const dense = toDense(k, "k");
  if (dense.shape.length > 2) {
    throw new Error(`k: expected a matrix (2D), vector (1D) or scalar, received shape ${describeShape(dense.shape)}; slice it first, e.g. kernel.slice([0,0,0,0],[-1,-1,1,1]).reshape([kh,kw])`);
  }
  const [rows, cols] = dense.shape.length === 2 ? dense.shape : [1, dense.shape[0] ?? 1];
  const d = commonDenominator(dense.data);
  // Factor out 1/d when every entry is a multiple of it and the numerators stay short.
  const factor = d !== null && d > 1 && dense.data.every((v) => Math.abs(v * d) < 1000) ? d : 1;
  const cell = (v: number): string => formatNumber(v * factor, digits);
  const is = shownIndices(rows, maxSize);
  const js = shownIndices(cols, maxSize);
  const latexRows = is.map((i) =>
    js.map((j) => (i < 0 && j < 0 ? "\\ddots" : i < 0 ? "\\vdots" : j < 0 ? "\\cdots" : cell(dense.data[i * cols + j]))).join(" & "),
  );
  const prefix = (args.label ? `${args.label} ` : "") + (factor > 1 ? `\\frac{1}{${factor}}` : "");
  const latex = `${prefix}\\begin{bmatrix} ${latexRows.join(" \\\\ ")} \\end{bmatrix}`;
  const textCells = is.map((i) => js.map((j) => (i < 0 ? "⋮" : j < 0 ? "…" : cell(dense.data[i * cols + j]).replace(/\\text\{NaN\}/, "NaN").replace(/\\infty/, "∞"))));
  const width = Math.max(...textCells.flat().map((s) => s.length));
  const text =
    (factor > 1 ? `1/${factor} × ` : "") +
    textCells.map((r, n) => (n === 0 ? "[" : " ") + "[" + r.map((s) => s.padStart(width)).join(" ") + "]").join("\n") +
    "]";
  // Cells as Unicode for HTML: "3 \\times 10^{-4}" reads 3×10⁻⁴ there.
  const cells = textCells.map((r) => r.map((c) => c.replace(/ \\times 10\^\{(-?\d+)\}$/, (_, e: string) => "×10" + [...e].map((ch) => SUPERSCRIPT[ch]).join(""))));
  return { latex, text, shape: dense.shape, cells, factor };
}

const SUPERSCRIPT: Record<string, string> = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/** LaTeX (a label such as "\\text{max pool} =") as plain Unicode text, through KaTeX's MathML without its markup. */
function latexAsText(latex: string): string {
  const mathml = katex.renderToString(latex, { output: "mathml", throwOnError: false });
  const visible = mathml.replace(/<annotation[\s\S]*?<\/annotation>/g, "").replace(/<[^>]+>/g, "");
  return visible.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&").replace(/\s*=\s*/g, " = ").replace(/\s+/g, " ").trim();
}

/**
 * The matrix as HTML with inline styles only: a CSS grid of cells between two bracket
 * borders. It survives every sanitiser (JupyterLab removes MathML from untrusted outputs)
 * and needs no MathJax, so it also renders in HTML exports opened offline.
 */
function matrixHtml(cells: string[][], factor: number, label: string | undefined, latex: string): string {
  const cols = cells[0]?.length ?? 1;
  const bracket = (side: "left" | "right") =>
    `<span style="width:5px;border:1.5px solid #333;border-${side === "left" ? "right" : "left"}:none"></span>`;
  const grid =
    `<span style="display:inline-grid;grid-template-columns:repeat(${cols},auto);gap:2px 14px;padding:3px 4px;text-align:right">` +
    cells.flat().map((c) => `<span>${escapeHtml(c)}</span>`).join("") +
    `</span>`;
  const labelHtml = label ? `<span>${escapeHtml(latexAsText(label))}</span>` : "";
  const fraction =
    factor > 1
      ? `<span style="display:inline-flex;flex-direction:column;align-items:center;font-size:90%"><span style="border-bottom:1px solid #333;padding:0 2px">1</span><span>${factor}</span></span>`
      : "";
  return (
    `<div class="cnnlab-matrix" title="${escapeHtml(latex)}" style="display:flex;align-items:center;gap:6px;font:15px 'Latin Modern Math','STIX Two Math','Cambria Math',serif;margin:4px 0">` +
    `${labelHtml}${fraction}<span style="display:inline-flex;align-items:stretch">${bracket("left")}${grid}${bracket("right")}</span></div>`
  );
}

/**
 * Bundle: text/latex for Jupyter's LaTeX renderer and LaTeX/PDF export, plus an HTML matrix
 * (inline styles, no MathML or scripts) that JupyterLab shows even for untrusted notebooks
 * and that HTML exports show offline.
 */
export function matrixBundle(k: NumericInput, args: MatrixArgs = {}): MimeBundle {
  const { latex, text, cells, factor } = matrixLatex(k, args);
  return {
    "text/plain": text,
    "text/latex": `$$${latex}$$`,
    "text/html": matrixHtml(cells, factor, args.label, latex),
  };
}
