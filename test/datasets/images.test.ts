import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { PNG } from "pngjs";
import { datasets } from "../../lib";

beforeAll(() => tf.setBackend("cpu"));

const imagesDir = path.join(__dirname, "..", "..", "datasets", "images");
const png = (name: string) => PNG.sync.read(fs.readFileSync(path.join(imagesDir, `${name}.png`)));

describe("sample images", () => {
  it("lists the bundled pictures, each with a licence line in LICENSE.md", () => {
    const names = datasets.imageNames();
    expect(names).toEqual(["astronaut", "camera", "chelsea", "coffee"]);
    const licence = fs.readFileSync(path.join(imagesDir, "LICENSE.md"), "utf8");
    for (const n of names) expect(licence).toMatch(new RegExp("`" + n + "\\.png`.*(CC0|public domain)"));
    const bytes = names.reduce((sum, n) => sum + fs.statSync(path.join(imagesDir, `${n}.png`)).size, 0);
    expect(bytes).toBeLessThan(1024 * 1024);
  });

  it.each<[string, number[]]>([
    ["chelsea", [300, 451, 3]],
    ["camera", [512, 512, 3]],
    ["astronaut", [256, 256, 3]],
    ["coffee", [200, 300, 3]],
  ])("%s decodes to [H, W, 3] with the PNG's bytes / 255", (name, shape) => {
    const X = datasets.image(name);
    expect(X.shape).toEqual(shape);
    const raw = png(name);
    const values = X.dataSync();
    for (const p of [0, 1234, raw.width * raw.height - 1]) {
      for (let c = 0; c < 3; c++) expect(values[3 * p + c]).toBeCloseTo(raw.data[4 * p + c] / 255, 6);
    }
    X.dispose();
  });

  it("gray: one channel of BT.601 luma", () => {
    const X = datasets.image("chelsea", { gray: true });
    expect(X.shape).toEqual([300, 451, 1]);
    const raw = png("chelsea");
    const p = 150 * 451 + 200; // a pixel on the cat
    const [r, g, b] = [raw.data[4 * p], raw.data[4 * p + 1], raw.data[4 * p + 2]];
    expect(X.dataSync()[p]).toBeCloseTo((0.299 * r + 0.587 * g + 0.114 * b) / 255, 6);
    X.dispose();
  });

  it.each<[string, number | [number, number], number[]]>([
    ["a number: the longer side, aspect kept", 128, [85, 128, 3]],
    ["[h, w]: exactly that", [64, 32], [64, 32, 3]],
  ])("size as %s", (_, size, shape) => {
    const before = tf.memory().numTensors;
    const X = datasets.image("chelsea", { size });
    expect(X.shape).toEqual(shape);
    const [lo, hi] = tf.tidy(() => [X.min().dataSync()[0], X.max().dataSync()[0]]);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
    X.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("an unknown name lists the available ones", () => {
    expect(() => datasets.image("dog")).toThrow('image: unknown name "dog", expected one of "astronaut", "camera", "chelsea", "coffee"');
  });

  it("a bad size says what it expected", () => {
    expect(() => datasets.image("chelsea", { size: 0 })).toThrow("image: size must be a positive integer (longer side) or [height, width] of positive integers, got 0");
  });
});
