#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is TypeScript compiled to dist/ by `npm run build`.
const path = require('path');

const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');

function loadCli() {
  try {
    return require(entry);
  } catch (err) {
    if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(entry)) return undefined;
    throw err;
  }
}

const cli = loadCli();
if (!cli) {
  process.stderr.write('jobops: dist/ is missing; run npm run build first\n');
  process.exitCode = 2;
} else {
  cli.main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`jobops: ${err && err.message ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
