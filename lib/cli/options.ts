/** Commander option parsers shared by the subcommands: a bad value fails naming the flag, the value and what is expected. */
import { InvalidArgumentError } from "commander";
import { isLang, LANGS, type Lang } from "../i18n/lang";

/** An integer >= 1 (--concurrency, --timeout, --memory, --classes). */
export function positiveIntOption(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} expects an integer >= 1, got ${JSON.stringify(value)}`);
    return n;
  };
}

/** A finite number > 0 (--width). */
export function positiveNumberOption(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} expects a number > 0, got ${JSON.stringify(value)}`);
    return n;
  };
}

/** A course language (--lang): one of LANGS. */
export function langOption(flag: string): (value: string) => Lang {
  return (value) => {
    if (isLang(value)) return value;
    throw new InvalidArgumentError(`${flag} must be one of ${LANGS.join(", ")}, got ${JSON.stringify(value)}`);
  };
}
