/** t(key, params): placeholders filled, plural forms chosen by each language's rules, the language from CNNLAB_LANG. */
import { t, translator } from "../../lib/i18n/t";

const saved = process.env.CNNLAB_LANG;
afterEach(() => {
  if (saved === undefined) delete process.env.CNNLAB_LANG;
  else process.env.CNNLAB_LANG = saved;
});

it("fills placeholders; English by default", () => {
  delete process.env.CNNLAB_LANG;
  expect(t("check.factor", { factor: 2, direction: t("check.tooLarge") })).toBe("off by a factor of about 2 (too large)");
  expect(t("table.modelNamed", { name: "lenet" })).toBe('Model "lenet"');
});

it("follows CNNLAB_LANG on every call", () => {
  process.env.CNNLAB_LANG = "pl";
  expect(t("dashboard.title")).toBe("Uczenie");
  process.env.CNNLAB_LANG = "ru";
  expect(t("table.layer")).toBe("слой");
  process.env.CNNLAB_LANG = "bogus";
  expect(() => t("table.layer")).toThrow('CNNLAB_LANG must be one of en, pl, cs, sk, ru, es, got "bogus"');
});

it("an explicit language wins over CNNLAB_LANG (a grader page follows its submission)", () => {
  process.env.CNNLAB_LANG = "pl";
  expect(t("feedback.notes", {}, "es")).toBe("Notas");
  expect(translator("cs")("feedback.notes")).toBe("Poznámky");
});

it.each([
  ["en", 1, "1 notebook"],
  ["en", 2, "2 notebooks"],
  ["pl", 1, "1 notatnik"],
  ["pl", 3, "3 notatniki"],
  ["pl", 5, "5 notatników"],
  ["pl", 22, "22 notatniki"],
  ["pl", 12, "12 notatników"],
  ["cs", 4, "4 sešity"],
  ["cs", 5, "5 sešitů"],
  ["sk", 2, "2 zošity"],
  ["ru", 21, "21 ноутбук"],
  ["ru", 24, "24 ноутбука"],
  ["ru", 11, "11 ноутбуков"],
  ["es", 1, "1 cuaderno"],
  ["es", 7, "7 cuadernos"],
] as const)("plural forms: %s, %d → %j", (lang, count, expected) => {
  expect(t("index.count", { count }, lang)).toBe(expected);
});

it("a plural message without a numeric count is a developer error", () => {
  expect(() => t("index.count", {}, "en")).toThrow('t: a plural message needs a numeric "count" parameter');
});
