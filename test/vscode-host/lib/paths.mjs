// Well-known folders of the repository and of the real-VS-Code toolchain.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** test/vscode-host (this toolchain's own package). */
export const HOST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root (the extension's development folder). */
export const REPO_DIR = path.resolve(HOST_DIR, '..', '..');
/** Compiled integration suite (gitignored `out/`); under HOST_DIR so `require('mocha')` resolves here. */
export const SUITE_OUT_DIR = path.join(HOST_DIR, 'out', 'integration');
export const SUITE_SRC_DIR = path.join(REPO_DIR, 'test', 'integration');
export const FIXTURES_DIR = path.join(SUITE_SRC_DIR, 'fixtures');
/** Per-run workspaces live inside the repo so user code resolves the repo's node_modules (tfjs, d3-random). */
export const RUNS_DIR = path.join(HOST_DIR, '.run');
export const ARTIFACTS_DIR = path.join(REPO_DIR, 'artifacts');
export const CODE_SERVER_BIN = path.join(HOST_DIR, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.PATHWISE_CHROMIUM ?? '/usr/bin/chromium';
