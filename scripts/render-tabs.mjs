// Renders tabs of an .xlsx to PNG so people (and reviewers) can look at what users will see:
//   node scripts/render-tabs.mjs out/demo-school.xlsx out/render "Кызматкерлер" "2.1 Мугалим — өзүн баалоо" ...
// Each tab is printed alone (the others hidden), fitted to one page wide, first --rows rows.
// Needs LibreOffice (soffice) and pdftoppm (poppler-utils).
import ExcelJS from "exceljs";
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const [input, outDir, ...rest] = process.argv.slice(2);
const rowsArg = rest.find((a) => a.startsWith("--rows="));
const maxRows = rowsArg ? Number(rowsArg.slice(7)) : 40;
const colsArg = rest.find((a) => a.startsWith("--cols="));
const maxCols = colsArg ? Number(colsArg.slice(7)) : Infinity;
// --hide-cols=3-11: columns left out of the picture (to show a far part of a wide tab beside its names).
const hideArg = rest.find((a) => a.startsWith("--hide-cols="));
const [hideFrom, hideTo] = hideArg ? hideArg.slice(12).split("-").map(Number) : [0, -1];
// --hide-rows=3-70: rows left out (to show a block further down under the tab's title).
const hideRowsArg = rest.find((a) => a.startsWith("--hide-rows="));
const [hideRowFrom, hideRowTo] = hideRowsArg ? hideRowsArg.slice(12).split("-").map(Number) : [0, -1];
const tabs = rest.filter((a) => !a.startsWith("--"));
if (!input || !outDir) {
  console.error("usage: node scripts/render-tabs.mjs FILE.xlsx OUT_DIR [TAB...] [--rows=N] [--cols=N] [--hide-cols=A-B] [--hide-rows=A-B]");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const probe = new ExcelJS.Workbook();
await probe.xlsx.readFile(input);
const names = tabs.length ? tabs : probe.worksheets.map((w) => w.name);
for (const [i, name] of names.entries()) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(input);
  for (const ws of wb.worksheets) ws.state = ws.name === name ? "visible" : "hidden";
  const ws = wb.getWorksheet(name);
  if (!ws) {
    console.error(`no tab ${name}`);
    continue;
  }
  const lastCol = Math.min(ws.columnCount, maxCols);
  const lastRow = Math.min(ws.rowCount, maxRows);
  // Rows and columns past the limits are hidden, so the page shows the part worth looking at.
  for (let r = lastRow + 1; r <= ws.rowCount; r++) ws.getRow(r).hidden = true;
  for (let c = lastCol + 1; c <= ws.columnCount; c++) ws.getColumn(c).hidden = true;
  for (let c = hideFrom; c <= hideTo; c++) ws.getColumn(c).hidden = true;
  for (let r = hideRowFrom; r <= hideRowTo; r++) ws.getRow(r).hidden = true;
  ws.pageSetup = { ...ws.pageSetup, orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  wb.views = [{ activeTab: wb.worksheets.indexOf(ws), firstSheet: 0 }];
  const base = `tab-${String(i + 1).padStart(2, "0")}`;
  const tmp = join(outDir, `${base}.xlsx`);
  await wb.xlsx.writeFile(tmp);
  execFileSync("soffice", ["--headless", "--convert-to", "pdf", "--outdir", outDir, tmp], { stdio: "ignore" });
  execFileSync("pdftoppm", ["-r", "110", "-png", "-f", "1", "-l", "1", join(outDir, `${base}.pdf`), join(outDir, base)]);
  rmSync(tmp);
  console.log(`${name} -> ${join(outDir, base)}-1.png`);
}
