import * as tf from "@tensorflow/tfjs";
import { commonDenominator, formatNumber, matrixBundle, matrixLatex } from "../../kernel-ext/matrix";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("show.matrix LaTeX", () => {
  it.each([
    ["integers", [[1, 0, -1], [2, 0, -2]], "\\begin{bmatrix} 1 & 0 & -1 \\\\ 2 & 0 & -2 \\end{bmatrix}"],
    ["box blur 1/9 factored out", [[1 / 9, 1 / 9], [1 / 9, 1 / 9]], "\\frac{1}{9}\\begin{bmatrix} 1 & 1 \\\\ 1 & 1 \\end{bmatrix}"],
    ["Gaussian 1/16", [[1, 2, 1], [2, 4, 2], [1, 2, 1]].map((r) => r.map((v) => v / 16)), "\\frac{1}{16}\\begin{bmatrix} 1 & 2 & 1 \\\\ 2 & 4 & 2 \\\\ 1 & 2 & 1 \\end{bmatrix}"],
    ["halves", [[0.5, -1.5]], "\\frac{1}{2}\\begin{bmatrix} 1 & -3 \\end{bmatrix}"],
    ["decimals to 3 significant digits", [[0.12345, 3.14159]], "\\begin{bmatrix} 0.123 & 3.14 \\end{bmatrix}"],
    ["a vector is a row", [1, 2, 3], "\\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix}"],
    ["a scalar", 7, "\\begin{bmatrix} 7 \\end{bmatrix}"],
  ])("%s", (_name, k, latex) => {
    expect(matrixLatex(k as never).latex).toBe(latex);
  });

  it("recognises float32 1/9 from a tensor", () => {
    const k = tf.fill([3, 3], 1 / 9);
    expect(matrixLatex(k).latex).toMatch(/^\\frac\{1\}\{9\}\\begin\{bmatrix\} 1 & 1 & 1/);
    k.dispose();
  });

  it("elides the middle of large matrices with ⋯ ⋮ ⋱", () => {
    const big = Array.from({ length: 20 }, (_, i) => Array.from({ length: 20 }, (_, j) => i * 20 + j));
    const { latex } = matrixLatex(big, { maxSize: 5 });
    // Rows 0, 1, ⋮, 18, 19 (head 2, tail 2).
    expect(latex).toContain("\\vdots & \\vdots & \\ddots & \\vdots & \\vdots");
    expect(latex).toContain("0 & 1 & \\cdots & 18 & 19");
    expect(latex).toContain("380 & 381 & \\cdots & 398 & 399");
  });

  it.each([
    [0.25, "0.25"],
    [3.5e-7, "3.5 \\times 10^{-7}"],
    [-2, "-2"],
    [NaN, "\\text{NaN}"],
    [-Infinity, "-\\infty"],
    [123456.7, "123000"],
    [1e-12, "1 \\times 10^{-12}"],
  ])("formats %p as %p", (v, s) => {
    expect(formatNumber(v)).toBe(s);
  });

  it.each([
    [[1, 2, 3], 1],
    [[0.5, 0.25], 4],
    [[1 / 3, 2 / 3], 3],
    [[Math.PI], null],
  ])("common denominator of %p is %p", (values, d) => {
    expect(commonDenominator(values)).toBe(d);
  });

  it("bundle has text/latex in $$, sanitiser-proof HTML (no MathML) and aligned text", () => {
    const b = matrixBundle([[1, -2], [30, 4]], { label: "K =" });
    expect(b["text/latex"]).toBe("$$K = \\begin{bmatrix} 1 & -2 \\\\ 30 & 4 \\end{bmatrix}$$");
    // JupyterLab strips MathML from untrusted outputs: the HTML is a grid of plain spans between bracket borders.
    expect(b["text/html"]).not.toMatch(/<math|<script|<style|<svg/);
    expect(b["text/html"]).toContain("grid-template-columns:repeat(2,auto)");
    expect([...b["text/html"].matchAll(/<span>([^<]*)<\/span>/g)].map((m) => m[1])).toEqual(["K =", "1", "-2", "30", "4"]);
    expect(b["text/plain"]).toBe("[[ 1 -2]\n [30  4]]");
  });

  it("rejects a 4D kernel with the shape and a hint", () => {
    expect(() => matrixLatex(tf.zeros([3, 3, 1, 2]))).toThrow(/k: expected a matrix \(2D\).*received shape \[3, 3, 1, 2\]; slice it first/);
  });
});
