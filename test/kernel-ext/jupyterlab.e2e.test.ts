/**
 * The real front ends: JupyterLab 4 and Notebook 7 (from the venv .ci/run builds from the
 * local wheel folders), nbconvert 7's HTML export, and a no-JavaScript view as GitHub shows
 * notebooks — driven by playwright-core with Debian's Chromium, offline.
 *
 * 1. JupyterLab: Run All on the cnnlab kernel; charts live, images, explorer, dashboard, matrix.
 * 2. The saved notebook reopened with a fresh data dir (untrusted): the same outputs, charts as
 *    still images, the explorer's worked grids, the dashboard's last frame; no loose SVG text.
 * 3. The same with plotly's JupyterLab extension: charts interactive although untrusted.
 * 4. A notebook executed by nbconvert, opened untrusted in JupyterLab and in Notebook 7.
 * 5. nbconvert 7's HTML export offline: charts live; with JavaScript off: charts as images.
 *
 * Screenshots go to test-output/jupyterlab/. Skips with the reason when the venv, Chromium or
 * dist/ is missing.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Browser, Page } from "playwright-core";
import { JupyterServer, VENV, installKernel, jupyterEnv, startServer, venvMissing } from "./jupyterServer";

const ROOT = path.resolve(__dirname, "..", "..");
const CHROMIUM = "/usr/bin/chromium";
const SHOTS = path.join(ROOT, "test-output", "jupyterlab");
const FIXTURE = path.join(ROOT, "test", "fixtures", "jupyter", "outputs.ipynb");

const missing = [
  venvMissing(),
  fs.existsSync(CHROMIUM) ? "" : `${CHROMIUM} not found (apt-get install -y chromium)`,
  fs.existsSync(path.join(ROOT, "dist", "lib", "index.js")) ? "" : "dist/ is not built (run npx tsc -p .)",
].filter(Boolean);
if (missing.length) console.log(`Skipping the JupyterLab / Notebook 7 tests: ${missing.join("; ")}`);

/** What the fixture notebook displays. */
const CHARTS = 2;
const GRID_IMAGES = 4;
const Y = ["-6", "-6", "-6", "-6"];

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  const r = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/** Blocks everything but the local server, file: and data: URLs: the front ends must work offline. */
async function offline(page: Page): Promise<string[]> {
  const blocked: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (/^(file:|data:|blob:|http:\/\/127\.0\.0\.1[:/])/.test(url)) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  return blocked;
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

/** Opens a notebook in JupyterLab or Notebook 7 and waits until its cells (and outputs, if it has any) are rendered. */
async function openNotebook(browser: Browser, server: JupyterServer, urlPath: string, hasOutputs = true): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 3400 } });
  await offline(page);
  await page.goto(server.url(urlPath));
  await page.waitForSelector(".jp-Notebook .jp-Cell", { timeout: 120_000 });
  if (hasOutputs) await page.waitForSelector(".jp-OutputArea-output", { timeout: 60_000 });
  return page;
}

