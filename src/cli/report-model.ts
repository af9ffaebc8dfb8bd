/**
 * What `pathwise check` hands to a formatter: every analysed file with its text (for locating
 * related information) and its findings after severity settings.
 */
import type { Finding } from '../core/types';

export interface FileReport {
  /** Path as the user gave it, or joined from the directory they gave. */
  file: string;
  text: string;
  findings: Finding[];
}

/** A file that was not (fully) analysed, and why: never to be read as "clean". */
export interface NotAnalysed {
  file: string;
  reason: string;
}

export interface CheckReport {
  /** Number of files analysed (skipped and unreadable files are not counted). */
  files: number;
  reports: FileReport[];
  /**
   * Files that could not be analysed, or only in part (too large, undecodable, nested too deep,
   * special files the walker skipped), in the order met. Absent or empty when every file was analysed.
   */
  notAnalysed?: NotAnalysed[];
  /** Working directory that cross-file related locations are shown relative to (project analysis). */
  cwd?: string;
}

/** 1-based line and column (UTF-16 code units) of an offset. */
export interface Position1 {
  line: number;
  column: number;
}

/** Maps 0-based offsets of one text to 1-based line/column, with a precomputed line table. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  /** Position of `offset`; offsets past the end are clamped to the last line. */
  at(offset: number): Position1 {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}
