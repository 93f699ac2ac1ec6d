/**
 * The catalogue: every language has exactly the English keys, each message has the English
 * placeholders, and plural messages have every form the language's plural rules use for whole numbers.
 */
import { LANGS } from "../../lib/i18n/lang";
import { CATALOGUES, type Message } from "../../lib/i18n/messages";

const forms = (m: Message): string[] => (typeof m === "string" ? [m] : Object.values(m).filter((v): v is string => typeof v === "string"));
const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((x) => x[1]))].sort();
const english = CATALOGUES.en;
const keys = Object.keys(english).sort();

it("English has a sizeable catalogue", () => {
  expect(keys.length).toBeGreaterThan(100);
});

describe.each(LANGS.filter((l) => l !== "en"))("%s", (lang) => {
  const catalogue = CATALOGUES[lang] as Record<string, Message>;

  it("has exactly the English keys", () => {
    expect(Object.keys(catalogue).sort()).toEqual(keys);
  });

  it("every message (each plural form) has the English placeholders", () => {
    const wrong = keys.flatMap((k) => {
      const want = placeholders(forms(english[k as keyof typeof english]).join(" "));
      return forms(catalogue[k]).filter((f) => placeholders(f).join() !== want.join()).map((f) => `${k}: ${JSON.stringify(f)} has {${placeholders(f).join("}, {")}}, English {${want.join("}, {")}}`);
    });
    expect(wrong).toEqual([]);
  });

  it("plural messages have every form its plural rules give whole numbers", () => {
    const rules = new Intl.PluralRules(lang);
    const needed = [...new Set(Array.from({ length: 201 }, (_, n) => rules.select(n)))];
    const missing = keys.flatMap((k) => {
      const m = catalogue[k];
      if (typeof m === "string") return typeof english[k as keyof typeof english] === "string" ? [] : [`${k}: a plain string where English has plural forms`];
      return needed.filter((f) => m[f] === undefined).map((f) => `${k}: no "${f}" form`);
    });
    expect(missing).toEqual([]);
  });

  it("is translated: most messages differ from English", () => {
    const same = keys.filter((k) => JSON.stringify(catalogue[k]) === JSON.stringify(english[k as keyof typeof english]));
    // Identical ones are placeholders only, "ok", "test", "text", "total", "Model", "{rate} img/s"…: short, never sentences.
    expect(same.filter((k) => forms(catalogue[k]).join(" ").replace(/\{\w+\}/g, "").split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w)).length > 2)).toEqual([]);
    expect(same.length).toBeLessThan(keys.length / 5);
  });
});
