/** Use-case "Check entries" with its report tab written into the workbook (Sheets menu, sidebar). */
import { languageOf } from "../workbook/render/index";
import { renderCheckReport } from "../workbook/render/checkReport";
import type { WorkbookPort } from "../workbook/port";
import { checkWorkbook, type CheckOutcome } from "./check";
import type { Lang } from "../core/messages/index";

export function checkAndReport(port: WorkbookPort, now: Date = new Date(), lang?: Lang): CheckOutcome & { lang: Lang } {
  const outcome = checkWorkbook(port, now);
  const language = lang ?? outcome.records.settings.language;
  const people = new Map(outcome.records.people.map((p) => [p.id, p]));
  port.writeTab(renderCheckReport(outcome, language, people, now));
  return { ...outcome, lang: language };
}

export { languageOf };
