/** notebooks/README.md cites notebooks and cell tags that exist, so its example runs as written. */
import * as fs from "fs";
import * as path from "path";
import { readNotebook } from "../../lib/notebook/io";

const ROOT = path.resolve(__dirname, "..", "..");
const readme = fs.readFileSync(path.join(ROOT, "notebooks", "README.md"), "utf8");

describe("notebooks/README.md", () => {
  const cited = [...new Set([...readme.matchAll(/notebooks\/[\w./-]+\.ipynb/g)].map((m) => m[0]))];

  it("cites notebooks", () => {
    expect(cited.length).toBeGreaterThan(0);
  });

  it.each(cited)("%s exists", (file) => {
    expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
  });

  it("the harness example's tags are tags of the notebook it runs", () => {
    const example = /```ts\n([^]*?)```/.exec(readme.slice(readme.indexOf("## Testing one")))![1];
    const file = /runNotebookForTest\("([^"]+)"\)/.exec(example)![1];
    const tags = new Set(readNotebook(path.join(ROOT, file)).cells.flatMap((c) => (c.metadata.tags as string[] | undefined) ?? []));
    const used = [...example.matchAll(/run\.\w+\("([\w-]+)"\)/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(0);
    for (const tag of used) expect(tags).toContain(`check:${tag}`);
  });
});
