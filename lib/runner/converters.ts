/** tslab's TypeScript converters for an executor, created lazily as tslab's kernel does (the browser one is rarely used). */
import type { ConverterSet } from "tslab/dist/executor";
import { createConverter, type Converter } from "tslab/dist/converter";

export function converterSet(): ConverterSet {
  let node: Converter | undefined;
  let browser: Converter | undefined;
  return {
    get node() {
      return (node ??= createConverter({ isBrowser: false }));
    },
    get browser() {
      return (browser ??= createConverter({ isBrowser: true }));
    },
    close() {
      node?.close();
      browser?.close();
    },
  };
}
