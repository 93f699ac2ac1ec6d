/**
 * Why a data set could not be had, for the line a notebook prints when it falls back to other data:
 * no connection, an HTTP error from the server, a checksum mismatch (naming the file), or anything else
 * (the error's first line). Read from the error the loader threw and the errors it carries as `cause`.
 */
import { ChecksumError } from "./checksum";
import { DownloadError } from "./download";
import { t } from "../i18n/t";
import type { Lang } from "../i18n/lang";

export type DownloadFailure =
  | { kind: "offline"; host: string }
  | { kind: "server"; host: string; status: number }
  | { kind: "checksum"; file: string }
  | { kind: "other"; message: string };

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/** The first DownloadError or ChecksumError in the cause chain of `e`, else its first line (folders left out). */
export function downloadFailure(e: unknown): DownloadFailure {
  const seen = new Set<unknown>();
  for (let err: unknown = e; err !== null && typeof err === "object" && !seen.has(err); err = (err as { cause?: unknown }).cause) {
    seen.add(err);
    if (err instanceof ChecksumError) return { kind: "checksum", file: err.fileName };
    if (err instanceof DownloadError) {
      return err.kind === "server" && err.status !== undefined ? { kind: "server", host: hostOf(err.url), status: err.status } : { kind: "offline", host: hostOf(err.url) };
    }
  }
  const first = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  // No machine paths in what a student reads: a path becomes its last part.
  return { kind: "other", message: first.replace(/(?:[A-Za-z]:)?(?:[\\/][^\s\\/:()]+)+[\\/]([^\s\\/:()]+)/g, "$1") };
}

/** What happened, in the student's language: "no connection to www.cs.toronto.edu", "checksum mismatch for cifar-10-binary.tar.gz", … */
export function describeDownloadFailure(e: unknown, lang?: Lang): string {
  const f = downloadFailure(e);
  switch (f.kind) {
    case "offline": return t("data.offline", { host: f.host }, lang);
    case "server": return t("data.serverError", { host: f.host, status: f.status }, lang);
    case "checksum": return t("data.checksumMismatch", { file: f.file }, lang);
    default: return t("data.otherFailure", { message: f.message }, lang);
  }
}
