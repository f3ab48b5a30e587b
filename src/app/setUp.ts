/**
 * Use-case "Set up / repair the workbook": every input tab is (re)written in its canonical layout
 * with every value people typed carried over, matched by person and competency, not by position.
 */
import { modelFromState, type InputModel } from "../workbook/model";
import type { WorkbookPort } from "../workbook/port";
import { readState } from "../workbook/read";
import { renderInputTabs } from "../workbook/render/index";
import { inputTabNames } from "../workbook/schema";

export interface SetUpResult {
  tabs: string[];
}

export function writeModel(port: WorkbookPort, model: InputModel, today: Date): SetUpResult {
  const tabs = renderInputTabs(model, today);
  for (const tab of tabs) port.writeTab(tab);
  port.orderTabs(inputTabNames());
  return { tabs: tabs.map((t) => t.name) };
}

export function setUpWorkbook(port: WorkbookPort, today: Date = new Date()): SetUpResult {
  return writeModel(port, modelFromState(readState(port)), today);
}
