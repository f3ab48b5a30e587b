/**
 * What the sidebar may ask of the server. Everything arriving through google.script.run is
 * untrusted: it is validated here, and answers are small unions the page maps to its own text.
 */
import { checkWorkbook } from "../app/check";
import { setUpWorkbook } from "../app/setUp";
import { checkAndReport } from "../app/report";
import { CATALOGUE, type Lang } from "../core/messages/index";
import type { WorkbookPort } from "../workbook/port";

export type SidebarAnswer =
  | { status: "success"; problems?: number; disagreements?: number; missing?: number; tabs?: number }
  | { status: "error"; type: "bad_request" | "busy" | "failed"; message?: string };

export interface SidebarState {
  lang: Lang;
  messages: Record<string, string>;
  problems: number;
  disagreements: number;
  missing: number;
  people: number;
}

export const sidebarApi = {
  getState(port: WorkbookPort, lang: Lang): SidebarState {
    const result = checkWorkbook(port);
    return {
      lang,
      messages: CATALOGUE[lang],
      problems: result.problems.length,
      disagreements: result.disagreements.length,
      missing: result.missing.length,
      people: result.records.people.length,
    };
  },

  run(action: unknown, lang: Lang, locked: <T>(work: (port: WorkbookPort) => T) => T): SidebarAnswer {
    if (action !== "check" && action !== "setup") return { status: "error", type: "bad_request" };
    try {
      if (action === "setup") {
        const r = locked((port) => setUpWorkbook(port));
        return { status: "success", tabs: r.tabs.length };
      }
      const r = locked((port) => checkAndReport(port, new Date(), lang));
      return { status: "success", problems: r.problems.length, disagreements: r.disagreements.length, missing: r.missing.length };
    } catch (error) {
      const message = (error as Error).message;
      return { status: "error", type: message === CATALOGUE[lang]["lock.busy"] ? "busy" : "failed", message };
    }
  },
};
