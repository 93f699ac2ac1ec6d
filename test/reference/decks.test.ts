/** The worked examples of the five lecture decks the course is built from, checked as numbers. */
// Imported through the public entry, as notebooks do (`import { arith, reference as R } from "cnnlab"`).
import { arith, reference as R } from "../../lib";

describe("the Slovak/English deck (after CS231n): max-pool and the output-size formula", () => {
  it("2x2 stride-2 max-pool of [[1,1,2,4],[5,6,7,8],[3,2,1,0],[1,2,3,4]] → [[6, 8], [3, 4]]", () => {
    const x = R.fromNested([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]);
    const y = R.maxPoolForward(R.tensor([1, 4, 4, 1], x.data), { size: 2, stride: 2 });
    expect(R.toNested(R.tensor([2, 2], y.data))).toEqual([[6, 8], [3, 4]]);
  });

  it.each([
    [1, 5],
    [2, 3],
  ])("7x7 input, 3x3 filter, stride %i → %ix%i", (stride, out) => {
    expect(arith.outputSize({ input: 7, kernel: 3, stride })).toBe(out);
  });

  it("7x7 input, 3x3 filter, stride 3 does not fit: (7 − 3)/3 + 1 = 2.33", () => {
    expect(() => arith.outputSize({ input: 7, kernel: 3, stride: 3 })).toThrow(/\(7 − 3 \+ 2·0\)\/3 \+ 1 = 2\.33 is not an integer/);
  });

  it("32x32x3 with ten 5x5 filters, stride 1, pad 2 → 32x32x10 and 760 parameters", () => {
    const layer = arith.convLayer({ input: [32, 32, 3], kernel: 5, filters: 10, stride: 1, pad: 2 });
    expect(layer.output).toEqual([32, 32, 10]);
    expect(layer.params).toBe(760);
    const y = R.conv2dForward(R.tensor([1, 32, 32, 3], 1), R.tensor([5, 5, 3, 10], 0.01), null, { pad: 2 });
    expect(y.shape).toEqual([1, 32, 32, 10]);
  });

  it("32x32x3 with a 5x5x3 filter and no padding → 28x28, then 24x24 (shrinking)", () => {
    expect(arith.convLayer({ input: [32, 32, 3], kernel: 5, filters: 1 }).output).toEqual([28, 28, 1]);
    expect(arith.convLayer({ input: [28, 28, 1], kernel: 5, filters: 1 }).output).toEqual([24, 24, 1]);
  });

  it.each([
    [3, 1],
    [5, 2],
    [7, 3],
  ])("F = %i, stride 1: zero pad (F − 1)/2 = %i preserves the size", (F, P) => {
    expect(arith.samePadding({ input: 32, kernel: F })).toEqual({ output: 32, total: 2 * P, before: P, after: P });
    expect(arith.outputSize({ input: 32, kernel: F, pad: P })).toBe(32);
  });
});

describe("the Czech university deck (Lesson 08, in English): stride on a 10x10 input", () => {
  it("3x3 kernel at stride 1 → 8x8", () => {
    expect(arith.outputSize({ input: 10, kernel: 3, stride: 1 })).toBe(8);
  });
  it("3x3 kernel at stride 3: (10 − 3)/3 + 1 = 3.33, floored to 3x3 as the deck does", () => {
    expect(() => arith.outputSize({ input: 10, kernel: 3, stride: 3 })).toThrow(/3\.33/);
    expect(arith.outputSize({ input: 10, kernel: 3, stride: 3, mode: "floor" })).toBe(3);
    expect(R.conv2dForward(R.tensor([1, 10, 10, 1], 1), R.tensor([3, 3, 1, 1], 1), null, { stride: 3 }).shape).toEqual([1, 3, 3, 1]);
  });
});

