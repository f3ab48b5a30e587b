/** The built bundle in a vm over the Apps Script fake, with the demo school in it. */
import { writeDemo } from "../../src/app/demoWorkbook";
import { GasEnvironment } from "../fakes/gas";
import { loadBundle as loadInVm, type Bundle } from "../fakes/bundle";
import { sheetsPort, TODAY } from "../helpers";

export type Gas = Bundle;

/** The built bundle of the environment's target (the template's by default), as Apps Script runs it. */
export function loadBundle(env: GasEnvironment): Gas {
  return loadInVm(env);
}

/** A demo school in the fake, every member of staff an editor of the spreadsheet (shared mode). */
export function demoEnv(staff = 60, sheetsApi = true): { env: GasEnvironment; gas: Gas } {
  const env = new GasEnvironment();
  env.sheetsApiEnabled = sheetsApi;
  env.settingUp(() => writeDemo(sheetsPort(env).port, TODAY, staff));
  const roster = env.spreadsheet.raw("Кызматкерлер")!;
  env.spreadsheet.editors = roster.getRange(3, 3, roster.lastRow() - 2, 1).getValues().flat().map(String).filter(Boolean);
  return { env, gas: loadBundle(env) };
}

/** The two ways the bundle writes: the Sheets API (the advanced service on) and SpreadsheetApp alone. */
export const PATHS = [
  { name: "Sheets API", api: true },
  { name: "SpreadsheetApp (advanced service off)", api: false },
] as const;
