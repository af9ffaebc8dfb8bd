/**
 * How `pathwise fix --write` puts a rewritten file back without losing anything: only UTF-8 and
 * UTF-16 files with a byte-order mark whose bytes survive a decode and encode are rewritten, in their
 * own encoding (Latin-1 and other bytes would not survive), only files whose real path lies
 * inside the paths the user gave (a symlink may point anywhere), only when the file still holds the
 * bytes that were read (an edit saved meanwhile wins), and atomically: a temporary file in the same
 * folder with the original's mode and owner, renamed over the real file (a symlink stays a symlink).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describeIoError, readSourceFile } from './files';

/** A file's text and how to turn a rewritten text back into bytes of the same encoding. */
export interface LosslessText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  encode(text: string): Buffer;
}

/**
 * The text of `bytes` when encoding it again gives the very same bytes: UTF-8 (a byte-order mark is
 * kept in the text), or UTF-16LE/BE behind their byte-order mark (written back with it). Else null:
 * invalid UTF-8, lone surrogates, an odd UTF-16 length.
 */
export function decodeLossless(bytes: Buffer): LosslessText | null {
  const utf16 = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  let decoded: LosslessText;
  try {
    if (utf16 === null) {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      decoded = { text, encoding: 'utf-8', encode: (t) => Buffer.from(t, 'utf8') };
    } else {
      const text = new TextDecoder(utf16, { fatal: true }).decode(bytes.subarray(2));
      decoded = { text, encoding: utf16, encode: (t) => encodeUtf16(t, utf16) };
    }
  } catch {
    return null;
  }
  // Node encodes lone surrogates and odd lengths differently than they were read: keep only exact round trips.
  return decoded.encode(decoded.text).equals(bytes) ? decoded : null;
}

function encodeUtf16(text: string, encoding: 'utf-16le' | 'utf-16be'): Buffer {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return encoding === 'utf-16le' ? le : le.swap16();
}

/**
 * The real paths writes are allowed under: a directory argument itself, and for a file argument the
 * folder it sits in. Arguments that cannot be resolved give no root.
 */
export function writeRoots(args: string[], cwd: string): string[] {
  const roots: string[] = [];
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    try {
      roots.push(fs.statSync(abs).isDirectory() ? fs.realpathSync(abs) : fs.realpathSync(path.dirname(abs)));
    } catch {
      // Reported by the file collection already.
    }
  }
  return roots;
}

/** Why `abs` may not be written (its real path is outside every root), or null with its real path. */
export function realTarget(abs: string, roots: string[]): { real: string; outside: boolean } {
  const real = fs.realpathSync(abs);
  const inside = roots.some((r) => real === r || real.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  return { real, outside: !inside };
}

/** Thrown when the file no longer holds the bytes that were read. */
export class ChangedSinceRead extends Error {}

/**
 * Replaces the file at real path `real` with `bytes`, provided it still holds `expected`. Throws
 * `ChangedSinceRead`, or the file-system error of a failed write (the original is then untouched).
 */
export function writeIfUnchanged(real: string, expected: Buffer, bytes: Buffer): void {
  const now = readSourceFile(real, Number.MAX_SAFE_INTEGER);
  if (!now.ok || !now.bytes.equals(expected)) throw new ChangedSinceRead(now.ok ? 'it changed since it was read' : now.reason);
  const stat = fs.statSync(real);
  const mode = stat.mode & 0o7777;
  const tmp = path.join(path.dirname(real), `.${path.basename(real)}.pathwise-${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, 'wx', mode);
    fs.writeFileSync(fd, bytes);
    fs.fchmodSync(fd, mode);
    try {
      fs.fchownSync(fd, stat.uid, stat.gid);
    } catch {
      // Not permitted for another user's file: the new file keeps the writer's owner.
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, real);
  } catch (e) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** A one-line reason for a failed write-back. */
export function describeWriteError(e: unknown): string {
  return e instanceof ChangedSinceRead ? `not rewritten: ${e.message}` : `cannot write: ${describeIoError(e)}`;
}
