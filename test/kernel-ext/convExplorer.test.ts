import * as tf from "@tensorflow/tfjs";
import { convExplorerBundle, convOutput, explorerWords } from "../../kernel-ext/convExplorer";
import { convAt, convGeometry, fitMessage, say } from "../../kernel-ext/convGeometry";

const EN = explorerWords("en");

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const grid = (h: number, w: number, f: (i: number, j: number) => number) => Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => f(i, j)));

describe("convolution geometry", () => {
  it.each([
    // [H, W, k, stride, pad] → [outH, fits, uncovered]
    ["5×5, 3×3, s1 p0", 5, 3, 1, 0, 3, true, 0],
    ["5×5, 3×3, s1 p1 (same)", 5, 3, 1, 1, 5, true, 0],
    ["7×7, 3×3, s2 p0", 7, 3, 2, 0, 3, true, 0],
    ["7×7, 3×3, s3 p0 (does not fit)", 7, 3, 3, 0, 2, false, 1],
    ["6×6, 3×3, s2 p0 (does not fit)", 6, 3, 2, 0, 2, false, 1],
    ["2×2, 3×3, s1 p0 (kernel too big)", 2, 3, 1, 0, 0, false, 2],
  ])("%s", (_name, H, k, s, p, outH, fits, uncovered) => {
    const g = convGeometry(H, H, k, k, s, p);
    expect([g.outH, g.outW, g.fitsH, g.uncoveredRows]).toEqual([outH, outH, fits, uncovered]);
  });

  it("says why 7×7 with a 3×3 kernel and stride 3 does not fit", () => {
    expect(fitMessage(7, 7, 3, 3, 3, 0, EN)).toBe(
      "does not fit — rows: (7 + 2·0 − 3) / 3 = 1.33 is not an integer, the last 1 row never covered; " +
        "columns: (7 + 2·0 − 3) / 3 = 1.33 is not an integer, the last 1 column never covered",
    );
    expect(fitMessage(5, 5, 3, 3, 1, 1, EN)).toBe("");
  });

  it.each([
    ["stride 1, pad 0", 1, 0],
    ["stride 2, pad 1", 2, 1],
    ["stride 3, pad 0", 3, 0],
    ["stride 1, pad 2", 1, 2],
  ])("convOutput matches tf.conv2d with explicit zero padding (%s), tolerance 1e-4", (_name, stride, pad) => {
    const X = grid(7, 6, (i, j) => ((i * 7 + j * 3) % 5) - 2);
    const K = grid(3, 3, (a, b) => (a - 1) * 0.5 + b * 0.25);
    const Y = convOutput(X, K, stride, pad);
    const expected = tf.tidy(() => {
      const x = tf.tensor4d(X.flat(), [1, 7, 6, 1]).pad([[0, 0], [pad, pad], [pad, pad], [0, 0]]);
      return tf.conv2d(x as tf.Tensor4D, tf.tensor4d(K.flat(), [3, 3, 1, 1]), stride, "valid").squeeze([0, 3]).arraySync() as number[][];
    });
    expect(Y.length).toBe(expected.length);
    Y.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 4)));
  });

  it("the embedded page functions are self-contained (run from their source alone)", () => {
    // The explorer ships say/convGeometry/convAt/fitMessage to the browser via toString(), its words as JSON.
    const page = new Function(
      "words",
      `${say.toString()}\n${convGeometry.toString()}\n${convAt.toString()}\n${fitMessage.toString()}\n` +
        "return [convGeometry(7, 7, 3, 3, 3, 0).outH, convAt([[1, 2], [3, 4]], [[1]], 1, 1, 1, 0), fitMessage(7, 7, 3, 3, 3, 0, words)];",
    );
    expect(page(JSON.parse(JSON.stringify(EN)))).toEqual([2, 4, fitMessage(7, 7, 3, 3, 3, 0, EN)]);
  });
});

describe("show.convExplorer", () => {
  it("renders the worked grids in the output (inline styles, no <style>); its script adds sliders and step/play; text/plain has Y", () => {
    const b = convExplorerBundle({ input: grid(7, 7, (i, j) => i + j), kernel: [[1, 0, -1], [1, 0, -1], [1, 0, -1]], stride: 3 });
    expect(b["text/plain"]).toBe(
      [
        "convolution explorer: X 7×7, K 3×3, stride 3, padding 0 → Y 2×2",
        fitMessage(7, 7, 3, 3, 3, 0, EN),
        // Y[0,0] = Σ_a (a+0) − (a+2) = −6 per row... every window: −2 per row × 3 rows = −6.
        "  -6 -6",
        "  -6 -6",
      ].join("\n"),
    );
    const html = b["text/html"];
    const [markup, script] = html.split("<script");
    expect(markup).not.toContain("<style");
    // Untrusted viewers drop the script: the markup alone shows X (7×7), K, and every Y cell computed.
    expect(markup.match(/title="X\[\d,\d\]"/g)).toHaveLength(49);
    expect(markup.match(/title="K\[\d,\d\]"/g)).toHaveLength(9);
    const ys = [...markup.matchAll(/title="Y\[\d,\d\]">([^<]*)</g)].map((m) => m[1]);
    expect(ys).toEqual(convOutput(grid(7, 7, (i, j) => i + j), [[1, 0, -1], [1, 0, -1], [1, 0, -1]], 3, 0).flat().map(String));
    expect(markup).not.toContain('type="range"');
    for (const part of ['class="cx-stride" type="range"', 'class="cx-pad" type="range"', "cx-next", "cx-play", "function convGeometry(", "function convGridsHtml(", "start(root, [[0,1,2"]) {
      expect(script).toContain(part);
    }
    expect(script).toContain(', 3, 0, 4, 2, {"lang":"en","messages":{'); // stride 3, pad 0, slider maxima 4 and 2, then the words
    expect(html).toContain("does not fit — rows");
    expect(html).not.toMatch(/src="http/);
  });

  it.each([
    ["a 3D input", { input: tf.zeros([3, 3, 1]), kernel: [[1]] }, /input: expected a 2D matrix of at most 16×16, received shape \[3, 3, 1\]/],
    ["a 20×20 input", { input: grid(20, 20, () => 0), kernel: [[1]] }, /input: expected a 2D matrix of at most 16×16, received shape \[20, 20\]/],
    ["a 9×9 kernel", { input: grid(9, 9, () => 0), kernel: grid(9, 9, () => 0) }, /kernel: expected a 2D matrix of at most 7×7, received shape \[9, 9\]/],
    ["stride 0", { input: [[1]], kernel: [[1]], stride: 0 }, /stride: expected an integer 1..8, received 0/],
    ["pad 1.5", { input: [[1]], kernel: [[1]], pad: 1.5 }, /pad: expected an integer 0..8, received 1.5/],
  ])("rejects %s", (_name, args, message) => {
    expect(() => convExplorerBundle(args as never)).toThrow(message);
  });
});
