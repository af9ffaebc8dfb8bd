#!/usr/bin/env node
// The `pathwise` command: a thin launcher for the bundled CLI.
require('../dist/cli.js');
