#!/usr/bin/env node
// The `cnnlab` command: a thin shim over the compiled CLI (npm builds dist/ on install).
require("../dist/lib/cli/main.js").main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(`cnnlab: ${err && err.message ? err.message : err}`); process.exitCode = 1; }
);
