/**
 * The result channel between the tracer parent and its child: newline-delimited JSON on the child's
 * file descriptor 3 (a socket pair both ends read and write). Node's built-in IPC channel is not used
 * because it parses what arrives inside Node itself: a program that writes garbage on it crashes the
 * parent with an uncaught `SyntaxError`. Here every line is parsed and validated by the receiver.
 */

/** The child's file descriptor of the channel (`stdio[3]` of the spawn). */
export const CHANNEL_FD = 3;

/** Longest message accepted (a large graph is a few megabytes); a longer line is invalid. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** One message as a line of the channel (JSON never contains a raw line break). */
export function encodeMessage(msg: unknown): string {
  return `${JSON.stringify(msg)}\n`;
}

/** Splits the bytes of the channel into lines; reports a line longer than `maxBytes` as an error. */
export class LineReader {
  private parts: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onTooLong: () => void,
    private readonly maxBytes = MAX_MESSAGE_BYTES,
  ) {}

  /** Feeds a chunk; calls `onLine` for every complete line in it. */
  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      const line = this.parts.length ? Buffer.concat([...this.parts, piece]) : piece;
      this.parts = [];
      this.size = 0;
      start = nl + 1;
      if (line.length > this.maxBytes) return this.onTooLong();
      this.onLine(line.toString('utf8'));
    }
    if (start < chunk.length) {
      this.parts.push(chunk.subarray(start));
      this.size += chunk.length - start;
      if (this.size > this.maxBytes) {
        this.parts = [];
        this.size = 0;
        this.onTooLong();
      }
    }
  }
}

/** The parsed value of a line, or the reason it is not JSON. */
export function parseLine(line: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(line) };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}
