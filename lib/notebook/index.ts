/** Notebook format helpers (nbformat 4): read, write, strip outputs. */
export * from "./types";
export { parseNotebook, readNotebook, writeNotebook, serializeNotebook, joinText, splitLines, cellSource, cellTags, outputText } from "./io";
export { stripOutputs, hasNoOutputs } from "./strip";
