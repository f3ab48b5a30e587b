/** Shared test helpers: ports over ExcelJS and over the Apps Script fake. */
import { GasEnvironment } from "./fakes/gas";
import { SheetsWorkbookPort } from "../src/gas/sheetsPort";
import { XlsxWorkbookPort } from "../src/xlsx/xlsxPort";
import { StreamingXlsxPort } from "../src/xlsx/streamingPort";
import type { WorkbookPort } from "../src/workbook/port";

export const TODAY = new Date(Date.UTC(2026, 10, 23, 9, 0, 0));

export function sheetsPort(env = new GasEnvironment()): { env: GasEnvironment; port: SheetsWorkbookPort } {
  const g = env.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
  return { env, port: new SheetsWorkbookPort(g.SpreadsheetApp.getActiveSpreadsheet(), g.SpreadsheetApp) };
}

/** Saves and loads the workbook again, as the next `ukoo` command would see it. */
export async function reloadXlsx(port: XlsxWorkbookPort): Promise<XlsxWorkbookPort> {
  return XlsxWorkbookPort.fromBuffer(await port.toBuffer());
}

export interface PortUnderTest {
  port: WorkbookPort;
  /** The Apps Script fake behind the port, for the Sheets host. */
  env?: GasEnvironment;
  /** The same workbook as a later session would find it (a saved and reopened file, for xlsx). */
  reopen: () => Promise<WorkbookPort>;
}

export const HOSTS: { name: string; make: () => PortUnderTest }[] = [
  {
    name: "xlsx (ExcelJS)",
    make: () => {
      let port = XlsxWorkbookPort.empty();
      return {
        get port() {
          return port;
        },
        reopen: async () => (port = await reloadXlsx(port)),
      };
    },
  },
  {
    name: "xlsx (streaming, as ukoo writes it)",
    make: () => {
      let port = StreamingXlsxPort.empty();
      return {
        get port() {
          return port;
        },
        reopen: async () => (port = await StreamingXlsxPort.fromBuffer(await port.toBuffer())),
      };
    },
  },
  {
    name: "Google Sheets (SpreadsheetApp fake)",
    make: () => {
      const { port, env } = sheetsPort();
      return { port, env, reopen: async () => port };
    },
  },
];
