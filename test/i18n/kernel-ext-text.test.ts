/**
 * The text/plain of kernel-ext's outputs (what a front end without HTML, a screen reader or a text
 * export shows), their alt texts and notes, in the kernel's language (CNNLAB_LANG): localised words,
 * the numbers as in English, and none of the English wording left.
 */
import * as tf from "@tensorflow/tfjs";
import { plot, heatmapSpec, lineSpec, surfaceSpec } from "../../kernel-ext/plot";
import { gridBundle, imageBundle } from "../../kernel-ext/image";
import { heatmapOverlayBundle } from "../../kernel-ext/heatmap";
import { convExplorerBundle, explorerWords } from "../../kernel-ext/convExplorer";
import { convGeometry, fitMessage, say } from "../../kernel-ext/convGeometry";
import { chartSvg } from "../../kernel-ext/staticChart";
import { bundlesOf } from "../kernel-ext/helpers";

const saved = process.env.CNNLAB_LANG;
beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterEach(() => {
  if (saved === undefined) delete process.env.CNNLAB_LANG;
  else process.env.CNNLAB_LANG = saved;
});

/** English words of these descriptions; none may be left in a localised one. */
const ENGLISH = /\b(chart|series|points?|last|heatmap|heat map|values|image|images|grid|over|grey|rescaled|scaled|drawn|signed|blue|white|red|downscaled|convolution|explorer|stride|padding|rows?|columns?|integer|never|covered|does not fit|embedded|surface|seen from above|row|column)\b/;

const grid = (h: number, w: number, f: (i: number, j: number) => number) => Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => f(i, j)));

describe("charts (plot.*)", () => {
  it("pl: plot.line's bundles — the Plotly library's note and the chart's description, default series names in Polish", async () => {
    process.env.CNNLAB_LANG = "pl";
    const bundles = await bundlesOf(() => plot.line([{ y: [3, 2, 1] }, { y: [4, 5] }], { title: "strata" }));
    const texts = bundles.map((b) => b["text/plain"]);
    expect(texts[0]).toMatch(/^\(Plotly\.js 3\.\d+\.\d+, [\d.]+ MB, osadzony dla wykresów w tym notatniku\)$/);
    expect(texts[1]).toBe("wykres liniowy „strata”: seria 0 (3 punkty, ostatni 1), seria 1 (2 punkty, ostatni 5)");
    // The still image's alt text is the same description.
    expect(bundles[1]["text/html"]).toContain('alt="wykres liniowy „strata”: seria 0 (3 punkty, ostatni 1)');
    expect(bundles[1]["text/html"]).toContain("Plotly.js się nie wczytał");
    for (const t of texts) expect(t).not.toMatch(ENGLISH);
  });

  it.each([
    ["pl", 1, "1 punkt"],
    ["pl", 5, "5 punktów"],
    ["ru", 1, "1 точка"],
    ["ru", 3, "3 точки"],
    ["ru", 5, "5 точек"],
    ["cs", 4, "4 body"],
    ["es", 1, "1 punto"],
  ])("%s: a series of %d points reads %j (each language's plural forms)", (lang, n, words) => {
    process.env.CNNLAB_LANG = lang;
    const { description } = lineSpec(Array.from({ length: n }, (_, k) => k));
    expect(description).toContain(`(${words}, `);
  });

  it("ru: heatmap description, hover text and default series name", () => {
    process.env.CNNLAB_LANG = "ru";
    const { spec, description } = heatmapSpec([[50, 3], [4, 45]], { title: "матрица ошибок" });
    expect(description).toBe("тепловая карта «матрица ошибок» 2×2, значения 3..50");
    expect(spec.data[0].hovertemplate).toBe("строка %{y}, столбец %{x}: %{z}<extra></extra>");
    expect(lineSpec([1, 2]).spec.data[0].name).toBe("ряд 0");
    expect(description).not.toMatch(ENGLISH);
  });

  it("es: a surface's description, and its still image titled in Spanish", () => {
    process.env.CNNLAB_LANG = "es";
    const { spec, description } = surfaceSpec([[0, 1], [2, 3]]);
    expect(description).toBe("superficie 2×2");
    const svg = chartSvg(spec, { width: 300 });
    expect(svg).toContain("superficie (vista desde arriba)");
    expect(svg).not.toContain("seen from above");
  });

  it("English is unchanged", () => {
    process.env.CNNLAB_LANG = "en";
    expect(lineSpec([{ y: [3, 2, 1], name: "train" }], { title: "loss" }).description).toBe('line chart "loss": train (3 points, last 1)');
    expect(heatmapSpec([[50, 3], [4, 45]], { title: "confusion matrix" }).description).toBe('heatmap "confusion matrix" 2×2, values 3..50');
  });
});