describe("the Spanish deck: 7x7 image convolved with (1/5)·[[0,1,0],[1,1,1],[0,1,0]], zero border", () => {
  const image = R.fromNested([
    [130, 136, 53, 44, 231, 67, 108],
    [130, 89, 77, 58, 250, 154, 130],
    [208, 239, 120, 111, 112, 181, 22],
    [203, 223, 59, 79, 28, 57, 67],
    [164, 140, 215, 235, 66, 30, 204],
    [97, 159, 50, 110, 104, 76, 7],
    [207, 150, 58, 47, 152, 81, 237],
  ], "float64");
  const h = R.map(R.fromNested([[0, 1, 0], [1, 1, 1], [0, 1, 0]], "float64"), (v) => v / 5);
  // The slide prints six rows: its fourth row (index 3) is missing. Row 3 by hand, e.g. the first
  // pixel: (203 + 208 above + 164 below + 0 left + 223 right)/5 = 159.6.
  const expected = [
    [79.2, 81.6, 62.0, 77.2, 118.4, 112.0, 61.0],
    [111.4, 134.2, 79.4, 108.0, 161.0, 156.4, 82.8],
    [156.0, 175.8, 121.2, 96.0, 136.4, 105.2, 80.0],
    [159.6, 172.8, 139.2, 102.4, 68.4, 72.6, 70.0],
    [120.8, 180.2, 139.8, 141.0, 92.6, 86.6, 61.6],
    [125.4, 119.2, 118.4, 109.2, 101.6, 59.6, 104.8],
    [90.8, 114.8, 61.0, 73.4, 76.8, 109.2, 65.0],
  ];
  it.each([
    ["convolve2d (kernel flipped)", R.convolve2d],
    ["correlate2d (the kernel is symmetric, so the same)", R.correlate2d],
  ])("%s gives the full 7x7 result", (_name, op) => {
    const y = op(image, h, { mode: "same" });
    expect(y.shape).toEqual([7, 7]);
    (R.toNested(y) as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 10)));
  });
});

