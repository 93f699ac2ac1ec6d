import * as arith from "../../lib/arith";

describe("outputSize: (W − F + 2P)/S + 1", () => {
  it.each([
    ["5x5 on 32, valid", { input: 32, kernel: 5 }, 28],
    ["3x3 on 7, stride 2", { input: 7, kernel: 3, stride: 2 }, 3],
    ["3x3 on 5, pad 1", { input: 5, kernel: 3, pad: 1 }, 5],
    ["'valid' is pad 0", { input: 6, kernel: 2, stride: 2, pad: "valid" as const }, 3],
    ["'same' at stride 2 is ⌈W/S⌉", { input: 7, kernel: 3, stride: 2, pad: "same" as const }, 4],
    ["dilation 2 makes a 3x3 span 5", { input: 9, kernel: 3, dilation: 2 }, 5],
    ["kernel equal to the input → 1", { input: 4, kernel: 4 }, 1],
    ["floor mode drops leftover pixels", { input: 8, kernel: 3, stride: 2, mode: "floor" as const }, 3],
  ])("%s", (_name, args, expected) => {
    expect(arith.outputSize(args)).toBe(expected);
  });
});

describe("samePadding: TensorFlow's split, extra at the end", () => {
  it.each([
    ["3x3 stride 1", { input: 5, kernel: 3 }, { output: 5, total: 2, before: 1, after: 1 }],
    ["2x2 stride 1: odd total, extra after", { input: 5, kernel: 2 }, { output: 5, total: 1, before: 0, after: 1 }],
    ["3x3 stride 2 on 6", { input: 6, kernel: 3, stride: 2 }, { output: 3, total: 1, before: 0, after: 1 }],
    ["3x3 stride 2 on 7", { input: 7, kernel: 3, stride: 2 }, { output: 4, total: 2, before: 1, after: 1 }],
    ["1x1 stride 2 needs none", { input: 7, kernel: 1, stride: 2 }, { output: 4, total: 0, before: 0, after: 0 }],
    ["3x3 dilation 2 spans 5", { input: 8, kernel: 3, dilation: 2 }, { output: 8, total: 4, before: 2, after: 2 }],
  ])("%s", (_name, args, expected) => {
    expect(arith.samePadding(args)).toEqual(expected);
  });
});

describe("layer costs", () => {
  it("dense 4 → 3: 15 parameters with bias, 12 multiply-adds", () => {
    expect(arith.denseLayer({ inputs: 4, outputs: 3 })).toEqual({ output: [1, 1, 3], params: 15, connections: 15, multiplyAdds: 12 });
  });
  it("conv 3x3, 2 → 4 channels on 5x5, 'same': params 76, multiply-adds 5·5·4·18", () => {
    expect(arith.convLayer({ input: [5, 5, 2], kernel: 3, filters: 4, pad: "same" })).toEqual({
      output: [5, 5, 4], params: 76, connections: 5 * 5 * 4 * 19, multiplyAdds: 5 * 5 * 4 * 18,
    });
  });
  it("conv with a rectangular stride [2, 1] and no bias", () => {
    const c = arith.convLayer({ input: [9, 6, 1], kernel: [5, 3], filters: 2, stride: [2, 1], pad: 1, bias: false });
    expect(c.output).toEqual([4, 6, 2]);
    expect(c.params).toBe(30);
  });
  it("max-pool 3x3 stride 2 (overlapping) on 13x13x256: no parameters, 9 reads per output", () => {
    expect(arith.poolLayer({ input: [13, 13, 256], size: 3, stride: 2 })).toEqual({ output: [6, 6, 256], params: 0, connections: 6 * 6 * 256 * 9, multiplyAdds: 0 });
  });
  it("bottleneck saving is direct / total", () => {
    const b = arith.bottleneck({ input: [8, 8, 64], kernel: 3, filters: 64, reduceTo: 16 });
    expect(b.saving).toBeCloseTo(b.direct / (b.reduce + b.conv), 12);
    expect(b.direct).toBe(8 * 8 * 64 * 9 * 64);
  });
});

describe("receptiveField: r ← r + (F_eff − 1)·j, j ← j·S", () => {
  it.each([
    ["one 5x5", [{ kernel: 5 }], 5, 1],
    ["two 3x3 equal one 5x5 (VGG)", [{ kernel: 3 }, { kernel: 3 }], 5, 1],
    ["three 3x3 equal one 7x7 (VGG)", [{ kernel: 3 }, { kernel: 3 }, { kernel: 3 }], 7, 1],
    ["conv 3x3, pool 2x2 stride 2, conv 3x3", [{ kernel: 3 }, { kernel: 2, stride: 2 }, { kernel: 3 }], 8, 2],
    ["3x3 dilation 2 after a 3x3", [{ kernel: 3 }, { kernel: 3, dilation: 2 }], 7, 1],
    ["AlexNet C1 11x11/4 then pool 3x3/2", [{ kernel: 11, stride: 4 }, { kernel: 3, stride: 2 }], 19, 8],
    ["no layers: one pixel", [], 1, 1],
  ])("%s", (_name, layers, size, jump) => {
    const rf = arith.receptiveField(layers);
    expect([rf.size, rf.jump]).toEqual([size, jump]);
    expect(rf.layers).toHaveLength(layers.length);
  });
});

