/** Tiny notebooks built in tests: hand-readable cells, written to temporary folders. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { CodeCell, MarkdownCell, Notebook } from "../../lib/notebook/types";

export function code(source: string, tags?: string[]): CodeCell {
  return { cell_type: "code", metadata: tags ? { tags } : {}, source, execution_count: null, outputs: [] };
}

export function markdown(source: string): MarkdownCell {
  return { cell_type: "markdown", metadata: {}, source };
}

export function notebook(...cells: Notebook["cells"]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "cnnlab", display_name: "TypeScript (cnnlab)", language: "typescript" } },
    cells,
  };
}

/** A fresh temporary folder, removed by the caller's afterAll via `removeTempDirs`. */
const made: string[] = [];
export function tempDir(prefix = "cnnlab-test-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes notebooks (relative path → notebook) into `dir`; returns `dir`. */
export function writeNotebooks(dir: string, files: Record<string, Notebook>): string {
  for (const [rel, nb] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), JSON.stringify(nb, null, 1));
  }
  return dir;
}
