import * as tf from "@tensorflow/tfjs";
import { gridBundle, imageBundle } from "../../kernel-ext/image";
import { show } from "../../kernel-ext/show";
import { bundlesOf, decodePng, pixel } from "./helpers";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const ramp = (h: number, w: number, max: number) => Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => ((i * w + j) / (h * w - 1)) * max));

describe("show.image", () => {
  it.each([
    ["28×28 byte image 0..255 → 112 px (×4)", ramp(28, 28, 255).map((row) => row.map(Math.round)), 112, 112, "values 0..255 scaled to 0..1"],
    ["28×28 ReLU feature map 0..5 (not bytes) → stretched", ramp(28, 28, 5), 112, 112, "values 0..5 rescaled to 0..1"],
    ["28×28×1 tensor 0..1 → 112 px, no scaling note", tf.tensor3d(ramp(28, 28, 1).flat(), [28, 28, 1]), 112, 112, ""],
    ["3×3 kernel-sized → 111 px (×37)", ramp(3, 3, 1), 111, 111, ""],
    ["10×20 colour → ×⌊112/20⌋ = ×5: 100×50 px", tf.zeros([10, 20, 3]), 100, 50, ""],
    ["2000×300 → downscaled by 2", tf.zeros([2000, 300]), 150, 1000, "downscaled from 2000×300 to 1000×150"],
    ["batch of one [1, 28, 28, 1] → squeezed", tf.zeros([1, 28, 28, 1]), 112, 112, ""],
  ])("%s", (_name, x, width, height, note) => {
    const bundle = imageBundle(x);
    const png = decodePng(bundle);
    expect([png.width, png.height]).toEqual([width, height]);
    expect(bundle["text/plain"]).toMatch(/^image \d+×\d+/);
    if (note) expect(bundle["text/plain"]).toContain(note);
    else expect(bundle["text/plain"]).not.toContain("scaled");
    expect(bundle["text/html"]).toContain('src="data:image/png;base64,');
  });

  it("draws grey levels: 0 black, 255 white, 0..255 input divided by 255", () => {
    const png = decodePng(imageBundle([[0, 255], [51, 102]]));
    // 2×2 enlarged ×56: sample the centre of each source pixel.
    expect(pixel(png, 28, 28)).toEqual([0, 0, 0, 255]);
    expect(pixel(png, 84, 28)).toEqual([255, 255, 255, 255]);
    expect(pixel(png, 28, 84)).toEqual([51, 51, 51, 255]);
    expect(pixel(png, 84, 84)).toEqual([102, 102, 102, 255]);
  });

  it("rescales values outside 0..255 with a note", () => {
    const bundle = imageBundle([[100, 300], [200, 500]]);
    expect(bundle["text/plain"]).toContain("values 100..500 rescaled to 0..1");
    const png = decodePng(bundle);
    expect(pixel(png, 28, 28)).toEqual([0, 0, 0, 255]);
    expect(pixel(png, 84, 84)).toEqual([255, 255, 255, 255]);
  });

  it("draws NaN magenta and says so", () => {
    const bundle = imageBundle([[0, NaN], [1, 0.5]]);
    expect(bundle["text/plain"]).toContain("1 NaN/Infinity value drawn magenta");
    expect(bundle["text/html"]).toContain("NaN/Infinity");
    expect(pixel(decodePng(bundle), 84, 28)).toEqual([255, 0, 255, 255]);
  });

  it("draws signed values blue-white-red", () => {
    const png = decodePng(imageBundle([[-2, 0, 2]]));
    expect(pixel(png, 18, 18)).toEqual([33, 102, 172, 255]);
    expect(pixel(png, 56, 18)).toEqual([255, 255, 255, 255]);
    expect(pixel(png, 93, 18)).toEqual([178, 24, 43, 255]);
  });

  it("turns a batch [n, h, w, 1] into a grid", () => {
    const bundle = imageBundle(tf.zeros([5, 8, 8, 1]));
    expect(bundle["text/plain"]).toMatch(/^grid of 5 images 8×8/);
  });

  it.each([
    ["a 1D array", [1, 2, 3], /x: expected an image of shape .*received shape \[3\]/],
    ["2 channels", tf.zeros([4, 4, 2]), /x: expected an image .*received shape \[4, 4, 2\]/],
    ["a 5D tensor", tf.zeros([1, 1, 2, 2, 1]), /received shape \[1, 1, 2, 2, 1\]/],
    ["a ragged array", [[1, 2], [3]], /x\[1\]: ragged array — expected an array of length 2 .*received an array of length 1/],
    ["a string inside", [[1, "a"]], /x\[0\]\[1\]: expected a number, received string a/],
    ["a string", "cat", /x: expected a tf.Tensor or a nested array of numbers, received string cat/],
  ])("rejects %s with an error naming x and the shape", (_name, x, message) => {
    expect(() => imageBundle(x as never)).toThrow(message);
  });

  it("outside a kernel prints the text/plain fallback instead of throwing", async () => {
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await show.image([[0, 1]]);
      expect(log).toHaveBeenCalledWith("image 1×2 grey");
    } finally {
      log.mockRestore();
    }
  });

  it("does not leak tensors", () => {
    const x = tf.zeros([28, 28, 1]);
    const batch = tf.zeros([2, 4, 4]);
    const before = tf.memory().numTensors;
    imageBundle(x);
    gridBundle(batch);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, batch]);
  });
});

describe("show.grid", () => {
  it("lays out n images in cols columns with captions (misclassified digits)", async () => {
    const digits = [0, 1, 2, 3, 4].map(() => ramp(28, 28, 255));
    const [bundle] = await bundlesOf(() => show.grid(digits, { labels: ["7→2", "4→9", "3→5", "1→7", "9→4"], cols: 3 }));
    const png = decodePng(bundle);
    // 3 columns × (112 + 4 gap) + 4 edge = 352; 2 rows likewise = 236.
    expect([png.width, png.height]).toEqual([352, 236]);
    expect(bundle["text/html"]).toContain("<figcaption");
    expect(bundle["text/html"]).toContain("7→2");
    expect(bundle["text/html"].match(/<img /g)).toHaveLength(5);
    expect(bundle["text/plain"]).toContain("grid of 5 images 28×28: 7→2, 4→9, 3→5, 1→7, 9→4");
  });

  it("escapes captions as HTML", () => {
    const bundle = gridBundle([[[0]]], { labels: ["<b>x</b>"] });
    expect(bundle["text/html"]).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(bundle["text/html"]).not.toContain("<b>x</b>");
  });

  it.each([
    ["labels of the wrong length", { labels: ["a"] }, /labels: expected one label per image \(2\), received 1/],
    ["cols 0", { cols: 0 }, /cols: expected a positive integer, received 0/],
    ["an unknown colormap", { colormap: "jet" }, /colormap: expected "auto", "grey" or "diverging", received "jet"/],
  ])("rejects %s", (_name, args, message) => {
    expect(() => gridBundle(tf.zeros([2, 3, 3]), args as never)).toThrow(message);
  });
});
