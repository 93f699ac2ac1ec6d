import * as tf from "@tensorflow/tfjs";
import { formatCell, layerRows, modelBundle, tableBundle } from "../../kernel-ext/table";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("show.table", () => {
  it("renders HTML with a header and escaped cells, and aligned text", () => {
    const b = tableBundle([{ name: "a<b", loss: 0.31234567 }, { name: "c", loss: 2 }], { title: "runs" });
    expect(b["text/html"]).toBe(
      '<table class="cnnlab-table"><caption>runs</caption><thead><tr><th style="text-align:left">name</th><th style="text-align:right">loss</th></tr></thead>' +
        '<tbody><tr><td style="text-align:left">a&lt;b</td><td style="text-align:right">0.3123</td></tr>' +
        '<tr><td style="text-align:left">c</td><td style="text-align:right">2</td></tr></tbody></table>',
    );
    expect(b["text/plain"]).toBe(["runs", "name    loss", "----  ------", "a<b   0.3123", "c          2"].join("\n"));
  });

  it("takes the union of keys in order of appearance, or the given columns", () => {
    const rows = [{ a: 1 }, { b: 2, a: 3 }];
    expect(tableBundle(rows)["text/plain"].split("\n")[0]).toBe("a  b");
    expect(tableBundle(rows, { columns: ["b"] })["text/plain"]).toBe("b\n-\n \n2");
  });

  it.each([
    [12345, "12,345"],
    [0.000123456, "0.0001235"],
    [null, ""],
    [[null, 26, 26, 8], "[null, 26, 26, 8]"],
    [true, "true"],
  ])("formats cell %p as %p", (v, s) => {
    expect(formatCell(v as never)).toBe(s);
  });

  it("rejects rows that are not objects, naming the row", () => {
    expect(() => tableBundle([{ a: 1 }, [1, 2] as never])).toThrow(/rows\[1\]: expected an object such as \{ epoch: 1, loss: 0.3 \}, received an array/);
  });
});

describe("show.model", () => {
  it("lists layers with output shapes and parameter counts, and the total", () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5, name: "conv1" }),
        tf.layers.maxPooling2d({ poolSize: 2, name: "pool1" }),
        tf.layers.flatten({ name: "flat" }),
        tf.layers.dense({ units: 10, name: "out" }),
      ],
    });
    // conv: 5·5·1·8 + 8 = 208; dense: 12·12·8·10 + 10 = 11530.
    expect(layerRows(model)).toEqual([
      { name: "conv1", type: "Conv2D", outputShape: [null, 24, 24, 8], params: 208 },
      { name: "pool1", type: "MaxPooling2D", outputShape: [null, 12, 12, 8], params: 0 },
      { name: "flat", type: "Flatten", outputShape: [null, 1152], params: 0 },
      { name: "out", type: "Dense", outputShape: [null, 10], params: 11530 },
    ]);
    const b = modelBundle(model);
    expect(b["text/plain"]).toContain("total");
    expect(b["text/plain"]).toMatch(/total\s+11,738$/);
    expect(b["text/html"]).toContain("<td style=\"text-align:left\">[null, 24, 24, 8]</td>");
    model.dispose();
  });

  it("accepts summary rows", () => {
    const b = modelBundle([{ name: "d", type: "Dense", outputShape: [null, 2], params: 6 }]);
    expect(b["text/plain"]).toMatch(/total\s+6$/);
  });

  it("accepts a summarize(model) result, totalling its extra numeric columns", () => {
    const summary = {
      model: "lenet",
      rows: [
        { name: "c1", type: "Conv2D", outputShape: [28, 28, 6], params: 156, connections: 122304 },
        { name: "f", type: "Dense", outputShape: [10], params: 850, connections: 850 },
      ],
    };
    const b = modelBundle(summary);
    expect(b["text/plain"].split("\n").slice(0, 2)).toEqual(['Model "lenet"', "layer  type    output shape  params  connections"]);
    expect(b["text/plain"]).toMatch(/total\s+1006\s+123,154$/);
  });

  it("rejects anything else, naming model", () => {
    expect(() => modelBundle(42 as never)).toThrow(/model: expected a tf.LayersModel, an array of .* or a summarize\(model\) result, received number 42/);
  });
});
