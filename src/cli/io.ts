/** Files on disk for the local runner: text in UTF-8 (with or without BOM) or Windows-1251, atomic saves. */
import { existsSync, promises as fs } from "node:fs";
import { dirname, join } from "node:path";
import iconv from "iconv-lite";
import type { FileIssue } from "../core/interchange/issues";
import type { WorkbookPort } from "../workbook/port";
import { StreamingXlsxPort } from "../xlsx/streamingPort";
import { XlsxWorkbookPort } from "../xlsx/xlsxPort";

/**
 * Excel on Windows saves "CSV" in Windows-1251 in Kyrgyz and Russian locales. A file that is not
 * valid UTF-8 is read as Windows-1251 (iconv-lite). That code page has no ң, ө or ү: Excel writes
 * "?" for them, so such a file is refused rather than imported with damaged names.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: "utf-8" | "windows-1251" } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, ""), encoding: "utf-8" };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), "win1251"), encoding: "windows-1251" };
  }
}

export async function readTextFile(path: string, label: string): Promise<{ text: string } | { issue: FileIssue }> {
  try {
    const bytes = await fs.readFile(path);
    const { text, encoding } = decodeText(bytes);
    if (encoding === "windows-1251" && /[А-Яа-яЁё]\?|\?[А-Яа-яЁё]/.test(text)) {
      return { issue: { file: label, line: 0, code: "csv.lostLetters", params: {} } };
    }
    return { text };
  } catch (error) {
    return { issue: { file: label, line: 0, code: "csv.cannotRead", params: { reason: (error as NodeJS.ErrnoException).code ?? String(error) } } };
  }
}

/** A workbook the command can read, change and save. */
export type FileWorkbook = WorkbookPort & { save(path: string): Promise<void> };

/**
 * Which xlsx engine the command uses: the streaming one (xlsx/streamingPort.ts), or, with
 * UKOO_XLSX=memory, ExcelJS's whole workbook in memory, the way ukoo worked before (for comparison:
 * `npm run bench` measures both).
 */
const inMemory = () => process.env.UKOO_XLSX === "memory";

/** The workbook at `path`. */
export async function loadWorkbook(path: string): Promise<FileWorkbook> {
  if (inMemory()) return XlsxWorkbookPort.load(path);
  const streamed = await StreamingXlsxPort.load(path);
  // A file in the 1904 date system goes through ExcelJS whole, which keeps it; streamed, every
  // carried date would move four years back.
  return streamed.date1904 ? XlsxWorkbookPort.load(path) : streamed;
}

export function newWorkbook(): FileWorkbook {
  return inMemory() ? XlsxWorkbookPort.empty() : StreamingXlsxPort.empty();
}

/** The workbook at `path`, or a new one when there is no file yet. */
export async function openWorkbook(path: string): Promise<FileWorkbook> {
  return existsSync(path) ? loadWorkbook(path) : newWorkbook();
}

/** Writes next to the target and renames, so a crash mid-write never leaves half a workbook. */
export async function saveWorkbook(port: { save(path: string): Promise<void> }, path: string): Promise<void> {
  const dir = dirname(path);
  await fs.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${Date.now()}-${process.pid}.tmp.xlsx`);
  await port.save(tmp);
  await fs.rename(tmp, path);
}
