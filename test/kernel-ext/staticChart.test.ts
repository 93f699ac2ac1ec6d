import { PNG } from "pngjs";
import { barSpec, lineSpec, surfaceSpec } from "../../kernel-ext/plot";
import { svgToPng } from "../../kernel-ext/rasterize";
import { chartSvg, colourAt } from "../../kernel-ext/staticChart";

const pngOf = (svg: string) => PNG.sync.read(svgToPng(svg)!);
const rgbAt = (png: PNG, x: number, y: number) => Array.from(png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3));

describe("still images of charts", () => {
  it("colourAt interpolates a Plotly colorscale linearly between its stops", () => {
    const scale = [[0, "rgb(0,0,0)"], [0.5, "rgb(100,200,50)"], [1, "#ffffff"]];
    expect(colourAt(scale, 0)).toEqual([0, 0, 0]);
    expect(colourAt(scale, 0.25)).toEqual([50, 100, 25]);
    expect(colourAt(scale, 1)).toEqual([255, 255, 255]);
    expect(colourAt("Viridis", 0)).toEqual([0x44, 0x01, 0x54]);
  });

  it("draws a line per series with Plotly's colours, a legend for two or more, and breaks lines at NaN", () => {
    const { spec } = lineSpec([{ y: [1, NaN, 3, 4], name: "train" }, { y: [2, 2, 2, 2], name: "val" }], { title: "loss", xLabel: "epoch" });
    const svg = chartSvg(spec);
    const paths = [...svg.matchAll(/<path d="([^"]+)" fill="none" stroke="(#[0-9a-f]{6})"/g)];
    expect(paths.map((p) => p[2])).toEqual(["#1f77b4", "#ff7f0e"]);
    // NaN at index 1: the first series restarts its line (two M commands), the second is one line.
    expect(paths[0][1].match(/M/g)).toHaveLength(2);
    expect(paths[1][1].match(/M/g)).toHaveLength(1);
    for (const text of [">loss</text>", ">epoch</text>", ">train</text>", ">val</text>"]) expect(svg).toContain(text);
  });

  it("draws grouped bars from zero, one rectangle per value", () => {
    const { spec } = barSpec([{ x: ["a", "b"], y: [3, 5], name: "one" }, { x: ["a", "b"], y: [1, 2], name: "two" }]);
    const svg = chartSvg(spec, { width: 400 });
    // Bars are placed at computed (fractional) positions; the legend's two swatches at whole pixels.
    const bars = [...svg.matchAll(/<rect x="(\d+\.\d)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="(#1f77b4|#ff7f0e)"/g)];
    expect(bars).toHaveLength(4);
    // All bars stand on the same baseline (y + height), and the 5-bar is 5/3 as tall as the 3-bar.
    const bottoms = new Set(bars.map((b) => (Number(b[2]) + Number(b[4])).toFixed(0)));
    expect(bottoms.size).toBe(1);
    expect(Number(bars[1][4]) / Number(bars[0][4])).toBeCloseTo(5 / 3, 1);
  });

  it("shows a surface from above, as a heatmap, and says so in the title", () => {
    const svg = chartSvg(surfaceSpec([[0, 1], [2, 3]], { title: "landscape" }).spec);
    expect(svg).toContain(">landscape (seen from above)</text>");
    expect(svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="rgb\(/g)!.length).toBeGreaterThanOrEqual(4);
  });

  it("rasterises to PNG in Node with text (DejaVu Sans from npm)", () => {
    const titled = pngOf(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" font-family="sans-serif"><text x="4" y="28" font-size="24">loss</text></svg>`);
    const blank = pngOf(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" font-family="sans-serif"></svg>`);
    expect([titled.width, titled.height]).toEqual([120, 40]);
    const dark = (png: PNG) => { let n = 0; for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) if (rgbAt(png, x, y)[0] < 128) n++; return n; };
    expect(dark(blank)).toBe(0);
    expect(dark(titled)).toBeGreaterThan(100);
    expect(() => svgToPng("<svg", { scale: 0 })).toThrow("scale: expected a number in (0, 8], received 0");
  });
});
