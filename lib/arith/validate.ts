/**
 * Argument checks shared by the arithmetic: each error names the function, the argument and the value,
 * the value spelled by `show` (NaN and Infinity as themselves: JSON would print them as null).
 * positiveInt is the one the layers and model builders use.
 */
import { positiveInt, show } from "../layers/validate";

export { positiveInt, show };

export function nonNegativeInt(fn: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new Error(`${fn}: ${name} must be a non-negative integer, got ${show(value)}`);
  }
  return value;
}

/** A number or an [h, w] pair of positive integers → [h, w]. */
export function pair(fn: string, name: string, value: unknown): [number, number] {
  if (Array.isArray(value)) {
    if (value.length !== 2) {
      throw new Error(`${fn}: ${name} must be a number or a pair [h, w], got ${show(value)}`);
    }
    return [positiveInt(fn, `${name}[0]`, value[0]), positiveInt(fn, `${name}[1]`, value[1])];
  }
  const v = positiveInt(fn, name, value);
  return [v, v];
}
