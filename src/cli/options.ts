/**
 * Loads the analysis options of a CLI run: `pathwise.config.json` in the working directory, or the
 * file named by `--config`, which replaces it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseConfig, type AnalyzeOptions } from '../core/config';
import { CliError } from './io';
import { describeIoError } from './files';

/** Name of the configuration file looked up in the working directory (the workspace root). */
export const CONFIG_FILE_NAME = 'pathwise.config.json';

/**
 * Reads the options. A missing default config file means defaults; a missing `--config` file, or any
 * malformed config, is a `CliError` (exit 2) carrying the parser's message.
 */
export function loadOptions(cwd: string, configArg: string | undefined): AnalyzeOptions {
  const explicit = configArg !== undefined;
  const file = path.resolve(cwd, explicit ? configArg : CONFIG_FILE_NAME);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (!explicit && (e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(`${explicit ? configArg : CONFIG_FILE_NAME}: cannot read config: ${describeIoError(e)}`);
  }
  try {
    return parseConfig(text, explicit ? configArg : CONFIG_FILE_NAME);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}
