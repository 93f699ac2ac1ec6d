/** One Plotly library for notebooks and reports: plotly.js-dist-min's minified build, found by one locator. */
import * as fs from "fs";
import * as path from "path";
import { plotlyLibraryPath as kernelExtLocator } from "../../kernel-ext/plotlyLibrary";
import { isPlotlyBundle, plotlyLibraryPath, plotlyScript } from "../../lib/runner/plotly";

describe("plotlyLibraryPath", () => {
  it("is plotly.js-dist-min's plotly.min.js, the package cnnlab depends on", () => {
    const file = plotlyLibraryPath();
    expect(file).toBe(path.join(path.dirname(require.resolve("plotly.js-dist-min/package.json")), "plotly.min.js"));
    expect(fs.readFileSync(file, "utf8").slice(0, 300)).toMatch(/plotly\.js v\d+\.\d+\.\d+/);
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "..", "package.json"), "utf8"));
    expect(Object.keys(pkg.dependencies).filter((d) => d.startsWith("plotly"))).toEqual(["plotly.js-dist-min"]);
  });

  it("is the one the display extension uses", () => {
    expect(kernelExtLocator).toBe(plotlyLibraryPath);
  });

  it("reports embed that file as one <script> that the report recognises as the library", () => {
    const script = plotlyScript();
    expect(isPlotlyBundle(script)).toBe(true);
    expect(script.length).toBeGreaterThan(fs.statSync(plotlyLibraryPath()).size * 0.99);
    expect(script.slice(8, -9)).not.toMatch(/<\/script/i);
  });
});
