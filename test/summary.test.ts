/**
 * summarize(): the LeNet-5 table of the lecture (sizes, connections, parameters), the
 * bench models layer for layer as pytorch_reference.py, and the feature-map sizes of
 * the ImageNet models' stages as the papers give them.
 */
import { buildModel } from "../lib/models/registry";
import { formatSummary, summarize, SummaryRow } from "../lib/summary";
import { useBackend } from "./models/helpers";

beforeAll(useBackend);

function rowsOf(name: string, args?: Parameters<typeof buildModel>[1]): SummaryRow[] {
  const model = buildModel(name, args);
  const rows = summarize(model).rows;
  model.dispose();
  return rows;
}

describe("LeNet-5: the seed's table comes out of the model", () => {
  // Seed deck 000, "LeNet-5": layer, output, connections, parameters.
  const TABLE = [
    { layer: "C1", output: [28, 28, 6], connections: 122304, params: 156 },
    { layer: "S2", output: [14, 14, 6], connections: 5880, params: 12 },
    { layer: "C3", output: [10, 10, 16], connections: 151600, params: 1516 },
    { layer: "S4", output: [5, 5, 16], connections: 2000, params: 32 },
    { layer: "C5", output: [1, 1, 120], connections: 48120, params: 48120 },
    { layer: "F6", output: [84], connections: 10164, params: 10164 },
  ];
  const rows = (() => {
    let r: SummaryRow[] = [];
    beforeAll(() => (r = rowsOf("lenet5")));
    return () => r;
  })();

  it.each(TABLE)("$layer: output $output, $connections connections, $params parameters", ({ layer, output, connections, params }) => {
    const row = rows().find((r) => r.name === layer)!;
    expect(row.outputShape).toEqual(output);
    expect(row.connections).toBe(connections);
    expect(row.params).toBe(params);
  });

  it("multiply-adds: C1 = 28·28·6·25, C3 = 10·10·60·25 (only the connected kernels)", () => {
    expect(rows().find((r) => r.name === "C1")!.multiplyAdds).toBe(28 * 28 * 6 * 25);
    expect(rows().find((r) => r.name === "C3")!.multiplyAdds).toBe(10 * 10 * 60 * 25);
  });

  it("formatSummary prints one line per layer with thousands separators and the totals", () => {
    const model = buildModel("lenet5");
    const text = formatSummary(summarize(model));
    model.dispose();
    expect(text).toMatch(/^model lenet5, input 32x32x1/);
    expect(text).toMatch(/C3\s+PartialConv2D\s+10x10x16\s+1,516\s+151,600\s+150,000/);
    expect(text).toMatch(/total\s+60,850\s+340,918/);
    expect(text.split("\n")).toHaveLength(1 + 2 + 14 + 2 + 1); // 14 rows: the input, its scaling to the paper's −0.1…1.175, C1…output, the squashes after C1, C3, C5 and F6, flatten
  });
});

type Expected = [type: string, output: number[], params: number];

/** The model's layers after the input, as [type, output shape, parameters]. */
function expectLayers(rows: SummaryRow[], expected: Expected[]): void {
  const body = rows.filter((r) => r.type !== "InputLayer");
  expect(body.map((r) => [r.type, r.outputShape, r.params])).toEqual(expected);
}

describe("bench models match pytorch_reference.py layer for layer", () => {
  it("lenet: Conv2d(1,6,5,p2) ReLU MaxPool2 Conv2d(6,16,5) ReLU MaxPool2 Flatten 120 ReLU 84 ReLU 10", () => {
    const model = buildModel("lenet");
    expectLayers(summarize(model).rows, [
      ["Conv2D", [28, 28, 6], 1 * 6 * 25 + 6],
      ["MaxPooling2D", [14, 14, 6], 0],
      ["Conv2D", [10, 10, 16], 6 * 16 * 25 + 16],
      ["MaxPooling2D", [5, 5, 16], 0],
      ["Flatten", [400], 0],
      ["Dense", [120], 400 * 120 + 120],
      ["Dense", [84], 120 * 84 + 84],
      ["Dense", [10], 84 * 10 + 10],
    ]);
    const activations = model.layers.filter((l) => /Conv2D|Dense/.test(l.getClassName())).map((l) => l.getConfig().activation);
    expect(activations).toEqual(["relu", "relu", "relu", "relu", "linear"]);
    model.dispose();
  });

  it("alexnet-bench: 224x224x1, Conv2d(1,96,11,4,1) … Linear(6400,4096) … Linear(4096,10), no LRN", () => {
    const rows = rowsOf("alexnet-bench");
    expectLayers(rows, [
      ["ZeroPadding2D", [226, 226, 1], 0],
      ["Conv2D", [54, 54, 96], 11 * 11 * 96 + 96],
      ["MaxPooling2D", [26, 26, 96], 0],
      ["Conv2D", [26, 26, 256], 25 * 96 * 256 + 256],
      ["MaxPooling2D", [12, 12, 256], 0],
      ["Conv2D", [12, 12, 384], 9 * 256 * 384 + 384],
      ["Conv2D", [12, 12, 384], 9 * 384 * 384 + 384],
      ["Conv2D", [12, 12, 256], 9 * 384 * 256 + 256],
      ["MaxPooling2D", [5, 5, 256], 0],
      ["Flatten", [6400], 0],
      ["Dense", [4096], 6400 * 4096 + 4096],
      ["Dropout", [4096], 0],
      ["Dense", [4096], 4096 * 4096 + 4096],
      ["Dropout", [4096], 0],
      ["Dense", [10], 4096 * 10 + 10],
    ]);
  });

  it("resnet20: 3 stages × 3 basic blocks, projection (1x1 conv + BN) exactly where the shape changes, no conv bias", () => {
    const model = buildModel("resnet20");
    const layers = model.layers;
    expect(layers.filter((l) => l.getClassName() === "Add")).toHaveLength(9);
    expect(layers.filter((l) => l.name.endsWith("_proj")).map((l) => l.name)).toEqual(["stage2_block1_proj", "stage3_block1_proj"]);
    expect(layers.filter((l) => l.getClassName() === "Conv2D").every((l) => l.getConfig().useBias === false)).toBe(true);
    expect(layers.filter((l) => l.getClassName() === "Conv2D")).toHaveLength(1 + 9 * 2 + 2);
    const out = (name: string) => summarize(model).rows.find((r) => r.name === name)!.outputShape;
    expect(out("stem_relu")).toEqual([32, 32, 16]);
    expect(out("stage1_block3_out")).toEqual([32, 32, 16]);
    expect(out("stage2_block3_out")).toEqual([16, 16, 32]);
    expect(out("stage3_block3_out")).toEqual([8, 8, 64]);
    expect(out("fc")).toEqual([10]);
    model.dispose();
  });
});

