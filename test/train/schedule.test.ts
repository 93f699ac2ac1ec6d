import { learningRateAt, Schedule } from "../../lib/train/schedule";

describe("learning-rate schedules give the expected rate per epoch (tolerance 1e-12)", () => {
  it.each<[string, Schedule, number, number[]]>([
    ["constant", { type: "constant" }, 0.1, [0.1, 0.1, 0.1, 0.1]],
    ["step every 2, γ = 0.5", { type: "step", every: 2, gamma: 0.5 }, 0.1, [0.1, 0.1, 0.05, 0.05]],
    ["step every 1, default γ = 0.1", { type: "step", every: 1 }, 1, [1, 0.1, 0.01, 0.001]],
    // ε_e = (1 + cos(π e / 4)) / 2 for e = 0..3
    ["cosine over 4 epochs", { type: "cosine" }, 1, [1, (1 + Math.SQRT1_2) / 2, 0.5, (1 - Math.SQRT1_2) / 2]],
    ["cosine with a floor of 0.2", { type: "cosine", minLearningRate: 0.2 }, 1, [1, 0.2 + 0.8 * ((1 + Math.SQRT1_2) / 2), 0.6, 0.2 + 0.8 * ((1 - Math.SQRT1_2) / 2)]],
  ])("%s", (_title, schedule, base, expected) => {
    const rates = expected.map((_, epoch) => learningRateAt(schedule, base, epoch, 4));
    rates.forEach((r, i) => expect(Math.abs(r - expected[i])).toBeLessThan(1e-12));
  });
});

describe("malformed schedules are rejected with the argument and value", () => {
  it.each<[string, unknown, RegExp]>([
    ["every 0", { type: "step", every: 0 }, /schedule.every: expected an integer ≥ 1 .* got 0/],
    ["negative gamma", { type: "step", every: 1, gamma: -1 }, /schedule.gamma: expected a number > 0, got -1/],
    ["unknown type", { type: "linear" }, /schedule.type: expected "step", "cosine" or "constant", got \{"type":"linear"\}/],
  ])("%s", (_title, schedule, message) => {
    expect(() => learningRateAt(schedule as Schedule, 0.1, 0, 3)).toThrow(message);
  });
});
