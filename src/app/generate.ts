/**
 * Use-case "generate": the summary (4.2) and the application (4.3) tabs. It refuses while any
 * level is unresolved, unless the user chose provisional mode; then every generated tab says so.
 */
import type { Unresolved } from "../core/agreement";
import type { WorkbookPort } from "../workbook/port";
import { readState } from "../workbook/read";
import { interpret } from "../workbook/interpret";
import { renderApplicationTab } from "../workbook/render/applicationTab";
import { renderSummaryTab, type GeneratedHeader } from "../workbook/render/summaryTab";
import type { TabRender } from "../workbook/port";
import { inputTabNames, TAB_APPLICATION, TAB_SUMMARY } from "../workbook/schema";
import { computeCycle, type Cycle } from "./cycle";
import type { Lang } from "../core/messages/index";

export interface GenerateOptions {
  provisional: boolean;
  now: Date;
  /** Overrides the settings tab's department for the 4.2 summary ("" = the whole school). */
  department?: string;
  lang?: Lang;
}

export type GenerateOutcome =
  | { status: "unresolved"; unresolved: Unresolved[]; cycle: Cycle }
  | { status: "generated"; tabs: string[]; cycle: Cycle };

export function readCycle(port: WorkbookPort, provisional: boolean, now: Date): Cycle {
  return computeCycle(interpret(readState(port), now), provisional);
}

export function generatedHeader(cycle: Cycle, now: Date): GeneratedHeader {
  return { now, provisional: cycle.agreement.provisional ? cycle.agreement.unresolved.length : null };
}

export function generatedTabs(cycle: Cycle, options: GenerateOptions): TabRender[] {
  const lang = options.lang ?? cycle.records.settings.language;
  const header = generatedHeader(cycle, options.now);
  const department = options.department ?? cycle.records.settings.summaryDepartment;
  return [
    renderSummaryTab(cycle.priorities, cycle.records.people, lang, header, department),
    renderApplicationTab(cycle.application, cycle.records.settings, lang, header),
  ];
}

export const GENERATED_TABS = [TAB_SUMMARY, TAB_APPLICATION];

export function generate(port: WorkbookPort, options: GenerateOptions): GenerateOutcome {
  const cycle = readCycle(port, options.provisional, options.now);
  if (cycle.agreement.unresolved.length > 0 && !options.provisional) {
    return { status: "unresolved", unresolved: cycle.agreement.unresolved, cycle };
  }
  const tabs = generatedTabs(cycle, options);
  for (const tab of tabs) port.writeTab(tab);
  port.orderTabs([...inputTabNames(), ...GENERATED_TABS]);
  return { status: "generated", tabs: tabs.map((t) => t.name), cycle };
}

/**
 * The application alone, as its own workbook (the file sent to the district and the institute).
 * `target` is asked for the workbook only once the application can be made, so nothing is created
 * while levels are still unresolved.
 */
export function exportApplication(from: WorkbookPort, options: GenerateOptions, target: (cycle: Cycle) => WorkbookPort): GenerateOutcome {
  const cycle = readCycle(from, options.provisional, options.now);
  if (cycle.agreement.unresolved.length > 0 && !options.provisional) {
    return { status: "unresolved", unresolved: cycle.agreement.unresolved, cycle };
  }
  const lang = options.lang ?? cycle.records.settings.language;
  const tab = renderApplicationTab(cycle.application, cycle.records.settings, lang, generatedHeader(cycle, options.now));
  target(cycle).writeTab(tab);
  return { status: "generated", tabs: [tab.name], cycle };
}