describe("stage output shapes of the ImageNet models", () => {
  it.each([
    { model: "alexnet", shapes: { conv1: [55, 55, 96], pool1: [27, 27, 96], conv2: [27, 27, 256], pool2: [13, 13, 256], conv3: [13, 13, 384], conv5: [13, 13, 256], pool5: [6, 6, 256], fc8: [1000] } },
    { model: "vgg16", shapes: { block1_pool: [112, 112, 64], block2_pool: [56, 56, 128], block3_pool: [28, 28, 256], block4_pool: [14, 14, 512], block5_pool: [7, 7, 512], fc3: [1000] } },
    { model: "googlenet", shapes: { pool2: [28, 28, 192], inception3b_concat: [28, 28, 480], inception4e_concat: [14, 14, 832], inception5b_concat: [7, 7, 1024], fc: [1000] } },
    { model: "resnet50", shapes: { stem_pool: [56, 56, 64], stage1_block3_out: [56, 56, 256], stage2_block4_out: [28, 28, 512], stage3_block6_out: [14, 14, 1024], stage4_block3_out: [7, 7, 2048], fc: [1000] } },
    { model: "nin", shapes: { nin1_mlp2: [54, 54, 96], pool1: [26, 26, 96], pool2: [12, 12, 256], pool3: [5, 5, 384], nin4_mlp2: [5, 5, 1000], gap: [1000] } },
  ])("$model", ({ model, shapes }) => {
    const rows = rowsOf(model);
    for (const [name, shape] of Object.entries(shapes)) {
      expect([name, rows.find((r) => r.name === name)?.outputShape]).toEqual([name, shape]);
    }
  });
});

describe("multiply-adds of a full model against the formula", () => {
  it("VGG-16 at 224x224x3: Σ 9·cin·cout·h·w over the 13 convs + 25088·4096 + 4096·4096 + 4096·1000 = 15,470,264,320", () => {
    // (cout, side of the output map) of configuration D's convolutions.
    const convs: Array<[number, number]> = [[64, 224], [64, 224], [128, 112], [128, 112], [256, 56], [256, 56], [256, 56], [512, 28], [512, 28], [512, 28], [512, 14], [512, 14], [512, 14]];
    let cin = 3;
    let expected = 0;
    for (const [cout, side] of convs) {
      expected += 9 * cin * cout * side * side;
      cin = cout;
    }
    expected += 25088 * 4096 + 4096 * 4096 + 4096 * 1000;
    expect(expected).toBe(15470264320);
    const model = buildModel("vgg16");
    expect(summarize(model).totals.multiplyAdds).toBe(expected);
    model.dispose();
  });
});

describe("AlexNet's regularisers are the paper's", () => {
  it("LRN after C1 and C2 with k=2, n=5 (depthRadius 2), α=1e-4, β=0.75; dropout 0.5 after F6 and F7; overlapping 3x3/2 pools", () => {
    const model = buildModel("alexnet");
    const config = (name: string) => model.getLayer(name).getConfig();
    for (const lrn of ["lrn1", "lrn2"]) expect(config(lrn)).toMatchObject({ depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75 });
    expect(model.layers.map((l) => l.name).filter((n) => /^(conv|lrn|pool)[12]$/.test(n))).toEqual(["conv1", "lrn1", "pool1", "conv2", "lrn2", "pool2"]);
    for (const drop of ["drop6", "drop7"]) expect(config(drop).rate).toBe(0.5);
    for (const pool of ["pool1", "pool2", "pool5"]) expect(config(pool)).toMatchObject({ poolSize: [3, 3], strides: [2, 2] });
    model.dispose();
  });
});

describe("summarize errors", () => {
  it("names what it got instead of a model", () => {
    expect(() => summarize({} as never)).toThrow(/summarize: model must be a tf.LayersModel \(e.g. from buildModel\), got an object of class Object/);
  });
});

describe("summarize() feeds the notebook display (kernel-ext show.model)", () => {
  it("modelBundle(summarize(lenet5)) has the connections and multiply-adds columns with totals", async () => {
    const { modelBundle } = await import("../kernel-ext/table");
    const model = buildModel("lenet5");
    const text = modelBundle(summarize(model))["text/plain"] as string;
    model.dispose();
    expect(text).toMatch(/^Model "lenet5"/);
    expect(text).toMatch(/C3\s+PartialConv2D\s+\[10, 10, 16\]\s+1516\s+1516\s+0\s+151,600\s+150,000/);
    expect(text).toMatch(/total\s+60,850/);
  });
});
