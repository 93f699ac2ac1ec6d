/**
 * CI's check that a localised run computes what the English run computes: one notebook per
 * language (a different one each, so five chapters are covered without running the course six
 * times), run with `cnnlab run --lang` in quick mode and compared with the English run of the same
 * notebook (same seed). `npm run test:i18n-full` does every notebook in every language.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Lang } from "../../lib/i18n/lang";
import { englishLeft, recordedValues, runCourseNotebooks, runProblem, withinRunNoise } from "./compare-runs";

const PAIRS: Array<[Lang, string]> = [
  ["pl", "04-pooling.ipynb"],
  ["cs", "02-conv-arithmetic.ipynb"],
  ["sk", "05-activations-losses-sgd.ipynb"],
  ["ru", "09-batchnorm.ipynb"],
  ["es", "00-welcome.ipynb"],
];

const out = fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-i18n-runs-"));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

let english: ReturnType<typeof runCourseNotebooks>;
beforeAll(() => {
  english = runCourseNotebooks(PAIRS.map(([, nb]) => nb), "en", path.join(out, "reports"));
}, 1_800_000);

describe.each(PAIRS)("%s: %s", (lang, notebook) => {
  let localised: ReturnType<typeof runCourseNotebooks>;
  beforeAll(() => {
    localised = runCourseNotebooks([notebook], lang, path.join(out, "reports"));
  }, 900_000);

  it("runs clean, in its language (metadata cnnlab.lang), with no markdown left in English", () => {
    const nb = localised.get(notebook)!;
    expect(runProblem(nb)).toBeNull();
    expect(nb.metadata.cnnlab).toMatchObject({ lang });
    expect(englishLeft(nb, english.get(notebook)!)).toEqual([]);
  });

  it("records the values the English run records, cell by cell", () => {
    const en = recordedValues(english.get(notebook)!);
    expect(Object.keys(en).length).toBeGreaterThan(0);
    // Equal, numbers up to float32 run-to-run noise (see withinRunNoise).
    expect(withinRunNoise(recordedValues(localised.get(notebook)!), en)).toEqual(en);
  });
});

it("reports/index.html links every language run", () => {
  const top = fs.readFileSync(path.join(out, "reports", "index.html"), "utf8");
  for (const [lang] of PAIRS) expect(top).toContain(`href="${lang}/index.html"`);
});
