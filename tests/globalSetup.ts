/** The CLI and bundle tests run what `npm run build` produces, so build it once before any test. */
import { execFileSync } from "node:child_process";

export default function setup() {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}
