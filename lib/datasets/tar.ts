/**
 * Just enough of the tar format to unpack the CIFAR-10 archive: 512-byte headers (name at
 * 0..99, octal size at 124..135, type flag at 156, magic at 257, ustar prefix at 345..499),
 * each followed by its data padded to 512 bytes. Long names come from a ustar prefix, a GNU
 * "L" record or a pax "x" record's path. Only regular files are returned; we never write
 * paths taken from the archive, the caller picks the members it expects by name.
 */
export interface TarMember {
  name: string;
  data: Uint8Array;
}

const BLOCK = 512;

export function readTar(bytes: Uint8Array, archiveName: string): TarMember[] {
  const members: TarMember[] = [];
  const text = (field: Uint8Array) => {
    const end = field.indexOf(0);
    return Buffer.from(end < 0 ? field : field.subarray(0, end)).toString("utf8");
  };
  let longName: string | undefined; // from a GNU "L" or pax "x" record, for the next member
  let at = 0;
  while (at + BLOCK <= bytes.length) {
    const header = bytes.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break; // end-of-archive block
    // POSIX ustar ("ustar\0") keeps a path prefix at 345; old GNU tar ("ustar ") keeps times there.
    const prefix = text(header.subarray(257, 263)) === "ustar" ? text(header.subarray(345, 500)) : "";
    const name = longName ?? (prefix ? prefix + "/" : "") + text(header.subarray(0, 100));
    const size = parseInt(text(header.subarray(124, 136)).trim() || "0", 8);
    const type = String.fromCharCode(header[156] || 0x30);
    if (!Number.isFinite(size) || size < 0) throw new Error(`tar archive ${archiveName}: bad size field for member ${name}`);
    const start = at + BLOCK;
    if (start + size > bytes.length) throw new Error(`tar archive ${archiveName}: truncated inside member ${name}`);
    const data = bytes.subarray(start, start + size);
    longName = undefined;
    if (type === "L") longName = text(data);
    else if (type === "x") longName = paxPath(Buffer.from(data).toString("utf8"));
    else if (type === "0") members.push({ name: name.replace(/^\.\//, ""), data }); // "./a/b" and "a/b" alike
    at = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return members;
}

/** The `path` of a pax extended header: records of "<length> <key>=<value>\n". */
function paxPath(records: string): string | undefined {
  for (const line of records.split("\n")) {
    const match = /^\d+ path=(.*)$/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}
