/**
 * `cnnlab summary <model>` from a fresh process, for every model of the registry: the table on
 * stdout, errors on stderr with exit code 1. (The in-process test this replaces initialised a
 * backend first, so it could not see that the command failed on its own.)
 */
import { parseInputShape } from "../../lib/cli/summary";
import { modelNames } from "../../lib/models/registry";
import { cnnlab, removeTempDirs, tempDir } from "./spawn";

afterAll(removeTempDirs);

const summary = (...argv: string[]) => cnnlab(["summary", ...argv], { cwd: tempDir() });

/** Trainable parameter counts published with the architectures (papers, torchvision, d2l). */
const PUBLISHED: Record<string, number> = {
  lenet: 61_706, // d2l's LeNet (ReLU, max pooling), as the PyTorch bench
  alexnet: 62_378_344, // one tower with LRN, as the lecture's table
  vgg11: 132_863_336, // torchvision vgg11
  vgg13: 133_047_848, // torchvision vgg13
  vgg16: 138_357_544, // torchvision vgg16
  vgg19: 143_667_240, // torchvision vgg19
  resnet18: 11_689_512, // torchvision resnet18
  resnet34: 21_797_672, // torchvision resnet34
  resnet50: 25_557_032, // torchvision resnet50
  resnet20: 272_474, // He et al. 2016, CIFAR (0.27M)
};

const count = (text: string) => Number(text.replace(/,/g, ""));

describe("cnnlab summary <model>", () => {
  it.each(modelNames())("%s prints its table: a row per layer and the totals", (name) => {
    const r = summary(name);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^model ${name}, input \\d+x\\d+x\\d+`));
    expect(lines[1]).toMatch(/^layer\s+type\s+output\s+params\s+connections\s+mult-adds$/);
    const total = /^total\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)$/.exec(lines[lines.length - 2]);
    const split = /^trainable ([\d,]+), non-trainable ([\d,]+)$/.exec(lines[lines.length - 1]);
    expect(total).not.toBeNull();
    expect(split).not.toBeNull();
    const [params, trainable, nonTrainable] = [total![1], split![1], split![2]].map(count);
    expect(params).toBe(trainable + nonTrainable);
    // The rows between the two rules add up to the total.
    const rules = lines.flatMap((l, i) => (/^-+\s/.test(l) ? [i] : []));
    const rowParams = lines.slice(rules[0] + 1, rules[1]).map((l) => count(l.trim().split(/\s+/).slice(-3)[0]));
    expect(rowParams.reduce((a, b) => a + b, 0)).toBe(params);
    if (name in PUBLISHED) expect(trainable).toBe(PUBLISHED[name]);
  });

  it("lenet5: the rows of LeCun et al.'s table (C1 156 parameters, 122,304 connections; C3 1,516, 151,600)", () => {
    const r = summary("lenet5");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/C1\s+Conv2D\s+28x28x6\s+156\s+122,304/);
    expect(r.stdout).toMatch(/C3\s+PartialConv2D\s+10x10x16\s+1,516\s+151,600/);
  });

  it("--input and --classes change the model: resnet20 on 32x32x1 with 100 classes", () => {
    const r = summary("resnet20", "--input", "32x32x1", "--classes", "100");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^model resnet20, input 32x32x1/);
    expect(r.stdout).toMatch(/fc\s+Dense\s+100\s+6,500/);
  });

  it("--json prints the summary object", () => {
    const r = summary("lenet", "--json");
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.totals.trainable).toBe(61706);
    expect(s.rows[1]).toMatchObject({ name: "conv1", type: "Conv2D", outputShape: [28, 28, 6], params: 156 });
  });

  it("--help lists every model with its description", () => {
    const r = summary("--help");
    expect(r.status).toBe(0);
    for (const name of modelNames()) expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
  });

  it.each([
    { case: "unknown model", argv: ["lenet6"], msg: /^cnnlab summary: buildModel: unknown model name "lenet6"; known models: lenet5, lenet,/ },
    { case: "input too small", argv: ["alexnet", "--input", "28x28x1"], msg: /input 28x28x1 is too small: layer "pool2" .*use "alexnet-small"/ },
    { case: "bad --input", argv: ["lenet", "--input", "28x28"], msg: /--input must be HxWxC with three positive integers, e.g. 32x32x3, got "28x28"/ },
    { case: "bad --classes", argv: ["lenet", "--classes", "ten"], msg: /--classes expects an integer >= 1, got "ten"/ },
    { case: "bad --width", argv: ["lenet", "--width", "0"], msg: /--width expects a number > 0, got "0"/ },
  ])("$case: message on stderr, nothing on stdout, exit code 1", ({ argv, msg }) => {
    const r = summary(...argv);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(msg);
    expect(r.stdout).toBe("");
  });
});

describe("parseInputShape", () => {
  it.each([
    ["32x32x3", [32, 32, 3]],
    ["227×227×3", [227, 227, 3]],
    ["28,28,1", [28, 28, 1]],
  ])("parseInputShape(%s)", (text, shape) => {
    expect(parseInputShape(text)).toEqual(shape);
  });
});
