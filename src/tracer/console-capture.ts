/**
 * The traced program's console output on its way to the user (CLI stderr, the Pathwise output
 * channel): forwarded as it arrives up to a cap, then counted and dropped, so a program printing
 * without end cannot flood the editor or the parent's memory. The cut is announced, never silent.
 */
import { StringDecoder } from 'node:string_decoder';

/** Default cap of the console output forwarded from one trace (stdout and stderr together). */
export const MAX_CONSOLE_BYTES = 4 * 1024 * 1024;

export type ConsoleStream = 'stdout' | 'stderr';

export class ConsoleCapture {
  private used = 0;
  private dropped = 0;
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };

  constructor(
    private readonly cap: number,
    private readonly forward: (stream: ConsoleStream, text: string) => void,
  ) {}

  /** Forwards what fits under the cap and counts the rest. */
  write(stream: ConsoleStream, chunk: Buffer): void {
    const room = this.cap - this.used;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, Math.max(0, room));
    this.used += part.length;
    this.dropped += chunk.length - part.length;
    const text = part.length ? this.decoders[stream].write(part) : '';
    if (text) this.forward(stream, text);
  }

  /** The line announcing the cut, or null when everything was forwarded. */
  notice(): string | null {
    return this.dropped ? `[pathwise] console output cut at ${this.cap} bytes: ${this.dropped} more bytes were dropped` : null;
  }
}
