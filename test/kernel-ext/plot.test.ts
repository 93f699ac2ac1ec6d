import * as tf from "@tensorflow/tfjs";
import { barSpec, heatmapSpec, lineSpec, plot, scatterSpec, surfaceSpec } from "../../kernel-ext/plot";
import { plotlyLibraryBundle, plotlyLibraryPath } from "../../kernel-ext/plotlyLibrary";
import { PNG } from "pngjs";
import { bundlesOf, decodePdfImage, jsonOf, pixel } from "./helpers";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("Plotly library output", () => {
  it("inlines plotly.js from node_modules (no CDN) and defines window.Plotly", () => {
    expect(plotlyLibraryPath()).toMatch(/node_modules[\\/]plotly\.js-dist(-min)?[\\/]plotly(\.min)?\.js$/);
    const b = plotlyLibraryBundle();
    expect(b["text/html"].length).toBeGreaterThan(3_000_000);
    expect(b["text/html"]).toContain("window.Plotly = Plotly");
    expect(b["text/html"]).not.toMatch(/<script[^>]+src=/);
    // Only our own closing tag: the library cannot end the script early.
    expect(b["text/html"].match(/<\/script/gi)).toHaveLength(1);
    expect(b["text/plain"]).toMatch(/^\(Plotly\.js 3\.\d+\.\d+, [\d.]+ MB, embedded/);
  });

  it("is emitted once per session, before the first chart only", async () => {
    const first = await bundlesOf(() => plot.line([1, 2, 3]));
    const second = await bundlesOf(() => plot.bar({ x: ["a", "b"], y: [1, 2] }));
    expect(first.map((b) => b["text/plain"].slice(0, 11))).toEqual(["(Plotly.js ", "line chart:"]);
    expect(second).toHaveLength(1);
    expect(second[0]["text/plain"]).toBe("bar chart: series 0 (2 points, last 2)");
  });

  it("plot.loadLibrary emits it again", async () => {
    const again = await bundlesOf(() => plot.loadLibrary());
    expect(again[0]["text/html"]).toContain("window.Plotly = Plotly");
  });
});

describe("chart bundles", () => {
  it("are a div plus a script that waits for window.Plotly, then calls newPlot", async () => {
    const [chart] = await bundlesOf(() => plot.line([{ y: [3, 2, 1], name: "train" }], { title: "loss" }));
    const html = chart["text/html"];
    const id = /<div id="(cnnlab-plot-[0-9a-f]{12})"/.exec(html)?.[1];
    expect(id).toBeDefined();
    expect(html).toContain(`document.getElementById("${id}")`);
    expect(html).toContain("window.Plotly && window.Plotly.newPlot");
    expect(html).toContain("setTimeout(draw, 50)");
    expect(html).toContain("Plotly.js did not load");
    expect(chart["text/plain"]).toBe('line chart "loss": train (3 points, last 1)');
  });

  it("carry Plotly's own MIME type, a still image inside the div (SVG) and the same image as application/pdf, and no image/png", async () => {
    const [chart] = await bundlesOf(() => plot.heatmap([[50, 3], [7, 40]], { xLabels: ["cat", "dog"], yLabels: ["cat", "dog"], title: "confusion" }));
    const spec = heatmapSpec([[50, 3], [7, 40]], { xLabels: ["cat", "dog"], yLabels: ["cat", "dog"], title: "confusion" }).spec;
    expect(jsonOf(chart, "application/vnd.plotly.v1+json")).toEqual(spec);
    // The image sits inside the chart's div, before the script that replaces it with the live chart.
    const html = chart["text/html"];
    const img = /<div id="cnnlab-plot-[0-9a-f]{12}"[^>]*><img class="cnnlab-plot-image" src="data:image\/svg\+xml;base64,([^"]+)" alt="([^"]*)"/.exec(html);
    expect(img).not.toBeNull();
    expect(img![2]).toBe("heatmap &quot;confusion&quot; 2×2, values 3..50");
    const svg = Buffer.from(img![1], "base64").toString("utf8");
    for (const text of [">confusion</text>", ">cat</text>", ">dog</text>", ">50</text>", ">3</text>"]) expect(svg).toContain(text);
    expect(html.indexOf("<img")).toBeLessThan(html.indexOf("<script"));
    expect(html).toContain('el.textContent = "";');
    // No image/png: plotly's extension would show it instead of the live chart (kernel-ext/pdf.ts).
    expect(chart["image/png"]).toBeUndefined();
    // application/pdf: the SVG rasterised in Node, 720 px wide and as tall as the layout (400 px), on a 540 x 300 pt page (96 dpi).
    const image = decodePdfImage(chart);
    expect([image.width, image.height]).toEqual([720, 400]);
    const page = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(Buffer.from(String(jsonOf(chart, "application/pdf")), "base64").toString("latin1"));
    expect(page!.slice(1).map(Number)).toEqual([540, 300]);
    // Cell (cat, cat) = 50 is the darkest blue, (cat, dog) = 3 near white: the plot area's top-left and top-right quarters.
    const [r50, g50, b50] = pixel(image as unknown as PNG, 100, 60);
    const [r3, g3, b3] = pixel(image as unknown as PNG, 600, 60);
    expect(b50).toBeGreaterThan(r50 + 40);
    expect(r50 + g50 + b50).toBeLessThan(300);
    expect(Math.min(r3, g3, b3)).toBeGreaterThan(220);
  });

  it("give each chart its own id", async () => {
    const bundles = await bundlesOf(async () => {
      await plot.line([1]);
      await plot.line([1]);
    });
    const ids = bundles.map((b) => /<div id="([^"]+)"/.exec(b["text/html"])?.[1]);
    expect(new Set(ids).size).toBe(2);
  });

  it("cannot be broken out of by data containing </script>", async () => {
    const [chart] = await bundlesOf(() => plot.line({ y: [1], name: "</script><b>x" }));
    expect(chart["text/html"].match(/<\/script/gi)).toHaveLength(1);
  });

  it.each([
    ["line from y values", () => lineSpec([1, 2]).spec.data, [{ type: "scatter", mode: "lines", x: [0, 1], y: [1, 2], name: "series 0" }]],
    ["line from a 1D tensor", () => lineSpec({ y: tf.tensor1d([4, 5]), name: "t" }).spec.data, [{ type: "scatter", mode: "lines", x: [0, 1], y: [4, 5], name: "t" }]],
    ["scatter with labels", () => scatterSpec({ x: [1], y: [2], labels: ["cat"] }).spec.data, [{ type: "scatter", mode: "markers", x: [1], y: [2], name: "series 0", text: ["cat"] }]],
    ["bar", () => barSpec({ x: ["a"], y: [3], name: "n" }).spec.data, [{ type: "bar", x: ["a"], y: [3], name: "n" }]],
    ["surface", () => surfaceSpec([[1, 2], [3, 4]]).spec.data, [{ type: "surface", z: [[1, 2], [3, 4]], colorscale: "Viridis" }]],
  ])("%s", (_name, build, expected) => {
    expect(build()).toEqual(expected);
  });

  it("heatmap of a confusion matrix: rows top-down, category axes, annotated, sequential colours", () => {
    const { spec, description } = heatmapSpec([[5, 1], [0, 7]], { xLabels: [0, 1], yLabels: ["zero", "one"], xLabel: "predicted" });
    expect(spec.data[0]).toMatchObject({ type: "heatmap", z: [[5, 1], [0, 7]], x: ["0", "1"], y: ["zero", "one"], texttemplate: "%{z:.3~g}" });
    expect(spec.layout.yaxis).toMatchObject({ autorange: "reversed", type: "category" });
    // Large counts dark: the scale runs from near-white at 0 to dark blue at 1.
    expect(spec.data[0].colorscale).toEqual([[0, "rgb(247,251,255)"], [0.5, "rgb(107,174,214)"], [1, "rgb(8,48,107)"]]);
    expect(spec.layout.xaxis).toMatchObject({ title: { text: "predicted" }, type: "category" });
    expect(description).toBe("heatmap 2×2, values 0..7");
  });

  it("heatmap of a signed kernel: blue-white-red centred on zero", () => {
    const { spec } = heatmapSpec([[-1, 0.5], [0, 2]]);
    expect(spec.data[0]).toMatchObject({ zmin: -2, zmax: 2 });
    expect((spec.data[0].colorscale as unknown[])[1]).toEqual([0.5, "rgb(255,255,255)"]);
  });

  it.each([
    ["x and y of different lengths", () => lineSpec({ x: [1, 2], y: [1] }), /series.x: expected 1 values \(one per y\), received 2/],
    ["a 2D y", () => lineSpec({ y: [[1, 2]] as never }), /series.y: expected a 1D array of numbers, received shape \[1, 2\]/],
    ["a 1D heatmap", () => heatmapSpec([1, 2]), /z: expected a 2D matrix, received shape \[2\]/],
    ["heatmap labels of the wrong length", () => heatmapSpec([[1, 2]], { xLabels: ["a"] }), /xLabels: expected 2 labels \(one per column\), received 1/],
    ["a silly height", () => lineSpec([1], { height: 5 }), /height: expected a number of px in 100..2000, received 5/],
  ])("rejects %s", (_name, build, message) => {
    expect(build).toThrow(message);
  });
});

describe("chart data precision", () => {
  it("keeps JS numbers exact (no float32 rounding of 0.3)", () => {
    expect(lineSpec([0.1, 0.3]).spec.data[0].y).toEqual([0.1, 0.3]);
    expect(heatmapSpec([[0.3]]).spec.data[0].z).toEqual([[0.3]]);
  });

  it("shortens float32 tensor values to the decimal they were written as", () => {
    const t = tf.tensor2d([[0.3, 1 / 3], [-2.5, 1e-7]]);
    expect(heatmapSpec(t).spec.data[0].z).toEqual([[0.3, 0.33333334], [-2.5, 1e-7]]);
    t.dispose();
  });
});
