/**
 * Decodes the bytes of a source file the way editors do: a byte-order mark selects UTF-8, UTF-16LE
 * or UTF-16BE (and is dropped); without one the file is UTF-8. Bytes that cannot be source text (NUL
 * bytes without a UTF-16 BOM: a binary file, or UTF-16 without a BOM) are reported instead of being
 * analysed as garbage that would come out "clean".
 */

export type Decoded = { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' } | { error: string };

/** The text of a source file, or why it is not text Pathwise can analyse. */
export function decodeSource(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), 'utf-16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), 'utf-16be');
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (body.includes(0)) return { error: 'contains NUL bytes (a binary file, or UTF-16 without a byte-order mark)' };
  // Not fatal: a stray invalid byte in a comment or string must not cost the analysis of the file.
  return { text: new TextDecoder('utf-8').decode(body), encoding: 'utf-8' };
}

function utf16(body: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): Decoded {
  if (body.length % 2 !== 0) return { error: `${encoding.toUpperCase()} byte-order mark but an odd number of bytes` };
  return { text: new TextDecoder(encoding).decode(body), encoding };
}
