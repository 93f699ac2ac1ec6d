/**
 * Learning-rate schedules, evaluated once per epoch (epoch counts from 0).
 *   step:   ε_e = ε₀ · γ^⌊e / every⌋
 *   cosine: ε_e = ε_min + (ε₀ − ε_min) · (1 + cos(π · e / epochs)) / 2
 */

/** Multiply the rate by `gamma` every `every` epochs. */
export interface StepSchedule {
  type: "step";
  /** Epochs between decays (integer ≥ 1). */
  every: number;
  /** Factor applied at each decay. Default 0.1. */
  gamma?: number;
}

/** Cosine annealing from the base rate down towards `minLearningRate` over the run. */
export interface CosineSchedule {
  type: "cosine";
  /** Rate reached at the end. Default 0. */
  minLearningRate?: number;
}

/** Keep the base rate. */
export interface ConstantSchedule {
  type: "constant";
}

export type Schedule = StepSchedule | CosineSchedule | ConstantSchedule;

/** Throws a clear error if `schedule` is malformed. */
export function validateSchedule(schedule: Schedule): void {
  const got = JSON.stringify(schedule);
  if (typeof schedule !== "object" || schedule === null) {
    throw new Error(`schedule: expected { type: "step", every, gamma } | { type: "cosine" } | { type: "constant" }, got ${got}`);
  }
  if (schedule.type === "step") {
    if (!(Number.isInteger(schedule.every) && schedule.every >= 1)) {
      throw new Error(`schedule.every: expected an integer ≥ 1 (epochs between decays), got ${schedule.every}`);
    }
    const gamma = schedule.gamma ?? 0.1;
    if (!(Number.isFinite(gamma) && gamma > 0)) {
      throw new Error(`schedule.gamma: expected a number > 0, got ${schedule.gamma}`);
    }
  } else if (schedule.type === "cosine") {
    const min = schedule.minLearningRate ?? 0;
    if (!(Number.isFinite(min) && min >= 0)) {
      throw new Error(`schedule.minLearningRate: expected a number ≥ 0, got ${schedule.minLearningRate}`);
    }
  } else if (schedule.type !== "constant") {
    throw new Error(`schedule.type: expected "step", "cosine" or "constant", got ${got}`);
  }
}

/** The learning rate for `epoch` (0-based) of a run of `epochs` epochs. */
export function learningRateAt(schedule: Schedule, baseRate: number, epoch: number, epochs: number): number {
  validateSchedule(schedule);
  switch (schedule.type) {
    case "constant":
      return baseRate;
    case "step":
      return baseRate * Math.pow(schedule.gamma ?? 0.1, Math.floor(epoch / schedule.every));
    case "cosine": {
      const min = schedule.minLearningRate ?? 0;
      return min + ((baseRate - min) * (1 + Math.cos((Math.PI * epoch) / Math.max(epochs, 1)))) / 2;
    }
  }
}
