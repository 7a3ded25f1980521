#!/usr/bin/env node
// The `nvdbg` command: the bundled CLI (npm run build produces dist/cli.js).
require('../dist/cli.js');
