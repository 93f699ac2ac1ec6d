/**
 * Reading the members of an uncompressed tar archive held in memory (the CIFAR-10
 * archive, after gunzip), with node-tar's parser. Only regular files are returned; we
 * never write paths taken from the archive: the caller picks the members it expects by
 * name. A damaged archive throws an error naming it.
 */
import { Parser } from "tar";

export interface TarMember {
  name: string;
  data: Uint8Array;
}

export function readTar(bytes: Uint8Array, archiveName: string): TarMember[] {
  const members: TarMember[] = [];
  const problems: string[] = [];
  let open: string | undefined; // a member whose data has not ended
  let last: string | undefined; // the member read most recently
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry) => {
      if (entry.type !== "File" && entry.type !== "OldFile") {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      open = last = entry.path;
      entry.on("data", (chunk: Buffer) => chunks.push(chunk));
      entry.on("end", () => {
        members.push({ name: entry.path.replace(/^\.\//, ""), data: new Uint8Array(Buffer.concat(chunks)) }); // "./a/b" and "a/b" alike
        open = undefined;
      });
    },
  });
  parser.on("warn", (_code: string, message: string | Error) => problems.push(String(message instanceof Error ? message.message : message)));
  parser.on("error", (err: Error) => problems.push(err.message));
  parser.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)); // node-tar parses a buffer synchronously
  const truncated = problems.find((p) => /truncated/i.test(p));
  if (open !== undefined || (truncated && last !== undefined)) {
    throw new Error(`tar archive ${archiveName}: truncated inside member ${open ?? last}${truncated ? ` (${truncated})` : ""}`);
  }
  if (problems.length) throw new Error(`tar archive ${archiveName}: ${problems[0]}`);
  return members;
}