describe("the Russian deck: template matching, weight sharing, parameter counts", () => {
  const filter = R.fromNested([[1, 0], [0, 1]]);
  it.each([
    ["the diagonal pattern → maximum 2", [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], [[0, 0, 0], [0, 1, 0], [0, 0, 2]], 2],
    ["the other diagonal → maximum 1", [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], [[0, 0, 0], [0, 0, 1], [0, 1, 0]], 1],
    ["the diagonal shifted to the top-left → still maximum 2 (shift commutes with convolution)", [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], [[2, 0, 0], [0, 1, 0], [0, 0, 0]], 2],
  ])("%s", (_name, input, output, max) => {
    const y = R.correlate2d(R.fromNested(input), filter);
    expect(R.toNested(y)).toEqual(output);
    expect(Math.max(...y.data)).toBe(max);
  });

  it("the edge detector [[-1,-1,-1],[-1,8,-1],[-1,-1,-1]] gives zero on a uniform fill", () => {
    const y = R.convolve2d(R.tensor([5, 5], 0.7), R.fromNested([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]));
    y.data.forEach((v) => expect(v).toBeCloseTo(0, 6));
  });

  it("the gradient of a shared weight is the sum over its uses", () => {
    // 3x3 image, 2x2 kernel, dL/dY = 1 everywhere: the weight K[p, q] is used at the 4 output
    // positions (i, j) with input X[i + p, j + q], so dL/dK[p, q] = Σ_{i,j} X[i + p, j + q].
    const x = R.tensor([1, 3, 3, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const w = R.tensor([2, 2, 1, 1], [0.5, -1, 2, 0.25]);
    const { dw } = R.conv2dBackward(R.tensor([1, 2, 2, 1], 1), x, w);
    expect(Array.from(dw.data)).toEqual([1 + 2 + 4 + 5, 2 + 3 + 5 + 6, 4 + 5 + 7 + 8, 5 + 6 + 8 + 9]);
  });

  it("a 300x300 image to 300x300 outputs: a 5x5 conv has 26 parameters, a dense layer 8.1e9", () => {
    expect(arith.convParams({ kernel: 5, inChannels: 1, filters: 1 })).toBe(26);
    expect(arith.denseLayer({ inputs: 300 * 300, outputs: 300 * 300, bias: false }).params).toBe(8.1e9);
  });

  it("parameters (Wk·Hk·Cin + 1)·Cout: a 3x5 kernel over 3 channels, 8 filters → 368", () => {
    expect(arith.convParams({ kernel: [3, 5], inChannels: 3, filters: 8 })).toBe((3 * 5 * 3 + 1) * 8);
  });

  it.each([1, 2, 5, 149, 150])("%i 3x3 layers see (2N + 1)x(2N + 1)", (N) => {
    expect(arith.receptiveField(Array.from({ length: N }, () => ({ kernel: 3 }))).size).toBe(2 * N + 1);
  });
});

describe("the Polish deck: GoogLeNet's 1x1 reduction and global average pooling", () => {
  it("(14×14×48)×(5×5×480) = 112.9M vs (14×14×16)×(1×1×480) + (14×14×48)×(5×5×16) = 1.5M + 3.8M = 5.3M", () => {
    const cost = arith.bottleneck({ input: [14, 14, 480], kernel: 5, filters: 48, reduceTo: 16 });
    expect(cost.direct).toBe(14 * 14 * 48 * 5 * 5 * 480);
    expect(cost.reduce).toBe(14 * 14 * 16 * 480);
    expect(cost.conv).toBe(14 * 14 * 48 * 5 * 5 * 16);
    expect((cost.direct / 1e6).toFixed(1)).toBe("112.9");
    expect((cost.reduce / 1e6).toFixed(1)).toBe("1.5");
    expect((cost.conv / 1e6).toFixed(1)).toBe("3.8");
    expect((cost.total / 1e6).toFixed(1)).toBe("5.3");
  });

  it("a dense layer on 7×7×1024 to 1024 units has 7×7×1024×1024 = 51,380,224 weights (the slide's 51.3M, truncated); global average pooling has 0", () => {
    expect(arith.denseLayer({ inputs: 7 * 7 * 1024, outputs: 1024, bias: false }).params).toBe(51_380_224);
    expect(R.globalAvgPool(R.tensor([1, 7, 7, 1024], 1)).shape).toEqual([1, 1024]);
  });

  it("LeNet-5: C1 6@5x5 on 32x32 → 6x28x28, 156 parameters, 122,304 connections; C5 120@5x5 on 16x5x5 → 48,120 parameters", () => {
    const c1 = arith.convLayer({ input: [32, 32, 1], kernel: 5, filters: 6 });
    expect(c1).toEqual({ output: [28, 28, 6], params: 156, connections: 122_304, multiplyAdds: 28 * 28 * 6 * 25 });
    expect(arith.poolLayer({ input: [28, 28, 6], size: 2 }).output).toEqual([14, 14, 6]);
    expect(arith.convLayer({ input: [5, 5, 16], kernel: 5, filters: 120 }).params).toBe(48_120);
  });

  it("AlexNet: 11x11 stride 4 does not fit 224 ((224 − 11)/4 + 1 = 54.25) but fits 227 → 55, then 3x3 stride-2 pooling → 27 → 13", () => {
    expect(() => arith.outputSize({ input: 224, kernel: 11, stride: 4 })).toThrow(/54\.25/);
    expect(arith.outputSize({ input: 227, kernel: 11, stride: 4 })).toBe(55);
    expect(arith.poolLayer({ input: [55, 55, 96], size: 3, stride: 2 }).output).toEqual([27, 27, 96]);
    expect(arith.poolLayer({ input: [27, 27, 256], size: 3, stride: 2 }).output).toEqual([13, 13, 256]);
  });

  it("AlexNet's LRN (k 2, n 5, α 1e-4, β 0.75) on one pixel of 5 channels, by hand", () => {
    const a = [1, 2, 3, 4, 5];
    const y = R.lrnForward(R.tensor([1, 1, 1, 5], a, "float64"), { depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75 });
    // channel 0 sums channels 0..2: 1 + 4 + 9 = 14; channel 2 sums all five: 55.
    expect(y.data[0]).toBeCloseTo(1 / (2 + 1e-4 * 14) ** 0.75, 12);
    expect(y.data[2]).toBeCloseTo(3 / (2 + 1e-4 * 55) ** 0.75, 12);
  });
});

describe("the Spanish deck: a dense layer on a 32x32x3 image", () => {
  it("32x32x3 → 32x32 units: 3·(32²)² + 32² ≈ 3·10⁶ parameters", () => {
    expect(arith.denseLayer({ inputs: 32 * 32 * 3, outputs: 32 * 32 }).params).toBe(3 * (32 ** 2) ** 2 + 32 ** 2);
  });
});
