/** Every notebook committed under notebooks/ is clean nbformat 4 for the cnnlab kernel. */
import * as path from "path";
import { readNotebook } from "../../lib/notebook/io";
import { findNotebooks } from "../../lib/runner/find";
import { PACKAGE_ROOT } from "./harness";

// The course and, graded separately, the assignments (a folder argument does not descend into them).
const files = findNotebooks([path.join(PACKAGE_ROOT, "notebooks"), path.join(PACKAGE_ROOT, "notebooks", "assignments")]).map((t) => t.file);

describe.each(files.map((f) => [path.relative(PACKAGE_ROOT, f)]))("%s", (rel) => {
  const nb = readNotebook(path.join(PACKAGE_ROOT, rel));

  it("is valid nbformat 4 (4.5: every cell has a unique id)", () => {
    expect(nb.nbformat).toBe(4);
    expect(nb.nbformat_minor).toBeGreaterThanOrEqual(5);
    const ids = nb.cells.map((c) => c.id);
    expect(ids.every((id) => typeof id === "string" && /^[a-zA-Z0-9_-]{1,64}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("uses the cnnlab kernel and TypeScript", () => {
    expect(nb.metadata.kernelspec).toMatchObject({ name: "cnnlab", language: "typescript" });
    expect(nb.metadata.language_info).toMatchObject({ name: "typescript" });
  });

  it("is committed without outputs, execution counts or run records", () => {
    const dirty = nb.cells
      .map((c, i) => ({ c, n: i + 1 }))
      .filter(({ c }) => c.cell_type === "code" && (c.outputs.length > 0 || c.execution_count !== null || c.metadata.execution !== undefined))
      .map(({ n }) => `cell ${n}`);
    expect(dirty).toEqual([]);
    expect(nb.metadata.cnnlab_run).toBeUndefined();
  });
});
