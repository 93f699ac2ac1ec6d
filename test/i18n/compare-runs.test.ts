/** withinRunNoise: two runs' recorded values compared exactly, numbers up to float32 run-to-run noise. */
import { withinRunNoise } from "./compare-runs";

describe("withinRunNoise", () => {
  const english = { gapShiftDiff: 1.862645149230957e-9, accuracy: 0.971, shape: [2, 3], label: "7→2", ok: true };

  it("accepts what two float32 runs on two threads give for the same computation", () => {
    const other = { gapShiftDiff: 3.725290298461914e-9, accuracy: 0.971000004, shape: [2, 3], label: "7→2", ok: true };
    expect(withinRunNoise(other, english)).toEqual(english);
  });

  it.each([
    ["a number off by more than 1e-5 of its size", { ...english, accuracy: 0.9712 }],
    ["a number off by more than 1e-6 near zero", { ...english, gapShiftDiff: 2e-6 }],
    ["an integer", { ...english, shape: [2, 4] }],
    ["a string", { ...english, label: "7→1" }],
    ["a boolean", { ...english, ok: false }],
    ["a missing field", { gapShiftDiff: english.gapShiftDiff, accuracy: 0.971, shape: [2, 3], label: "7→2" }],
  ])("still finds %s", (_what, other) => {
    expect(withinRunNoise(other, english)).not.toEqual(english);
  });
});
