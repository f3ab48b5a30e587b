// Builds everything `npm run build` promises:
//   dist/Code.js         the template's bundle: one unminified IIFE (global UKOO) + a real top-level
//                        function per entry point; dist/Sidebar.html, dist/WebApp.html, dist/appsscript.json
//   dist-addon/          the same for the editor add-on (no web app: private mode is the template's)
//   dist/node/ukoo.cjs   the local runner behind `bin/ukoo.cjs`
import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const distAddon = join(root, "dist-addon");
mkdirSync(join(dist, "node"), { recursive: true });
mkdirSync(distAddon, { recursive: true });

async function bundleToString(options) {
  const result = await build({ bundle: true, write: false, logLevel: "warning", legalComments: "none", ...options });
  return result.outputFiles[0].text;
}

// ---- Apps Script bundles ----------------------------------------------------------------------
async function appsScript(target) {
  const gas = await bundleToString({
    entryPoints: [join(root, "src/gas/main.ts")],
    format: "iife",
    globalName: "UKOO",
    target: "es2020",
    platform: "browser",
    minify: false,
    charset: "utf8",
    define: { UKOO_TARGET: JSON.stringify(target) },
  });
  // The entry points are whatever src/gas/main.ts exports, except server-only helpers (ending in "_").
  const sandbox = {};
  vm.runInNewContext(`${gas}\nthis.UKOO = UKOO;`, sandbox);
  const entryPoints = Object.keys(sandbox.UKOO).filter((name) => typeof sandbox.UKOO[name] === "function" && !name.endsWith("_"));
  const stubs = entryPoints.map((name) => `function ${name}() {\n  return UKOO.${name}.apply(this, arguments);\n}`).join("\n\n");
  const code = `${gas}\n// Entry points: Apps Script needs real top-level functions for menus, triggers and google.script.run.\n${stubs}\n`;
  if (/^\s*(import|export)\s/m.test(code)) throw new Error("Code.js still contains import/export");
  return { code, entryPoints };
}

const template = await appsScript("template");
const addon = await appsScript("addon");
writeFileSync(join(dist, "Code.js"), template.code);
copyFileSync(join(root, "appsscript.json"), join(dist, "appsscript.json"));
writeFileSync(join(distAddon, "Code.js"), addon.code);
// The add-on has no web app: its manifest leaves the web app settings out.
const manifest = JSON.parse(readFileSync(join(root, "appsscript.json"), "utf8"));
delete manifest.webapp;
writeFileSync(join(distAddon, "appsscript.json"), JSON.stringify(manifest, null, 2) + "\n");

// ---- Sidebar page -----------------------------------------------------------------------------
const sidebarJs = await bundleToString({
  entryPoints: [join(root, "sidebar/main.ts")],
  format: "iife",
  target: "es2020",
  platform: "browser",
  minify: true,
  charset: "utf8",
});
const css = readFileSync(join(root, "sidebar/style.css"), "utf8");
const html = readFileSync(join(root, "sidebar/index.html"), "utf8")
  .replace("/*INLINE_CSS*/", () => css)
  .replace("/*INLINE_JS*/", () => sidebarJs.replace(/<\/script/gi, "<\\/script"));
writeFileSync(join(dist, "Sidebar.html"), html);
writeFileSync(join(distAddon, "Sidebar.html"), html);
// The private-mode web app: the same page, talking to privateCall (no "pick yourself" there).
writeFileSync(join(dist, "WebApp.html"), html.replace("<head>", '<head>\n    <script>window.UKOO_ENTRY = "privateCall";</script>'));

// ---- Local runner and the sidebar preview ---------------------------------------------------------
for (const [entry, out] of [["src/cli/main.ts", "node/ukoo.cjs"], ["src/cli/preview.ts", "node/preview.cjs"]]) {
  await build({
    entryPoints: [join(root, entry)],
    outfile: join(dist, out),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "warning",
    charset: "utf8",
  });
}

const kb = (text) => `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;
console.log(`build: Code.js ${kb(template.code)} (${template.entryPoints.length} entry points: ${template.entryPoints.join(", ")}), add-on ${kb(addon.code)} (${addon.entryPoints.length}), Sidebar.html ${kb(html)}`);
