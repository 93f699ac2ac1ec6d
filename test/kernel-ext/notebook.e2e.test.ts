/**
 * End to end: install the cnnlab kernelspec into a temporary prefix, execute a small
 * notebook through the real tslab kernel with `jupyter nbconvert --execute`, export it to
 * HTML, and open that HTML in headless Chromium with the network blocked.
 *
 * Needs: jupyter (apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbclient),
 * chromium (apt-get install -y chromium) and a built dist/ (npm test runs tsc first).
 * Skips with a printed reason when any is missing.
 */
import * as fs from "fs";
import * as path from "path";
import { PNG } from "pngjs";
import type { MimeBundle } from "../../kernel-ext/display";
import { decodePdfImage } from "./helpers";
import { ROOT, executeThroughKernel, joined, realKernelMissing, type Output } from "./real-kernel";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOT = path.join(ROOT, "test-output", "kernel-ext-notebook.png");

const missing = realKernelMissing();
const chromiumMissing = fs.existsSync(CHROMIUM) ? "" : `${CHROMIUM} not found (apt-get install -y chromium)`;
if (missing.length) console.log(`Skipping the Jupyter notebook test: ${missing.join("; ")}`);
else if (chromiumMissing) console.log(`Skipping the Chromium part of the notebook test: ${chromiumMissing}`);

/** The notebook: one cell per kind of output. */
const CELLS = [
  `import { tf, show, plot, dashboard } from "cnnlab";
await tf.setBackend("cpu");
await show.image(Array.from({ length: 28 }, (_, i) => Array.from({ length: 28 }, (_, j) => (i * 9 + j * 5) % 256)), { title: "a 28×28 test pattern" });`,
  `await show.matrix([[1, 2, 1], [2, 4, 2], [1, 2, 1]].map((r) => r.map((v) => v / 16)), { label: "K =" });`,
  `await plot.line([{ y: [1, 0.6, 0.4, 0.3], name: "train" }, { y: [1.1, 0.8, 0.6, 0.55], name: "validation" }], { title: "loss", xLabel: "epoch" });`,
  `await plot.heatmap([[50, 3], [7, 40]], { xLabels: ["cat", "dog"], yLabels: ["cat", "dog"], title: "confusion matrix", xLabel: "predicted", yLabel: "true" });`,
  `const model = tf.sequential({ layers: [
  tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: "relu", name: "conv" }),
  tf.layers.flatten(),
  tf.layers.dense({ units: 2, activation: "softmax" }),
] });
model.compile({ optimizer: "adam", loss: "categoricalCrossentropy", metrics: ["accuracy"] });
const xs = tf.randomUniform([32, 8, 8, 1], 0, 1, "float32", 1);
const ys = tf.oneHot(tf.tensor1d([...Array(32).keys()].map((k) => k % 2), "int32"), 2);
const history = await model.fit(xs, ys, { epochs: 3, batchSize: 8, validationSplit: 0.25, callbacks: dashboard({ redrawMs: 0 }) });`,
  `await show.featureMaps(model, xs.slice([0, 0, 0, 0], [1, 8, 8, 1]), "conv");
await show.filters(model.getLayer("conv"));
await show.model(model);`,
  `await show.grid([1, 2, 3, 4].map((k) => Array.from({ length: 28 }, (_, i) => Array.from({ length: 28 }, (_, j) => ((i + j * k) % 28) / 28))), { labels: ["7→2", "4→9", "3→5", "1→7"], cols: 4 });`,
  `await show.convExplorer({ input: Array.from({ length: 7 }, (_, i) => Array.from({ length: 7 }, (_, j) => i + j)), kernel: [[1, 0, -1], [1, 0, -1], [1, 0, -1]], stride: 3 });`,
];

