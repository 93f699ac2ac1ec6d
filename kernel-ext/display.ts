/**
 * The one channel every cnnlab output goes through: a Jupyter MIME bundle sent to the
 * running tslab kernel, or — outside a kernel (plain node, jest, CI) — its text/plain
 * fallback printed to stdout, so library code never fails with tslab's "Not ready".
 */

/** A JSON value, as JSON MIME types (application/json, application/vnd.plotly.v1+json, …) carry it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A Jupyter MIME bundle of text and binary types: MIME type → content (binary types base64-encoded). */
export interface MimeBundle {
  /** Always present: what a terminal, a text export or a screen reader shows. */
  "text/plain": string;
  [mimeType: string]: string;
}

/**
 * What `emit` sends: a MIME bundle whose JSON types (`application/json`,
 * `application/vnd.plotly.v1+json`, …) may carry a JSON value, stored in the notebook as it is.
 */
export interface DisplayBundle {
  /** Always present: what a terminal, a text export or a screen reader shows. */
  "text/plain": string;
  [mimeType: string]: JsonValue;
}

/** One output as it leaves cnnlab: a bundle, and for in-place outputs its display id. */
export interface DisplayOutput {
  bundle: DisplayBundle;
  /** Set for outputs that are later overwritten in place (dashboards). */
  displayId?: string;
  /** True when this replaces an earlier output with the same displayId. */
  update: boolean;
}

type KernelWriter = (
  content: { data: DisplayBundle; metadata: object; transient: { display_id?: string } },
  update: boolean,
) => void;

type DisplaySink = (output: DisplayOutput) => void;

let testSink: DisplaySink | null = null;

/**
 * Test hook: route every output to `sink` instead of the kernel or stdout (pass null to
 * restore). Lets tests inspect the exact bundles a notebook would receive.
 */
export function __setDisplaySink(sink: DisplaySink | null): void {
  testSink = sink;
}

/** Runs `fn` with outputs captured; returns what it displayed (test helper). */
export async function __captureDisplays(fn: () => unknown): Promise<DisplayOutput[]> {
  const captured: DisplayOutput[] = [];
  const previous = testSink;
  testSink = (output) => captured.push(output);
  try {
    await fn();
  } finally {
    testSink = previous;
  }
  return captured;
}

/**
 * Node's module cache. `require.cache` is the same object in plain node; we reach it
 * through the `module` builtin so that it is also the real cache under jest (whose
 * `require.cache` is its own), which lets tests stand in a fake kernel.
 */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const moduleCache: Record<string, NodeModule | undefined> = (require("module") as { _cache: Record<string, NodeModule | undefined> })._cache;

const TSLAB_JUPYTER_MODULE = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;
let tslabJupyterKey: string | null = null;

/**
 * tslab's public `display` sends one MIME type per message, which would drop our
 * text/plain fallback; its internal `lastWriteDisplayData` (set by the kernel for the
 * executing cell) takes a whole bundle. We look it up in the module cache rather than
 * requiring tslab, so plain node never loads the TypeScript compiler and we always talk
 * to the copy of tslab that is actually running the kernel.
 */
function kernelWriter(): KernelWriter | null {
  if (tslabJupyterKey === null) {
    tslabJupyterKey = Object.keys(moduleCache).find((key) => TSLAB_JUPYTER_MODULE.test(key)) ?? null;
    if (tslabJupyterKey === null) return null;
  }
  const writer = moduleCache[tslabJupyterKey]?.exports?.lastWriteDisplayData;
  return typeof writer === "function" ? (writer as KernelWriter) : null;
}

/** True when outputs reach a rich front end (a tslab kernel, or a test sink standing in for one). */
export function richOutput(): boolean {
  return testSink !== null || kernelWriter() !== null;
}

/** True when running inside a tslab kernel that is executing a cell. */
export function inKernel(): boolean {
  return kernelWriter() !== null;
}

function send(output: DisplayOutput): void {
  if (testSink) {
    testSink(output);
    return;
  }
  const writer = kernelWriter();
  if (writer) {
    const transient = output.displayId ? { display_id: output.displayId } : {};
    writer({ data: output.bundle, metadata: {}, transient }, output.update);
    return;
  }
  console.log(output.bundle["text/plain"]);
}

/** Displays `bundle` as a new output of the current cell. */
export function emit(bundle: DisplayBundle): void {
  send({ bundle, update: false });
}

/**
 * Displays data that has no text/plain form (e.g. a cnnlab record, which front ends do not show):
 * the kernel or the test sink receives `data` as the whole bundle; outside both nothing is printed.
 */
export function emitData(data: Record<string, unknown>): void {
  if (testSink || kernelWriter()) send({ bundle: data as unknown as MimeBundle, update: false });
}

/** An output that can be redrawn in place (e.g. a training dashboard). */
export interface DisplayHandle {
  readonly displayId: string;
  /** Shows `bundle`: the first call creates the output, later calls overwrite it. */
  update(bundle: DisplayBundle): void;
}

let displayCounter = 0;

/** Creates an output that later calls overwrite in place. */
export function newDisplayHandle(): DisplayHandle {
  const displayId = `cnnlab-${process.pid}-${Date.now().toString(36)}-${++displayCounter}`;
  let shown = false;
  return {
    displayId,
    update(bundle: DisplayBundle): void {
      send({ bundle, displayId, update: shown });
      shown = true;
    },
  };
}

/** Escapes text for inclusion in HTML element content or attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** JSON for embedding inside an HTML <script>: `</script>` and `<!--` cannot end it early. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
