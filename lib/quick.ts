/**
 * Quick mode: notebooks read `CNNLAB_QUICK` so that `cnnlab run --quick`, CI and the
 * notebook tests can run every cell on tiny data in seconds, while students get full runs.
 */

/** Values of CNNLAB_QUICK that turn quick mode on (case-insensitive). */
const TRUTHY = new Set(["1", "true", "yes", "on"]);
/** Values that explicitly keep it off; anything else is a mistake worth reporting. */
const FALSY = new Set(["", "0", "false", "no", "off"]);

/** True when the environment variable CNNLAB_QUICK is set to 1/true/yes/on. */
export function quickMode(): boolean {
  const raw = process.env.CNNLAB_QUICK;
  if (raw === undefined) return false;
  const value = raw.trim().toLowerCase();
  if (TRUTHY.has(value)) return true;
  if (FALSY.has(value)) return false;
  throw new Error(
    `CNNLAB_QUICK must be one of 1, true, yes, on (quick) or 0, false, no, off (full); got ${JSON.stringify(raw)}`
  );
}

/** `quick` in quick mode, `full` otherwise: `const epochs = pick(1, 10);`. */
export function pick<T>(quick: T, full: T): T {
  return quickMode() ? quick : full;
}
