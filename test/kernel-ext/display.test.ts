import Module from "module";
import * as path from "path";
import { emit, inKernel, newDisplayHandle, __setDisplaySink } from "../../kernel-ext/display";

/**
 * A stand-in for tslab's kernel module: registered in require.cache under the path the
 * display channel looks for, with the `lastWriteDisplayData` tslab sets per cell.
 */
function fakeTslabKernel(): { calls: Array<[unknown, boolean]>; remove: () => void } {
  const file = path.join(path.sep, "fake", "node_modules", "tslab", "dist", "jupyter.js");
  const calls: Array<[unknown, boolean]> = [];
  const mod = new Module(file);
  mod.filename = file;
  mod.loaded = true;
  mod.exports = { lastWriteDisplayData: (content: unknown, update: boolean) => calls.push([content, update]) };
  // Node's real cache (jest's require.cache is its own), as kernel-ext/display.ts reads it.
  const cache = (Module as unknown as { _cache: Record<string, Module> })._cache;
  cache[file] = mod;
  return { calls, remove: () => delete cache[file] };
}

describe("display channel", () => {
  it("outside a kernel prints text/plain and does not throw", () => {
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      expect(inKernel()).toBe(false);
      emit({ "text/plain": "hello", "text/html": "<b>hello</b>" });
      expect(log).toHaveBeenCalledWith("hello");
    } finally {
      log.mockRestore();
    }
  });

  it("in a tslab kernel sends the whole bundle in one display_data, updates with update_display_data", () => {
    const kernel = fakeTslabKernel();
    try {
      expect(inKernel()).toBe(true);
      emit({ "text/plain": "t", "image/png": "AAAA" });
      const handle = newDisplayHandle();
      handle.update({ "text/plain": "1" });
      handle.update({ "text/plain": "2" });
      expect(kernel.calls).toEqual([
        [{ data: { "text/plain": "t", "image/png": "AAAA" }, metadata: {}, transient: {} }, false],
        [{ data: { "text/plain": "1" }, metadata: {}, transient: { display_id: handle.displayId } }, false],
        [{ data: { "text/plain": "2" }, metadata: {}, transient: { display_id: handle.displayId } }, true],
      ]);
    } finally {
      kernel.remove();
    }
  });

  it("the test sink takes precedence and sees display ids and update flags", () => {
    const seen: unknown[] = [];
    __setDisplaySink((o) => seen.push(o));
    try {
      const h = newDisplayHandle();
      h.update({ "text/plain": "a" });
      h.update({ "text/plain": "b" });
    } finally {
      __setDisplaySink(null);
    }
    expect(seen).toEqual([
      { bundle: { "text/plain": "a" }, displayId: expect.stringMatching(/^cnnlab-/), update: false },
      { bundle: { "text/plain": "b" }, displayId: expect.stringMatching(/^cnnlab-/), update: true },
    ]);
  });
});
