#!/usr/bin/env node
// The `ukoo` command: the bundle built by `npm run build` (npm ci builds it through `prepare`).
require("../dist/node/ukoo.cjs").main(process.argv);
