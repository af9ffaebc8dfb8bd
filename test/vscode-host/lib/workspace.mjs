// Fresh workspace per session: a copy of test/integration/fixtures (tests edit and save files).
// It lives inside the repository so user code the tracer runs resolves the repo's node_modules.
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR, REPO_DIR } from './paths.mjs';

const MARKER_PLACEHOLDER = '__PATHWISE_MARKER_PATH__';

/**
 * Copies the fixtures into `<runDir>/workspace` and points the trace-marker fixture at
 * `<runDir>/marker-ran.txt` (written only if the fixture is executed).
 */
export function prepareWorkspace(runDir) {
  const workspace = path.join(runDir, 'workspace');
  const marker = path.join(runDir, 'marker-ran.txt');
  fs.mkdirSync(path.dirname(workspace), { recursive: true });
  fs.cpSync(FIXTURES_DIR, workspace, { recursive: true });
  const markerFixture = path.join(workspace, 'trace-marker.ts');
  if (fs.existsSync(markerFixture)) {
    const text = fs.readFileSync(markerFixture, 'utf8');
    fs.writeFileSync(markerFixture, text.replaceAll(MARKER_PLACEHOLDER, marker));
  }
  return { workspace, marker };
}

/** Copies the shipped examples/ (what `npm start` opens) into `<runDir>/workspace` for the `examples` session. */
export function prepareExamplesWorkspace(runDir) {
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(path.dirname(workspace), { recursive: true });
  fs.cpSync(path.join(REPO_DIR, 'examples'), workspace, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
  return { workspace, marker: path.join(runDir, 'marker-ran.txt') };
}
