#!/usr/bin/env node
// Copies the README pictures from the last real-VS-Code run on the shipped examples
// (`node test/vscode-host/run.mjs --only examples` writes artifacts/screenshots/examples-*.png at
// the default editor split) into docs/images, so the README always shows what a user opens.
// Usage: node scripts/readme-images.mjs   (exit 1 when a picture is missing: run the examples session first)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shots = path.join(root, 'artifacts', 'screenshots');
/** README picture ← screenshot of the examples session. */
const PICTURES = {
  'squiggle-and-problems.png': 'examples-squiggle-and-problems.png',
  'quick-fix-menu.png': 'examples-quick-fix-menu.png',
  'scalar-vi-before.png': 'examples-vi-before.png',
  'scalar-vi-after.png': 'examples-vi-after.png',
  'vae-inspector-values.png': 'examples-vae-tfjs-severed.png',
};

let missing = 0;
for (const [picture, shot] of Object.entries(PICTURES)) {
  const from = path.join(shots, shot);
  if (!fs.existsSync(from)) {
    console.error(`missing ${path.relative(root, from)}: run node test/vscode-host/run.mjs --only examples first`);
    missing++;
    continue;
  }
  fs.copyFileSync(from, path.join(root, 'docs', 'images', picture));
  console.log(`docs/images/${picture} ← ${path.relative(root, from)}`);
}
process.exit(missing ? 1 : 0);
