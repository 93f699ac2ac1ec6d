/**
 * Length-prefixed messages over a byte stream, for the link between the grader and a sandboxed
 * submission. Node's own IPC channel buffers a message of any size before parsing it (a 1 GB
 * message grew the grader to 2.2 GB); here the 4-byte length comes first, so a frame above the
 * cap is refused before its body is read, and the sender is stopped.
 * Bodies are V8's structured-clone serialisation (typed arrays cross as typed arrays).
 */
import * as v8 from "v8";

/** Frame classes: control messages (ready, done + a capped error text) and values (a function's result). */
export type FrameClass = "control" | "value";
/** The largest frame of each class a submission may send, bytes; a larger one stops it. */
export const MAX_FRAME_BYTES: Record<FrameClass, number> = { control: 16 * 1024, value: 8 * 1024 * 1024 };
const CLASS_BYTE: Record<FrameClass, number> = { control: 0, value: 1 };

/** One message as bytes: a 4-byte big-endian length, a class byte, then the serialised value. */
export function encodeFrame(message: unknown, frameClass: FrameClass = "control"): Buffer {
  const body = v8.serialize(message);
  const head = Buffer.alloc(5);
  head.writeUInt32BE(body.length, 0);
  head.writeUInt8(CLASS_BYTE[frameClass], 4);
  return Buffer.concat([head, body]);
}

export type FrameEvent =
  | { kind: "message"; frameClass: FrameClass; message: unknown }
  | { kind: "oversized"; bytes: number; frameClass: FrameClass }
  | { kind: "malformed"; why: string };

/** Reassembles frames from chunks; after an oversized or malformed frame it stops reading. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private broken = false;

  constructor(private readonly onEvent: (e: FrameEvent) => void, private readonly maxBytes = MAX_FRAME_BYTES) {}

  private fail(e: FrameEvent): void {
    this.broken = true;
    this.chunks = [];
    this.onEvent(e);
  }

  push(chunk: Buffer): void {
    if (this.broken) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.buffered < 5) return;
      const head = this.peek(5);
      const length = head.readUInt32BE(0);
      const classByte = head.readUInt8(4);
      const frameClass: FrameClass | undefined = classByte === 0 ? "control" : classByte === 1 ? "value" : undefined;
      if (!frameClass) return this.fail({ kind: "malformed", why: `unknown frame class ${classByte}` });
      if (length > this.maxBytes[frameClass]) return this.fail({ kind: "oversized", bytes: length, frameClass });
      if (this.buffered < 5 + length) return;
      const frame = this.take(5 + length).subarray(5);
      let message: unknown;
      try {
        message = v8.deserialize(frame);
      } catch (err) {
        return this.fail({ kind: "malformed", why: (err as Error).message });
      }
      this.onEvent({ kind: "message", frameClass, message });
    }
  }

  private peek(n: number): Buffer {
    if (this.chunks[0].length < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0].subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }
}
