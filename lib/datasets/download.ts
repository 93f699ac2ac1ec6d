/**
 * Downloads into the cache: checksum-verified, written to a temporary file and renamed, so a
 * failed or interrupted download never leaves a half-written file under the final name.
 */
import * as fs from "fs";
import * as path from "path";
import { Checksums, verifyChecksums } from "./checksum";
import { t } from "../i18n/t";

/**
 * The subset of the global `fetch` we use; injectable so tests can serve files. `body` and
 * `headers` (as a Response has them) let a download report its progress; without them it is read whole.
 */
export type FetchFn = (url: string) => Promise<{
  ok: boolean;
  status: number;
  statusText: string;
  arrayBuffer(): Promise<ArrayBuffer>;
  body?: ReadableStream<Uint8Array> | null;
  headers?: { get(name: string): string | null };
}>;

/** Told during a download how many bytes have arrived, and the total when the server sent Content-Length. */
export type ProgressFn = (received: number, total: number | undefined) => void;

/** One file of a data set: its name in the folder, where to get it, and its digests. */
export interface RemoteFile {
  name: string;
  url: string;
  checksums: Checksums;
}

/**
 * A download that failed before its checksum could be checked: `offline` when the request got no answer
 * or the connection broke (DNS, refused, reset, timeout), `server` when the server answered an HTTP error.
 */
export class DownloadError extends Error {
  constructor(message: string, readonly kind: "offline" | "server", readonly url: string, readonly status?: number) {
    super(message);
  }
}

/** Node's fetch says only "fetch failed"; the system error code (ENOTFOUND, ECONNREFUSED, …) is in its cause. */
function networkReason(e: unknown): string {
  const message = (e as Error)?.message ?? String(e);
  const code = (e as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * Fetch `file.url` and write it to `dir/file.name` if its checksums match. On any failure the
 * temporary file is removed and the error names the URL and the file: a DownloadError (no answer,
 * or an HTTP error status) or a ChecksumError (lib/datasets/checksum.ts).
 */
export async function downloadVerified(file: RemoteFile, dir: string, fetchFn: FetchFn = globalThis.fetch as FetchFn, onProgress?: ProgressFn): Promise<string> {
  const dest = path.join(dir, file.name);
  const failed = (why: string) => `could not download ${file.url} to ${dest}: ${why}`;
  // No answer, or the connection broke while the body arrived: offline; an answer with an error status: the server's.
  const noAnswer = (e: unknown) => new DownloadError(failed(networkReason(e)), "offline", file.url);
  const fetched = async () => {
    try {
      return await fetchFn(file.url);
    } catch (e) {
      throw noAnswer(e);
    }
  };
  const response = await fetched();
  if (!response.ok) throw new DownloadError(failed(`HTTP ${response.status} ${response.statusText}`), "server", file.url, response.status);
  const body = async () => {
    try {
      return onProgress && response.body ? await readWithProgress(response.body, contentLength(response.headers), onProgress) : new Uint8Array(await response.arrayBuffer());
    } catch (e) {
      throw noAnswer(e);
    }
  };
  const bytes = await body();
  verifyChecksums(bytes, file.checksums, `${file.name} downloaded from ${file.url}`, file.name);
  writeFileAtomic(dest, bytes);
  return dest;
}

function contentLength(headers: { get(name: string): string | null } | undefined): number | undefined {
  const n = Number(headers?.get("content-length") ?? NaN);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Reads a response body chunk by chunk, telling `onProgress` after each chunk. */
async function readWithProgress(body: ReadableStream<Uint8Array>, total: number | undefined, onProgress: ProgressFn): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = body.getReader();
  onProgress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress(received, total);
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

/**
 * A ProgressFn that prints one line when a download starts and then at every further tenth
 * (or every 10 MB when the size is unknown): `cifar-10-binary.tar.gz: 40% of 170.5 MB`.
 */
export function progressPrinter(label: string, print: (line: string) => void = console.log): ProgressFn {
  const MB = 1024 * 1024;
  let lastStep = -1;
  return (received, total) => {
    const step = total ? Math.floor((10 * received) / total) : Math.floor(received / (10 * MB));
    if (step <= lastStep) return;
    lastStep = step;
    print(total ? t("dataset.download", { label, percent: 10 * step, mb: (total / MB).toFixed(1) }) : t("dataset.downloadSize", { label, mb: (received / MB).toFixed(1) }));
  };
}

/**
 * `file` fetched from `mirror` instead of its official URL: the mirror's base URL with the file's name appended
 * (`http://mirror.local/data/` + `cifar-10-binary.tar.gz`). `mirror` undefined: `$CNNLAB_DATA_MIRROR` when set, else
 * the file unchanged. The digests stay the pinned ones, so a mirror must serve the official files.
 */
export function fromMirror(file: RemoteFile, mirror: string | undefined, what = "mirror"): RemoteFile {
  const fromEnv = process.env.CNNLAB_DATA_MIRROR;
  const base = mirror ?? (fromEnv && fromEnv.trim() !== "" ? fromEnv.trim() : undefined);
  if (base === undefined) return file;
  const source = mirror !== undefined ? what : "$CNNLAB_DATA_MIRROR";
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`${source} must be an http(s) URL of a folder holding the data files, got ${JSON.stringify(base)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`${source} must be an http(s) URL of a folder holding the data files, got ${JSON.stringify(base)}`);
  }
  return { ...file, url: new URL(file.name, base.endsWith("/") ? base : `${base}/`).toString() };
}

import { writeFileAtomic } from "../fs/atomic-write";
export { writeFileAtomic };

/**
 * The error for missing files when offline or when `download` is off: which files, where, from where.
 * `cause`, the error that stopped the download, is kept as the error's `cause` (what lib/datasets/failure.ts reads).
 */
export function missingFilesError(dataset: string, dir: string, missing: RemoteFile[], hint: string, cause?: unknown): Error {
  const list = missing.map((f) => `  ${path.join(dir, f.name)}   <- ${f.url}`).join("\n");
  const where = fs.existsSync(dir) ? dir : `${dir} (the folder does not exist)`;
  const error = new Error(`${dataset}: missing files in ${where}:\n${list}\n${hint}`);
  if (cause !== undefined) Object.defineProperty(error, "cause", { value: cause, enumerable: false, writable: true, configurable: true });
  return error;
}
