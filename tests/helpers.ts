/** Shared test helpers: ports over ExcelJS and over the Apps Script fake. */
import { GasEnvironment } from "./fakes/gas";
import { SheetsWorkbookPort } from "../src/gas/sheetsPort";
import { type SheetsApi, SheetsApiWorkbookPort } from "../src/gas/sheetsApiPort";
import { XlsxWorkbookPort } from "../src/xlsx/xlsxPort";
import { StreamingXlsxPort } from "../src/xlsx/streamingPort";
import type { WorkbookPort } from "../src/workbook/port";

export const TODAY = new Date(Date.UTC(2026, 10, 23, 9, 0, 0));

export function sheetsPort(env = new GasEnvironment()): { env: GasEnvironment; port: SheetsWorkbookPort } {
  const g = env.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
  return { env, port: new SheetsWorkbookPort(g.SpreadsheetApp.getActiveSpreadsheet(), g.SpreadsheetApp) };
}

/**
 * The same spreadsheet through the Sheets API port (the advanced service's fake), with the
 * SpreadsheetApp port for inspection. Writes wait in its queue until `flush()` or the next read.
 */
export function sheetsApiPort(env = new GasEnvironment()): { env: GasEnvironment; port: SheetsApiWorkbookPort } {
  const inspector = sheetsPort(env).port;
  const id = env.spreadsheet.getId();
  const api = (env.globals() as { Sheets: SheetsApi }).Sheets;
  return { env, port: new SheetsApiWorkbookPort(api, id, { inspector: () => inspector }) };
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
  {
    name: "Google Sheets (Sheets API fake)",
    make: () => {
      const { port, env } = sheetsApiPort();
      // A later session sees what was sent, through a port with nothing cached.
      let current = port;
      return {
        get port() {
          return current;
        },
        env,
        reopen: async () => {
          current.flush();
          return (current = sheetsApiPort(env).port);
        },
      };
    },
  },
];
