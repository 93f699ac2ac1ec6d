/**
 * Argument checks shared by the layers and model builders: each error names the
 * owner, the argument, the value received and what was expected.
 */

/** A value as an error message shows it: JSON, except that numbers JSON cannot spell (NaN, ±Infinity) and undefined appear as they are, at any depth. */
export function show(value: unknown): string {
  if (typeof value === "number" || value === undefined) return String(value);
  try {
    // JSON.stringify writes NaN and Infinity as null and drops undefined: mark them, then unquote the marks.
    const json = JSON.stringify(value, (_key, v: unknown) =>
      (typeof v === "number" && !Number.isFinite(v)) || v === undefined ? `${UNSPELLABLE}${String(v)}` : v,
    );
    return json === undefined ? String(value) : json.replace(UNSPELLABLE_JSON, "$1");
  } catch {
    return String(value);
  }
}

const UNSPELLABLE = "\u0000cnnlab-value:";
const UNSPELLABLE_JSON = /"\\u0000cnnlab-value:(NaN|-?Infinity|undefined)"/g;

export function positiveInt(owner: string, arg: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new Error(`${owner}: ${arg} must be a positive integer, got ${show(value)}`);
  }
  return value;
}

export function positiveNumber(owner: string, arg: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new Error(`${owner}: ${arg} must be a positive finite number, got ${show(value)}`);
  }
  return value;
}

export function finiteNumber(owner: string, arg: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`${owner}: ${arg} must be a finite number, got ${show(value)}`);
  }
  return value;
}

export function oneOf<T extends string>(owner: string, arg: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new Error(`${owner}: ${arg} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${show(value)}`);
  }
  return value as T;
}

/** A rate in [0, 1) such as a dropout probability. */
export function rate(owner: string, arg: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0 && value < 1)) {
    throw new Error(`${owner}: ${arg} must be a number in [0, 1), got ${show(value)}`);
  }
  return value;
}
