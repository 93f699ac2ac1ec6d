/**
 * Just enough of the POSIX tar format to unpack the CIFAR-10 archive: 512-byte headers
 * (name at 0..99, octal size at 124..135, type flag at 156, ustar prefix at 345..499), each
 * followed by the file data padded to 512 bytes. Only regular files are returned; we never
 * write paths taken from the archive, the caller picks the members it expects by name.
 */
export interface TarMember {
  name: string;
  data: Uint8Array;
}

export function readTar(bytes: Uint8Array, archiveName: string): TarMember[] {
  const members: TarMember[] = [];
  const text = (from: number, length: number) => {
    const field = bytes.subarray(from, from + length);
    const end = field.indexOf(0);
    return Buffer.from(end < 0 ? field : field.subarray(0, end)).toString("utf8");
  };
  let at = 0;
  while (at + 512 <= bytes.length) {
    if (bytes.subarray(at, at + 512).every((b) => b === 0)) break; // end-of-archive block
    const prefix = text(at + 345, 155);
    const name = ((prefix ? prefix + "/" : "") + text(at, 100)).replace(/^\.\//, ""); // "./a/b" and "a/b" alike
    const size = parseInt(text(at + 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(bytes[at + 156] || 0x30);
    if (!Number.isFinite(size) || size < 0) throw new Error(`tar archive ${archiveName}: bad size field for member ${name}`);
    const start = at + 512;
    if (start + size > bytes.length) throw new Error(`tar archive ${archiveName}: truncated inside member ${name}`);
    if (type === "0") members.push({ name, data: bytes.subarray(start, start + size) });
    at = start + Math.ceil(size / 512) * 512;
  }
  return members;
}
