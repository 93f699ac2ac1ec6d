/** Languages: CNNLAB_LANG picks the language of printed strings; a bad value fails fast naming the variable. */
import { currentLang, isLang, LANGS, parseLang } from "../../lib/i18n/lang";

it("the six languages, English first", () => {
  expect(LANGS).toEqual(["en", "pl", "cs", "sk", "ru", "es"]);
  expect(LANGS.every(isLang)).toBe(true);
  expect(isLang("de")).toBe(false);
});

it("currentLang reads CNNLAB_LANG, default English", () => {
  expect(currentLang({})).toBe("en");
  expect(currentLang({ CNNLAB_LANG: "" })).toBe("en");
  for (const lang of LANGS) expect(currentLang({ CNNLAB_LANG: lang })).toBe(lang);
});

it.each(["de", "PL", "pl ", "english"])("CNNLAB_LANG=%j is an error naming the variable, the value and the allowed ones", (value) => {
  expect(() => currentLang({ CNNLAB_LANG: value })).toThrow(`CNNLAB_LANG must be one of en, pl, cs, sk, ru, es, got ${JSON.stringify(value)}`);
});

it("parseLang names what it parses", () => {
  expect(parseLang("ru", "--lang")).toBe("ru");
  expect(() => parseLang("xx", "--lang")).toThrow('--lang must be one of en, pl, cs, sk, ru, es, got "xx"');
});