(missing.length ? describe.skip : describe)("a notebook through the real cnnlab kernel", () => {
  let cells: Output[][] = [];
  let htmlFile = "";
  let dir = "";

  beforeAll(() => {
    const result = executeThroughKernel(CELLS, "cnnlab-nb-");
    ({ cells, htmlFile, dir } = result);
    expect(result.installOutput).toContain("Installed the \"TypeScript (cnnlab)\" kernel");
  }, 300_000);

  afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  const displays = (k: number) => cells[k].filter((o) => o.output_type === "display_data").map((o) => o.data ?? {});

  it("runs every cell without an error output or an error on stderr", () => {
    expect(cells).toHaveLength(CELLS.length);
    const errors = cells.flat().filter((o) => o.output_type === "error" || (o.name === "stderr" && /error/i.test(joined(o.text))));
    expect(errors).toEqual([]);
  });

  it("shows the image as a 112×112 PNG with an HTML caption", () => {
    const [image] = displays(0);
    const png = PNG.sync.read(Buffer.from(joined(image["image/png"]), "base64"));
    expect([png.width, png.height]).toEqual([112, 112]);
    expect(joined(image["text/html"])).toContain("a 28×28 test pattern");
  });

  it("shows the matrix as LaTeX", () => {
    expect(joined(displays(1)[0]["text/latex"])).toBe("$$K = \\frac{1}{16}\\begin{bmatrix} 1 & 2 & 1 \\\\ 2 & 4 & 2 \\\\ 1 & 2 & 1 \\end{bmatrix}$$");
  });

  it("embeds Plotly once, before the first chart, then only chart divs", () => {
    const [library, chart] = displays(2);
    expect(joined(library["text/html"])).toContain("window.Plotly = Plotly");
    expect(joined(chart["text/html"])).toContain('class="cnnlab-plot"');
    // Plotly's own MIME type is stored as JSON, not text, and the still image as a one-page application/pdf (no image/png).
    expect((chart as unknown as Record<string, { data?: unknown[] }>)["application/vnd.plotly.v1+json"].data).toHaveLength(2);
    expect(decodePdfImage(chart as unknown as MimeBundle).width).toBe(720);
    expect(chart["image/png"]).toBeUndefined();
    expect(displays(3)).toHaveLength(1);
    expect(joined(displays(3)[0]["text/plain"])).toBe('heatmap "confusion matrix" 2×2, values 3..50');
  });

  it("leaves the dashboard's final state in one output, updated in place", () => {
    const dash = displays(4);
    expect(dash).toHaveLength(1);
    expect(joined(dash[0]["text/plain"])).toMatch(/^Training: epoch 3\/3 batch 3\/3 \[#{20}\] 100% loss [\d.]+ acc [\d.]+ val_loss [\d.]+ val_acc [\d.]+ done in/);
    // Curves as <img>s of SVG (sanitisers strip inline <svg>), and a PNG of the whole last frame.
    expect(joined(dash[0]["text/html"])).toContain('<img src="data:image/svg+xml;base64,');
    expect(joined(dash[0]["text/html"])).not.toContain("<svg");
    expect(PNG.sync.read(Buffer.from(joined(dash[0]["image/png"]), "base64")).width).toBe(728);
  });

  it("shows feature maps, filters, the model table and a captioned grid", () => {
    const [maps, filters, table] = displays(5);
    expect(joined(maps["text/plain"])).toContain('"conv: 4 feature maps 6×6"');
    expect(joined(filters["text/plain"])).toContain('"4 filters 3×3×1"');
    expect(joined(table["text/html"])).toContain("<table");
    expect(joined(displays(6)[0]["text/html"])).toContain("7→2");
  });

  (chromiumMissing ? it.skip : it)("renders offline in Chromium: Plotly SVGs, decoded images, a working explorer", async () => {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      const blocked: string[] = [];
      await page.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
        blocked.push(url);
        return route.abort();
      });
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      await page.goto(`file://${htmlFile}`);
      // Both charts (line, heatmap) drawn by Plotly from the inlined library.
      await page.waitForFunction(() => Array.from(document.querySelectorAll(".cnnlab-plot")).every((el) => el.querySelector(".main-svg")), undefined, { timeout: 60_000 });
      expect(await page.locator(".cnnlab-plot").count()).toBe(2);
      expect(await page.locator(".cnnlab-plot .main-svg").count()).toBeGreaterThanOrEqual(2);
      const images = await page.$$eval("img", (els) => els.map((e) => (e as HTMLImageElement).naturalWidth));
      expect(images.length).toBeGreaterThanOrEqual(1 + 4 + 4 + 4);
      expect(images.filter((w) => w === 0)).toEqual([]);
      // The explorer: 7×7 input cells, a "does not fit" note, and stepping fills Y[0,0] = −6.
      expect(await page.locator(".cnnlab-conv .cx-input td").count()).toBe(49);
      expect(await page.locator(".cnnlab-conv .cx-fit").textContent()).toContain("does not fit");
      // It opens on the worked example (every Y computed); reset, then one step fills Y[0,0] only.
      expect(await page.locator(".cnnlab-conv .cx-output td").allTextContents()).toEqual(["-6", "-6", "-6", "-6"]);
      await page.click(".cnnlab-conv .cx-reset");
      await page.click(".cnnlab-conv .cx-next");
      expect(await page.locator(".cnnlab-conv .cx-output td").allTextContents()).toEqual(["-6", "", "", ""]);
      expect(pageErrors).toEqual([]);
      // The export's own template may reference CDNs (MathJax, require.js); they were blocked and nothing of ours needed them.
      if (blocked.length) console.log(`blocked network requests: ${blocked.join(", ")}`);
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    } finally {
      await browser.close();
    }
  }, 120_000);
});
