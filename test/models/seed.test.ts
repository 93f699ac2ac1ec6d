/** buildModel(name, { seed }): the same seed builds the same initial weights. */
import { buildModel } from "../../lib/models/registry";
import { maxAbsDiff, useBackend } from "./helpers";

beforeAll(useBackend);

function weightsOf(name: string, seed?: number): Float32Array[] {
  const model = buildModel(name, { seed });
  const data = model.getWeights().map((w) => w.dataSync() as Float32Array);
  model.dispose();
  return data;
}

describe.each(["lenet5", "resnet20", "googlenet"])("%s", (name) => {
  it("seed 7 twice → identical weights; seed 8 → different kernels", () => {
    const a = weightsOf(name, 7);
    const b = weightsOf(name, 7);
    const c = weightsOf(name, 8);
    expect(a.map((w, i) => maxAbsDiff(w, b[i]))).toEqual(a.map(() => 0));
    // every weight that is random (not a ones/zeros initialisation) differs under another seed
    const random = a.map((w, i) => i).filter((i) => new Set(a[i]).size > 1);
    expect(random.length).toBeGreaterThan(0);
    for (const i of random) expect(maxAbsDiff(a[i], c[i])).toBeGreaterThan(0);
  });
});

it("no seed: two builds differ", () => {
  const [a, b] = [weightsOf("lenet"), weightsOf("lenet")];
  expect(maxAbsDiff(a[0], b[0])).toBeGreaterThan(0);
});

it("a bad seed is named", () => {
  expect(() => buildModel("lenet", { seed: NaN })).toThrow('buildModel("lenet"): seed must be a finite number, got NaN');
});
