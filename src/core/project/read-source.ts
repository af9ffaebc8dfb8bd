/**
 * Reading one source file safely, for the CLI (`check`, `fix`) and the project index's Node host:
 * only a regular file within the size limit is read, checked on the open descriptor so a FIFO or a
 * device swapped in after a directory walk cannot hang or flood the reader.
 */
import fs from 'node:fs';

/** Default size limit in bytes (the default of `pathwise.maxFileSize`). */
export const DEFAULT_MAX_BYTES = 1_000_000;

/** What a non-regular file is, for messages ("not a regular file (FIFO)"). */
export function fileKind(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'FIFO';
  if (stat.isCharacterDevice()) return 'character device';
  if (stat.isBlockDevice()) return 'block device';
  if (stat.isSocket()) return 'socket';
  if (stat.isDirectory()) return 'directory';
  return 'special file';
}

/** Why a file of `stat` is not read, or null when it is a regular file within the limit. */
export function refusal(stat: fs.Stats, maxBytes: number): string | null {
  if (!stat.isFile()) return `not a regular file (${fileKind(stat)})`;
  if (stat.size > maxBytes) return `larger than ${maxBytes} bytes (pathwise.maxFileSize)`;
  return null;
}

export type ReadResult = { ok: true; bytes: Buffer; text: string } | { ok: false; reason: string };

/**
 * Reads a source file safely: opened without blocking (a FIFO swapped in after the walk cannot hang
 * the open), checked to be a regular file within `maxBytes` on the open descriptor, then read.
 * `text` is the UTF-8 decoding (invalid bytes become U+FFFD; `bytes` keeps the original).
 */
export function readSourceFile(abs: string, maxBytes = DEFAULT_MAX_BYTES): ReadResult {
  let fd: number;
  try {
    fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (e) {
    return { ok: false, reason: describeIoError(e) };
  }
  try {
    const stat = fs.fstatSync(fd);
    const why = refusal(stat, maxBytes);
    if (why) return { ok: false, reason: why };
    // Read at most one byte more than the size said: a file growing meanwhile is cut at the limit check below.
    const buf = Buffer.alloc(stat.size + 1);
    let n = 0;
    for (let r = -1; r !== 0 && n < buf.length; n += r) r = fs.readSync(fd, buf, n, buf.length - n, n);
    if (n > maxBytes) return { ok: false, reason: `larger than ${maxBytes} bytes (pathwise.maxFileSize)` };
    const bytes = buf.subarray(0, n);
    return { ok: true, bytes, text: bytes.toString('utf8') };
  } catch (e) {
    return { ok: false, reason: describeIoError(e) };
  } finally {
    fs.closeSync(fd);
  }
}

/** A one-line reason for a failed file-system call (`ENOENT` → "no such file or directory"). */
export function describeIoError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return err?.message ?? String(e);
  }
}