describe("bad arguments name the argument and the value", () => {
  it.each([
    ["zero input", () => arith.outputSize({ input: 0, kernel: 3 }), "outputSize: input must be a positive integer, got 0"],
    ["negative kernel", () => arith.outputSize({ input: 7, kernel: -3 }), "outputSize: kernel must be a positive integer, got -3"],
    ["fractional stride", () => arith.outputSize({ input: 7, kernel: 3, stride: 1.5 }), "outputSize: stride must be a positive integer, got 1.5"],
    ["negative pad", () => arith.outputSize({ input: 7, kernel: 3, pad: -1 }), "outputSize: pad must be a non-negative integer, got -1"],
    ["unknown mode", () => arith.outputSize({ input: 7, kernel: 3, mode: "round" as "floor" }), `outputSize: mode must be 'exact' or 'floor', got "round"`],
    ["kernel larger than the padded input", () => arith.outputSize({ input: 3, kernel: 7, pad: 1 }), "outputSize: kernel 7 is larger than the padded input W + 2P = 3 + 2·1 = 5"],
    ["dilated kernel larger than the input", () => arith.outputSize({ input: 4, kernel: 3, dilation: 2 }), "kernel 3 (dilation 2: spans 5) is larger than the padded input"],
    ["kernel does not fit", () => arith.outputSize({ input: 7, kernel: 3, stride: 3 }), "(W − F + 2P)/S + 1 = (7 − 3 + 2·0)/3 + 1 = 2.33 is not an integer"],
    ["samePadding zero stride", () => arith.samePadding({ input: 7, kernel: 3, stride: 0 }), "samePadding: stride must be a positive integer, got 0"],
    ["convParams fractional filters", () => arith.convParams({ kernel: 3, inChannels: 3, filters: 2.5 }), "convParams: filters must be a positive integer, got 2.5"],
    ["convParams bad kernel pair", () => arith.convParams({ kernel: [3, 3, 3] as unknown as [number, number], inChannels: 1, filters: 1 }), "convParams: kernel must be a number or a pair [h, w], got [3,3,3]"],
    ["convLayer input not HWC", () => arith.convLayer({ input: [32, 32] as unknown as [number, number, number], kernel: 3, filters: 1 }), "convLayer: input must be [height, width, channels], got [32,32]"],
    ["convLayer zero channels", () => arith.convLayer({ input: [32, 32, 0], kernel: 3, filters: 1 }), "convLayer: input[2] must be a positive integer, got 0"],
    ["poolLayer window larger than input", () => arith.poolLayer({ input: [2, 2, 1], size: 3 }), "outputSize: kernel 3 is larger than the padded input W + 2P = 2 + 2·0 = 2"],
    ["denseLayer negative outputs", () => arith.denseLayer({ inputs: 3, outputs: -1 }), "denseLayer: outputs must be a positive integer, got -1"],
    ["bottleneck zero reduceTo", () => arith.bottleneck({ input: [14, 14, 480], kernel: 5, filters: 48, reduceTo: 0 }), "bottleneck: reduceTo must be a positive integer, got 0"],
    ["receptiveField missing kernel", () => arith.receptiveField([{ kernel: 3 }, {} as arith.RFLayer]), "receptiveField: layers[1].kernel must be a positive integer, got undefined"],
    // NaN and Infinity as themselves (JSON.stringify would print them as null).
    ["NaN input", () => arith.outputSize({ input: NaN, kernel: 3 }), "outputSize: input must be a positive integer, got NaN"],
    ["Infinity pad", () => arith.outputSize({ input: 7, kernel: 3, pad: Infinity }), "outputSize: pad must be a non-negative integer, got Infinity"],
    ["NaN in a kernel pair", () => arith.convParams({ kernel: [3, NaN], inChannels: 1, filters: 1 }), "convParams: kernel[1] must be a positive integer, got NaN"],
    ["NaN channels", () => arith.convLayer({ input: [32, 32, NaN], kernel: 3, filters: 1 }), "convLayer: input[2] must be a positive integer, got NaN"],
    ["NaN stride in a stack", () => arith.receptiveField([{ kernel: 3, stride: NaN }]), "receptiveField: layers[0].stride must be a positive integer, got NaN"],
    ["-Infinity outputs", () => arith.denseLayer({ inputs: 3, outputs: -Infinity }), "denseLayer: outputs must be a positive integer, got -Infinity"],
  ])("%s", (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
