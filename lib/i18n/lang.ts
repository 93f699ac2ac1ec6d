/** The course's languages: English (the source) and the languages of the five lecture decks. */

export const LANGS = ["en", "pl", "cs", "sk", "ru", "es"] as const;
export type Lang = (typeof LANGS)[number];

/** Each language's own name, for menus and the reports' language links. */
export const LANG_NAMES: Record<Lang, string> = { en: "English", pl: "Polski", cs: "Čeština", sk: "Slovenčina", ru: "Русский", es: "Español" };

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/** `value` as a Lang; otherwise an error naming `what` (a flag or variable), the value and the allowed ones. */
export function parseLang(value: string, what: string): Lang {
  if (isLang(value)) return value;
  throw new Error(`${what} must be one of ${LANGS.join(", ")}, got ${JSON.stringify(value)}`);
}

/**
 * The language of printed strings: CNNLAB_LANG, default "en". Read on every call, so a kernel
 * started with CNNLAB_LANG=pl prints Polish. A bad value fails fast (a typo must not silently
 * give English).
 */
export function currentLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const v = env.CNNLAB_LANG;
  if (v === undefined || v === "") return "en";
  return parseLang(v, "CNNLAB_LANG");
}
