// `npm run bench`: bundles bench/bench.ts (which uses the Apps Script fake of tests/) and runs it.
import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "out/bench/bench.cjs");
mkdirSync(dirname(outfile), { recursive: true });
await build({
  entryPoints: [join(root, "bench/bench.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  packages: "external",
  logLevel: "warning",
  charset: "utf8",
  define: { __dirname: JSON.stringify(join(root, "bench")) },
});
createRequire(import.meta.url)(outfile);
