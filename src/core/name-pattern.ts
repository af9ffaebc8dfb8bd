/**
 * Name patterns from settings and `pathwise.config.json` (`objectivePattern`), matched with RE2's
 * linear-time engine (the re2js port: pure JavaScript, no native addon in the VSIX). JavaScript's
 * backtracking `RegExp` takes exponential time on patterns like `^(a+)+$`, and the config file is
 * read in untrusted workspaces too; with RE2 every name costs time linear in its length, whatever
 * the pattern. Patterns RE2 cannot run (backreferences, lookaround) are rejected with a message.
 */
import { RE2JS } from 're2js';
import { DEFAULT_OBJECTIVE_PATTERN } from './config';

/** A compiled name pattern: `test` has `RegExp.prototype.test`'s meaning (a match anywhere in the name). */
export interface NamePattern {
  readonly source: string;
  test(name: string): boolean;
}

const cache = new Map<string, NamePattern>();

/**
 * Compiles a pattern for the linear-time engine; throws an `Error` whose message says why when it
 * is not a valid pattern or uses what RE2 cannot run in linear time.
 */
export function compileNamePattern(source: string): NamePattern {
  const hit = cache.get(source);
  if (hit) return hit;
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (e) {
    const why = (e as Error).message.replace(/^error parsing regexp:\s*/, '');
    throw new Error(`not a regular expression Pathwise can match in linear time (${why}; backreferences and lookaround are not supported)`);
  }
  const out: NamePattern = { source, test: (name: string) => re.matcher(name).find() };
  if (cache.size > 64) cache.clear();
  cache.set(source, out);
  return out;
}

/** The objective-name pattern to use: `source` when it compiles, else the default (callers validate and report earlier). */
export function objectivePattern(source: string | undefined): NamePattern {
  try {
    return compileNamePattern(source || DEFAULT_OBJECTIVE_PATTERN);
  } catch {
    return compileNamePattern(DEFAULT_OBJECTIVE_PATTERN);
  }
}
