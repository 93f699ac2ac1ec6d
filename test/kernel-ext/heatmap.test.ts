import * as tf from "@tensorflow/tfjs";
import { heatColour, heatmapOverlayBundle } from "../../kernel-ext/heatmap";
import { decodePng, pixel } from "./helpers";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("show.heatmapOverlay", () => {
  // A 4x4 grey image at 0.5 (128 after scaling to bytes) and a 2x2 map that is zero except the top-left cell.
  const image = Array.from({ length: 4 }, () => new Array(4).fill(0.5));
  const map = [[2, 0], [0, 0]];

  it("leaves the image untouched where the map is zero and blends the map's top colour where it peaks", () => {
    const bundle = heatmapOverlayBundle(image, map, { alpha: 1, colormap: "hot" });
    const png = decodePng(bundle);
    expect([png.width, png.height]).toEqual([112, 112]); // 4x4 enlarged ×28
    expect(pixel(png, 100, 100)).toEqual([128, 128, 128, 255]); // map 0: the grey image
    expect(pixel(png, 10, 10)).toEqual([...heatColour("hot", 1), 255]); // alpha·m = 1: only the colour
    expect(bundle["text/plain"]).toBe("heat map 2×2 over image 4×4");
  });

  it("scales by the largest |value| and blends with alpha·m", () => {
    const png = decodePng(heatmapOverlayBundle(image, [[1, 0.5], [0, 0]], { alpha: 0.5, colormap: "jet" }));
    const c = heatColour("jet", 0.5);
    const w = 0.5 * 0.5;
    expect(pixel(png, 80, 10).slice(0, 3)).toEqual(c.map((v) => Math.round((1 - w) * 128 + w * v)));
  });

  it("accepts tensors ([H, W, 1] map, [1, H, W, C] image) and names bad arguments", () => {
    const b = heatmapOverlayBundle(tf.ones([1, 6, 6, 3]), tf.zeros([3, 3, 1]));
    expect(b["text/html"]).toContain("data:image/png;base64,");
    expect(() => heatmapOverlayBundle(image, [1, 2, 3])).toThrow(/map: expected a map of shape \[height, width\].*received shape \[3\]/);
    expect(() => heatmapOverlayBundle(image, map, { alpha: 2 })).toThrow(/alpha: expected a number in \[0, 1\], received 2/);
    expect(() => heatmapOverlayBundle(image, map, { colormap: "rainbow" as never })).toThrow(/colormap: expected "jet", "hot" or "viridis"/);
  });
});
