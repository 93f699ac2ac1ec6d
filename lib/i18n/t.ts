/**
 * `t(key, params)`: a printed string in the current language. Messages are plain strings with
 * `{name}` placeholders, or plural forms chosen by the `count` parameter with Intl.PluralRules
 * (Polish, Czech, Slovak and Russian need "few"/"many" forms English does not have).
 */
import { currentLang, type Lang } from "./lang";
import { CATALOGUES, type Message, type MessageKey } from "./messages";

export type Params = Record<string, string | number>;

function pick(message: Message, lang: Lang, params: Params): string {
  if (typeof message === "string") return message;
  const count = params.count;
  if (typeof count !== "number") throw new Error(`t: a plural message needs a numeric "count" parameter, got ${JSON.stringify(count)}`);
  const form = new Intl.PluralRules(lang).select(count);
  return message[form] ?? message.other;
}

/** The message `key` in `lang` (default: currentLang()) with `{name}` replaced by params[name]. */
export function t(key: MessageKey, params: Params = {}, lang: Lang = currentLang()): string {
  const message = CATALOGUES[lang][key] ?? CATALOGUES.en[key];
  if (message === undefined) throw new Error(`t: no message ${JSON.stringify(key)}`);
  return pick(message, lang, params).replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A `t` bound to one language (a grader page renders in its submission's language, not the grader's). */
export function translator(lang: Lang): (key: MessageKey, params?: Params) => string {
  return (key, params = {}) => t(key, params, lang);
}
