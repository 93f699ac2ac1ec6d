/**
 * The course on a backend that cannot read tensors synchronously, as webgpu in Node: notebooks
 * 00–14 run in quick mode through the real kernel (the harness) on test/support/no-sync-backend.js,
 * which wraps wasm and throws on every dataSync / arraySync / bufferSync / print, naming the call.
 * The library reaches it through the test-only CNNLAB_BACKEND_WRAPPER (lib/backend/backend-wrapper.ts).
 */
import * as path from "path";
import { describeFailure, runNotebookForTest, PACKAGE_ROOT } from "./harness";

const NOTEBOOKS = [
  "00-welcome", "01-image-kernels", "02-conv-arithmetic", "03-conv-from-scratch", "04-pooling", "05-activations-losses-sgd", "06-lenet5-mnist",
  "07-alexnet", "08-vgg-nin-googlenet", "09-batchnorm", "10-resnet", "11-keras-cnn", "12-what-cnns-see", "13-adversarial-examples", "14-transfer-learning",
];

beforeAll(() => {
  // The notebook processes inherit this environment (executeNotebook adds to process.env).
  process.env.CNNLAB_BACKEND = "wasm";
  process.env.CNNLAB_BACKEND_WRAPPER = path.join(PACKAGE_ROOT, "test", "support", "no-sync-backend.js");
});

describe.each(NOTEBOOKS)("%s on a backend that refuses synchronous reads", (name) => {
  it("runs to the end in quick mode, on the wrapped backend", async () => {
    const run = await runNotebookForTest(path.join(PACKAGE_ROOT, "notebooks", `${name}.ipynb`), { cellTimeoutS: 1200 });
    expect(describeFailure(run)).toBe("ok");
    const printed = run.result.notebook.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : [])).map((o) => JSON.stringify(o)).join("\n");
    expect(printed).toContain("wrapped as wasm-no-sync-reads by CNNLAB_BACKEND_WRAPPER");
    expect(printed).not.toContain("synchronous read refused");
    // tf memory stays stable: every notebook that counts its tensors at the end counts none.
    if (name !== "00-welcome") expect(printed).toMatch(/tensors (alive|left): 0\b/);
  }, 1_500_000);
});
