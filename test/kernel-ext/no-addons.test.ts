/**
 * Where native addons cannot load (Node's permission model, as inside `cnnlab grade`'s sandbox, or
 * `node --no-addons`), cnnlab still imports and charts still display, only without their PDF still image: the
 * resvg renderer is loaded on first use, not when cnnlab is imported. Spawned, since an addon, once
 * loaded into this jest process, cannot be unloaded.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "../..");

it("imports cnnlab and draws a chart without its PDF still image when addons are disabled", () => {
  const script = `
    const { plotBundle } = { plotBundle: require("./dist/kernel-ext/plot").chartBundle };
    const { lineSpec } = require("./dist/kernel-ext/plot");
    require("./dist/lib/index.js");
    const { spec, description } = lineSpec([{ y: [1, 2, 3] }], {});
    const b = plotBundle(spec, description, 300);
    console.log(JSON.stringify({ pdf: "application/pdf" in b, html: b["text/html"].includes("cnnlab-plot-image"), plotly: "application/vnd.plotly.v1+json" in b }));`;
  const out = spawnSync(process.execPath, ["--no-addons", "-e", script], { cwd: root, encoding: "utf8" });
  expect(out.stderr).not.toMatch(/Error/);
  expect(JSON.parse(out.stdout.trim().split("\n").pop()!)).toEqual({ pdf: false, html: true, plotly: true });
  const withAddons = spawnSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" });
  expect(JSON.parse(withAddons.stdout.trim().split("\n").pop()!)).toEqual({ pdf: true, html: true, plotly: true });
});