describe("images (show.image, show.grid, show.heatmapOverlay)", () => {
  it("pl: an image's description with its scale note", () => {
    process.env.CNNLAB_LANG = "pl";
    const b = imageBundle(grid(4, 4, (i, j) => 100 + 50 * (i + j)), { title: "cyfra" });
    expect(b["text/plain"]).toBe("obraz 4×4 w skali szarości „cyfra” (wartości 100..400 przeskalowane do 0..1)");
    expect(b["text/html"]).toContain('alt="obraz 4×4 w skali szarości „cyfra”');
    expect(b["text/plain"]).not.toMatch(ENGLISH);
  });

  it("cs: NaN and signed-value notes; sk: a byte image", () => {
    process.env.CNNLAB_LANG = "cs";
    const nan = imageBundle([[0, NaN], [-1, 1]])["text/plain"];
    expect(nan).toContain("1 hodnota NaN/Infinity vykreslena purpurově");
    expect(nan).toContain("hodnoty se znaménkem: modrá −1 … bílá 0 … červená +1");
    expect(nan).not.toMatch(ENGLISH);
    process.env.CNNLAB_LANG = "sk";
    expect(imageBundle([[0, 200], [30, 255]])["text/plain"]).toBe("obrázok 2×2 v odtieňoch sivej (hodnoty 0..255 prevedené na 0..1)");
  });

  it("ru: a grid of 5 images with its labels; an unlabelled cell's alt text", () => {
    process.env.CNNLAB_LANG = "ru";
    const images = Array.from({ length: 5 }, (_, k) => grid(8, 8, () => k / 5));
    expect(gridBundle(images, { labels: ["7→2", "4→9", "3→5", "1→7", "9→4"] })["text/plain"]).toBe("сетка из 5 изображений 8×8: 7→2, 4→9, 3→5, 1→7, 9→4");
    const unlabelled = gridBundle(images.slice(0, 1));
    expect(unlabelled["text/plain"]).toBe("сетка из 1 изображения 8×8");
    expect(unlabelled["text/html"]).toContain('alt="изображение 0"');
  });

  it("es: a large image is downscaled, and a heat map over an image", () => {
    process.env.CNNLAB_LANG = "es";
    const zeros = tf.zeros([2000, 300]);
    expect(imageBundle(zeros)["text/plain"]).toBe("imagen 2000×300 en escala de grises (reducida de 2000×300 a 1000×150)");
    zeros.dispose();
    const overlay = heatmapOverlayBundle(grid(4, 4, () => 0.5), [[0, 1], [1, 0]], { title: "Grad-CAM" })["text/plain"];
    expect(overlay).toBe("mapa de calor 2×2 sobre la imagen 4×4 «Grad-CAM»");
    expect(overlay).not.toMatch(ENGLISH);
  });
});

describe("the convolution explorer (show.convExplorer)", () => {
  const X = grid(7, 7, (i, j) => i + j);
  const K = [[1, 0, -1], [1, 0, -1], [1, 0, -1]];

  it("pl: text/plain, the HTML labels and the words its page gets", () => {
    process.env.CNNLAB_LANG = "pl";
    const b = convExplorerBundle({ input: X, kernel: K, stride: 3 });
    expect(b["text/plain"].split("\n")).toEqual([
      "eksplorator splotu: X 7×7, K 3×3, krok 3, padding 0 → Y 2×2",
      "nie pasuje — wiersze: (7 + 2·0 − 3) / 3 = 1.33 nie jest liczbą całkowitą, ostatni 1 wiersz nigdy nie jest pokryty; " +
        "kolumny: (7 + 2·0 − 3) / 3 = 1.33 nie jest liczbą całkowitą, ostatnia 1 kolumna nigdy nie jest pokryta",
      "  -6 -6",
      "  -6 -6",
    ]);
    const [markup, script] = b["text/html"].split("<script");
    expect(markup).toContain("wejście X (szare: padding zerami)");
    expect(markup).toContain("filtr K");
    expect(markup).toContain("wyjście Y");
    expect(markup).not.toMatch(/input X|kernel K|output Y|press step/);
    expect(script).toContain('"lang":"pl"');
    expect(script).toContain('"explorer.play":"odtwórz ▶▶"');
  });

  it("the page's own copy of fitMessage, run from its source with the JSON words, says the same in Russian (few/many forms)", () => {
    const ru = JSON.parse(JSON.stringify(explorerWords("ru")));
    const page = new Function("words", `${say.toString()}\n${fitMessage.toString()}\n${convGeometry.toString()}\nreturn [fitMessage(8, 8, 3, 3, 3, 0, words), fitMessage(10, 10, 5, 5, 6, 0, words)];`);
    const [two, five] = page(ru) as string[];
    expect(two).toBe(fitMessage(8, 8, 3, 3, 3, 0, explorerWords("ru")));
    expect(two).toContain("последние 2 строки не покрываются");
    expect(five).toContain("последние 5 столбцов не покрываются");
    expect(`${two} ${five}`).not.toMatch(ENGLISH);
  });
});

