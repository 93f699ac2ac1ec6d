/**
 * Plain data: what crosses between the grader's test process and a submission's sandbox.
 * Numbers, strings, booleans, null/undefined, arrays, typed arrays and plain objects of these;
 * tf.Tensors become `{shape, data}` on the side that holds them. Functions, class instances,
 * Maps and the like cannot cross. Why a value cannot is said in the process's language (CNNLAB_LANG: the grader
 * gives a submission's processes its language) or, in the grader, in the one asked for.
 */
import type { Lang } from "../i18n/lang";
import { t } from "../i18n/t";

/** Nesting deeper than this is refused (a hostile value could otherwise exhaust the stack). */
const MAX_DEPTH = 32;
/** Array elements and object fields, all levels together; a typed array counts as one. */
const MAX_NODES = 1_000_000;

export type Plain = number | string | boolean | null | undefined | ArrayBufferView | Plain[] | { [key: string]: Plain };

interface TensorLike {
  shape: number[];
  dataSync(): ArrayLike<number>;
}

function isTensorLike(v: object): v is TensorLike {
  return typeof (v as TensorLike).dataSync === "function" && Array.isArray((v as TensorLike).shape);
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function typeName(v: unknown, lang?: Lang): string {
  if (typeof v === "function") return t("plain.function", {}, lang);
  if (typeof v === "symbol" || typeof v === "bigint") return t("plain.primitive", { type: typeof v }, lang);
  const ctor = (v as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof ctor === "string" && ctor ? t("plain.instance", { name: ctor }, lang) : t("plain.notPlainObject", {}, lang);
}

/**
 * A copy of `v` as plain data; tensors are read into `{shape, data}`. Throws (naming `what`)
 * for anything that cannot cross: functions, class instances, cycles, too deep or too large.
 */
export function toPlain(v: unknown, what: string): Plain {
  let nodes = 0;
  const seen = new Set<object>();
  const walk = (x: unknown, depth: number, where: string): Plain => {
    if (++nodes > MAX_NODES) throw new Error(`${what}: ${t("plain.tooMany", { max: MAX_NODES })}`);
    if (x === null || x === undefined || typeof x === "number" || typeof x === "string" || typeof x === "boolean") return x;
    if (typeof x !== "object") throw new Error(`${what}: ${t("plain.cannotCross", { where, type: typeName(x) })}`);
    if (depth > MAX_DEPTH) throw new Error(`${what}: ${t("plain.tooDeep", { max: MAX_DEPTH })}`);
    if (seen.has(x)) throw new Error(`${what}: ${t("plain.cycle", { where })}`);
    if (isTensorLike(x)) return { shape: Array.from(x.shape, Number), data: Float32Array.from(x.dataSync()) };
    if (ArrayBuffer.isView(x)) {
      if (x instanceof DataView) throw new Error(`${what}: ${t("plain.dataView", { where })}`);
      return (x as unknown as { slice(): ArrayBufferView }).slice();
    }
    seen.add(x);
    try {
      if (Array.isArray(x)) return Array.from(x, (y, k) => walk(y, depth + 1, `${where}[${k}]`));
      if (!isPlainObject(x)) throw new Error(`${what}: ${t("plain.cannotCross", { where, type: typeName(x) })}`);
      const out: { [key: string]: Plain } = {};
      for (const key of Object.keys(x)) out[key] = walk((x as Record<string, unknown>)[key], depth + 1, `${where}.${key}`);
      return out;
    } finally {
      seen.delete(x);
    }
  };
  return walk(v, 0, t("plain.theValue"));
}

/**
 * Checks, in the grader, that data from a submission really is plain (it is not trusted);
 * returns null when it is, else why not (in `lang`, the submission's; default CNNLAB_LANG).
 */
export function plainProblem(v: unknown, lang?: Lang): string | null {
  let nodes = 0;
  const walk = (x: unknown, depth: number): string | null => {
    if (++nodes > MAX_NODES) return t("plain.tooMany", { max: MAX_NODES }, lang);
    if (x === null || x === undefined || typeof x === "number" || typeof x === "string" || typeof x === "boolean") return null;
    if (typeof x !== "object") return typeName(x, lang);
    if (depth > MAX_DEPTH) return t("plain.tooDeep", { max: MAX_DEPTH }, lang);
    if (ArrayBuffer.isView(x)) return x instanceof DataView ? t("plain.instance", { name: "DataView" }, lang) : null;
    if (Array.isArray(x)) {
      for (const y of x) {
        const p = walk(y, depth + 1);
        if (p) return p;
      }
      return null;
    }
    if (!isPlainObject(x)) return typeName(x, lang);
    for (const key of Object.keys(x)) {
      const p = walk((x as Record<string, unknown>)[key], depth + 1);
      if (p) return p;
    }
    return null;
  };
  return walk(v, 0);
}

/** Text from an untrusted source, cut to `max` characters. */
export function capText(v: unknown, max = 4000): string {
  const s = typeof v === "string" ? v : String(v);
  return s.length > max ? `${s.slice(0, max)}… [${s.length - max} more characters cut]` : s;
}