/** Checks common to every view of the executed notebook, trusted or not. */
async function expectOutputsVisible(page: Page): Promise<void> {
  // Images (show.image, show.grid) decoded.
  const pngs = await page.$$eval(".jp-RenderedImage img, .jp-RenderedHTMLCommon img[src^='data:image/png']", (els) => els.map((e) => (e as HTMLImageElement).naturalWidth));
  expect(pngs.filter((w) => w > 0).length).toBeGreaterThanOrEqual(1 + GRID_IMAGES);
  // The matrix: 1/16 factored out, nine entries between brackets, no MathML needed.
  expect(await page.locator(".cnnlab-matrix").count()).toBe(1);
  const entries = await page.locator(".cnnlab-matrix span:not(:has(*))").allInnerTexts();
  expect(entries.map((t) => t.trim()).filter(Boolean)).toEqual(["K =", "1", "16", "1", "2", "1", "2", "4", "2", "1", "2", "1"]);
  expect(await page.locator(".cnnlab-matrix").evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(40);
  // The explorer's worked grids: 49 input cells and every output computed.
  expect(await page.locator(".cnnlab-conv table.cx-input td").count()).toBe(49);
  expect(await page.locator(".cnnlab-conv table.cx-output td").allInnerTexts()).toEqual(Y);
  // The dashboard's last frame: full progress bar, both curves as decoded images, only the status line as text.
  const dash = page.locator(".cnnlab-dashboard");
  expect(await dash.count()).toBe(1);
  expect(await page.locator(".cnnlab-dashboard-progress").evaluate((el) => (el as HTMLElement).style.width)).toBe("100%");
  expect(await dash.locator("img").evaluateAll((els) => els.map((e) => (e as HTMLImageElement).naturalWidth > 0))).toEqual([true, true]);
  expect((await dash.innerText()).trim()).toMatch(/^Training: epoch 3\/3 batch 3\/3 \[#{20}\] 100% loss [\d.]+ acc [\d.]+ val_loss [\d.]+ val_acc [\d.]+ done in [^\n]*$/);
}

/** Charts shown as their still images (sanitised HTML): decoded <img>s, no Plotly drawing, no text spilled. */
async function expectStillCharts(page: Page): Promise<void> {
  const imgs = page.locator(".cnnlab-plot img.cnnlab-plot-image");
  expect(await imgs.count()).toBe(CHARTS);
  expect(await imgs.evaluateAll((els) => els.map((e) => (e as HTMLImageElement).naturalWidth))).toEqual([720, 720]);
  expect(await page.locator(".cnnlab-plot .main-svg").count()).toBe(0);
  expect((await page.locator(".cnnlab-plot").allInnerTexts()).join("").trim()).toBe("");
}

/** Renders page 1 of each PDF named on the command line with PDFium at 8/3 px per pt (a 540 pt page → 1440 px): size and share of dark pixels. */
const PDFIUM_RENDER = `
import json, sys
import pypdfium2 as pdfium
for name in sys.argv[1:]:
    bitmap = pdfium.PdfDocument(name)[0].render(scale=8 / 3)
    data, n, stride = bytes(bitmap.buffer), bitmap.n_channels, bitmap.stride
    dark = sum(1 for y in range(bitmap.height) for x in range(bitmap.width)
               if sum(data[y * stride + x * n + c] for c in range(3)) < 600)
    print(json.dumps({"width": bitmap.width, "height": bitmap.height, "dark": dark / (bitmap.width * bitmap.height)}))
`;

/** Charts drawn live by Plotly.js (the embedded library, or plotly's renderer extension). */
async function expectLiveCharts(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((sel) => document.querySelectorAll(`${sel} .main-svg`).length >= 2 * 2, selector, { timeout: 120_000 });
  // Each Plotly chart has its SVG layers and its mode bar (zoom, pan, download): it is interactive.
  const charts = page.locator(selector);
  expect(await charts.count()).toBe(CHARTS);
  expect(await page.locator(`${selector} .modebar`).count()).toBe(CHARTS);
  expect(await page.locator(`${selector} .heatmaplayer, ${selector} .hm`).count()).toBeGreaterThanOrEqual(1);
  expect(await page.locator(`${selector} .scatterlayer .trace`).count()).toBe(2);
}

(missing.length ? describe.skip : describe)("cnnlab outputs in JupyterLab 4, Notebook 7 and nbconvert 7", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-jlab-"));
  const nbDir = path.join(tmp, "notebooks");
  let browser: Browser;
  const servers: JupyterServer[] = [];

  const serve = async (name: string, app: "lab" | "notebook", plotlyExtension: boolean) => {
    const server = await startServer({ app, rootDir: nbDir, stateDir: path.join(tmp, name), plotlyExtension });
    servers.push(server);
    return server;
  };
  const stop = async (server: JupyterServer) => {
    await server.stop();
    servers.splice(servers.indexOf(server), 1);
  };

  beforeAll(async () => {
    // tslab compiles cells against the notebook's folder: node_modules/cnnlab is the package under test.
    fs.mkdirSync(path.join(nbDir, "node_modules"), { recursive: true });
    fs.symlinkSync(ROOT, path.join(nbDir, "node_modules", "cnnlab"), "dir");
    fs.copyFileSync(FIXTURE, path.join(nbDir, "outputs.ipynb"));
    fs.rmSync(SHOTS, { recursive: true, force: true });
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of [...servers]) await s.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  it("1. JupyterLab: Run All on the cnnlab kernel renders live charts, images, the explorer, the dashboard and the matrix; saving keeps them", async () => {
    const server = await serve("run", "lab", false);
    const page = await openNotebook(browser, server, "/lab/tree/outputs.ipynb", false);
    // The notebook's kernelspec starts the cnnlab kernel (cells run once it is ready).
    // Wait until the kernel has started and is idle (the status bar reads "TypeScript (cnnlab) | Idle").
    await page.waitForFunction(() => /TypeScript \(cnnlab\)\s*\|\s*Idle/.test(document.querySelector("#jp-main-statusbar")?.textContent ?? ""), undefined, { timeout: 180_000 });
    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator("[data-command=\"runmenu:run-all\"]").click();
    // Every code cell numbered ([1]…[7]) and the dashboard's last frame drawn.
    await page.waitForFunction(
      () => {
        const prompts = Array.from(document.querySelectorAll(".jp-CodeCell .jp-InputPrompt")).map((p) => p.textContent ?? "");
        return prompts.length === 7 && prompts.every((p) => /\[\d+\]/.test(p)) && /100%/.test(document.querySelector(".cnnlab-dashboard")?.textContent ?? "");
      },
      undefined,
      { timeout: 360_000 },
    );
    const stderr = await page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").allInnerTexts();
    expect(stderr.filter((t) => /error/i.test(t))).toEqual([]);
    await expectOutputsVisible(page);
    // Trusted (run here): each chart's script replaced its still image with the live chart.
    await expectLiveCharts(page, ".cnnlab-plot");
    expect(await page.locator(".cnnlab-plot img.cnnlab-plot-image").count()).toBe(0);
    // The explorer's script added its sliders and buttons; stepping from the start fills Y[0,0] only.
    await page.locator(".cnnlab-conv .cx-reset").click();
    await page.locator(".cnnlab-conv .cx-next").click();
    expect(await page.locator(".cnnlab-conv table.cx-output td").allInnerTexts()).toEqual(["-6", "", "", ""]);
    await shot(page, "1-jupyterlab-run-all.png");
    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^File$/ }).click();
    await page.locator('.lm-Menu-item[data-command="docmanager:save"]').click();
    await page.waitForFunction(() => !document.querySelector(".jp-mod-dirty"), undefined, { timeout: 30_000 });
    await page.close();
    await stop(server);
    const saved = JSON.parse(fs.readFileSync(path.join(nbDir, "outputs.ipynb"), "utf8"));
    const outputs = saved.cells.flatMap((c: { outputs?: unknown[] }) => c.outputs ?? []);
    expect(outputs.filter((o: { data?: Record<string, unknown> }) => o.data?.["application/vnd.plotly.v1+json"])).toHaveLength(CHARTS);
  }, 720_000);

  it("2. reopened from a fresh data dir (untrusted): charts as still images, the explorer's worked grids, the dashboard's last frame", async () => {
    const server = await serve("untrusted", "lab", false);
    const page = await openNotebook(browser, server, "/lab/tree/outputs.ipynb");
    await page.waitForSelector(".cnnlab-dashboard", { timeout: 60_000 });
    await expectOutputsVisible(page);
    await expectStillCharts(page);
    // Sanitised: no scripts ran, so the explorer has its grids but no controls.
    expect(await page.locator(".cnnlab-conv input[type=range], .cnnlab-conv button").count()).toBe(0);
    await shot(page, "2-jupyterlab-untrusted.png");
    await page.close();
    await stop(server);
  }, 300_000);

  // plotly's renderer is marked safe, so JupyterLab picks it for untrusted outputs; it draws the live chart only when the
  // bundle holds no image/png (it shows a PNG instead, by design), which is why charts carry application/pdf, not a PNG.
  it("3. with plotly's JupyterLab extension, charts are interactive although the notebook is untrusted", async () => {
    const server = await serve("plotly-extension", "lab", true);
    const page = await openNotebook(browser, server, "/lab/tree/outputs.ipynb");
    await page.waitForSelector(".cnnlab-dashboard", { timeout: 60_000 });
    await expectOutputsVisible(page);
    await shot(page, "3-jupyterlab-plotly-extension.png");
    // The extension renders application/vnd.plotly.v1+json itself (no script in the output needed).
    await expectLiveCharts(page, ".jp-RenderedPlotly");
    expect(await page.locator(".cnnlab-plot").count()).toBe(0);
    // Hovering a heatmap cell shows Plotly's label.
    const heatmap = page.locator(".jp-RenderedPlotly").nth(1);
    const box = (await heatmap.locator(".nsewdrag").first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.25);
    await page.waitForSelector(".jp-RenderedPlotly .hoverlayer .hovertext", { timeout: 10_000 });
    expect(await page.locator(".jp-RenderedPlotly .hoverlayer .hovertext").first().textContent()).toContain("50");
    await shot(page, "3-jupyterlab-plotly-extension-hover.png");
    await page.close();
    await stop(server);
  }, 300_000);

  describe("a notebook executed by nbconvert", () => {
    let html = "";

    beforeAll(() => {
      const env = jupyterEnv(path.join(tmp, "nbconvert"));
      fs.mkdirSync(env.JUPYTER_DATA_DIR as string, { recursive: true });
      installKernel(env);
      fs.copyFileSync(FIXTURE, path.join(nbDir, "fixture.ipynb"));
      const jupyter = path.join(VENV, "bin", "jupyter");
      run(jupyter, ["nbconvert", "--to", "notebook", "--execute", "fixture.ipynb", "--output", "executed.ipynb", "--ExecutePreprocessor.timeout=240"], nbDir, env);
      run(jupyter, ["nbconvert", "--to", "html", "executed.ipynb", "--output", "executed.html"], nbDir, env);
      html = path.join(nbDir, "executed.html");
    }, 420_000);

    it("4a. opens untrusted in JupyterLab with charts, images, the explorer and the dashboard visible", async () => {
      const server = await serve("nbconvert-lab", "lab", false);
      const page = await openNotebook(browser, server, "/lab/tree/executed.ipynb");
      await page.waitForSelector(".cnnlab-dashboard", { timeout: 60_000 });
      await expectOutputsVisible(page);
      await expectStillCharts(page);
      await shot(page, "4a-nbconvert-executed-in-jupyterlab.png");
      await page.close();
      await stop(server);
    }, 300_000);

    it("4b. opens untrusted in Notebook 7 with the same outputs", async () => {
      const server = await serve("nbconvert-notebook7", "notebook", false);
      const page = await openNotebook(browser, server, "/notebooks/executed.ipynb");
      await page.waitForSelector(".cnnlab-dashboard", { timeout: 60_000 });
      await expectOutputsVisible(page);
      await expectStillCharts(page);
      await shot(page, "4b-nbconvert-executed-in-notebook7.png");
      await page.close();
      await stop(server);
    }, 300_000);

    it("5a. nbconvert 7's HTML export, opened offline in Chromium: charts live, the explorer works", async () => {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const blocked = await offline(page);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`file://${html}`);
      await expectLiveCharts(page, ".cnnlab-plot");
      expect(await page.locator(".cnnlab-conv table.cx-input td").count()).toBe(49);
      await page.locator(".cnnlab-conv .cx-reset").click();
      await page.locator(".cnnlab-conv .cx-next").click();
      expect(await page.locator(".cnnlab-conv table.cx-output td").allInnerTexts()).toEqual(["-6", "", "", ""]);
      expect(errors).toEqual([]);
      // nbconvert's template may reference CDNs (MathJax, require.js); they were blocked and nothing of ours needed them.
      if (blocked.length) console.log(`blocked network requests: ${blocked.join(", ")}`);
      await shot(page, "5a-nbconvert-html-offline.png");
      await page.close();
    }, 120_000);

    it("5b. the same export without JavaScript (as GitHub shows notebooks): charts as images, grids, dashboard", async () => {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
      const page = await context.newPage();
      await offline(page);
      await page.goto(`file://${html}`);
      await page.waitForLoadState("load");
      const charts = page.locator(".cnnlab-plot img.cnnlab-plot-image");
      expect(await charts.count()).toBe(CHARTS);
      expect(await charts.evaluateAll((els) => els.map((e) => (e as HTMLImageElement).naturalWidth))).toEqual([720, 720]);
      expect(await page.locator(".main-svg").count()).toBe(0);
      expect(await page.locator(".cnnlab-conv table.cx-output td").allInnerTexts()).toEqual(Y);
      expect(await page.locator(".cnnlab-dashboard img").evaluateAll((els) => els.map((e) => (e as HTMLImageElement).naturalWidth > 0))).toEqual([true, true]);
      await shot(page, "5b-nbconvert-html-no-javascript.png");
      await context.close();
    }, 120_000);

    it("5c. nbconvert's LaTeX export (the route to PDF) takes each chart's application/pdf, which PDFium renders as the chart", () => {
      const env = jupyterEnv(path.join(tmp, "nbconvert"));
      run(path.join(VENV, "bin", "jupyter"), ["nbconvert", "--to", "latex", "executed.ipynb", "--output", "executed"], nbDir, env);
      const tex = fs.readFileSync(path.join(nbDir, "executed.tex"), "utf8");
      // nbconvert's template draws each figure with \adjustimage{options}{file}, the file extracted beside the .tex.
      // e.g. \adjustimage{max size={0.9\linewidth}{0.9\paperheight}}{executed_files/executed_12_1.pdf}
      const graphics = [...tex.matchAll(/\\adjustimage\{max size=\{[^}]*\}\{[^}]*\}\}\{([^}]+\.pdf)\}/g)].map((m) => m[1]);
      expect(graphics).toHaveLength(CHARTS);
      // PDFium (pypdfium2, Chrome's PDF engine) renders each page; its pixels match the image the bundle holds.
      const render = spawnSync(path.join(VENV, "bin", "python"), ["-c", PDFIUM_RENDER, ...graphics.map((g) => path.join(nbDir, g))], { encoding: "utf8" });
      if (render.status !== 0 && /No module named 'pypdfium2'/.test(render.stderr)) {
        console.log("5c: pypdfium2 is not in the Jupyter environment; the PDF pages were not rendered");
        return;
      }
      expect(render.stderr).toBe("");
      const pages = render.stdout.trim().split("\n").map((l) => JSON.parse(l) as { width: number; height: number; dark: number });
      expect(pages.map((p) => [p.width, p.height])).toEqual([[1440, 800], [1440, 800]]);
      // Not blank: the charts' lines, axes and heatmap cells are drawn (a share of pixels well away from white).
      for (const p of pages) expect(p.dark).toBeGreaterThan(0.01);
    }, 120_000);
  });
});
