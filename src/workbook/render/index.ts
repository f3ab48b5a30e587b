/** Every input tab of the school workbook, rendered from the keyed input model. */
import { FRAMEWORK_IDS } from "../../core/frameworks/index";
import { isLang, type Lang } from "../../core/messages/index";
import { settingsOf, type InputModel } from "../model";
import type { TabRender, WorkbookPort } from "../port";
import { readSettings } from "../read";
import { cellText } from "../table";
import { renderAgreementTab } from "./agreementTab";
import { renderCourses } from "./coursesTab";
import { renderRatingTab } from "./ratingTab";
import { rosterFromModel } from "./roster";
import { renderSettings } from "./settingsTab";
import { renderStaff } from "./staffTab";
import { renderExpertise, renderMentoring, renderObservations, renderPortfolio } from "./yearRoundTabs";

export function languageOf(model: InputModel): Lang {
  return languageIn(model.settings);
}

function languageIn(settings: InputModel["settings"]): Lang {
  const value = cellText(settings.get("language")).toLowerCase();
  return isLang(value) ? value : "ky";
}

/** The workbook's language, from its settings tab alone. */
export function workbookLanguage(port: WorkbookPort): Lang {
  return languageIn(settingsOf(readSettings(port)));
}

export function renderInputTabs(model: InputModel, today: Date): TabRender[] {
  const lang = languageOf(model);
  const roster = rosterFromModel(model, today.getUTCFullYear());
  const departments = [...new Set(roster.people.map((p) => p.department).filter((d) => d !== ""))].sort((a, b) => a.localeCompare(b, "ky"));
  const tabs: TabRender[] = [renderSettings(model, lang, departments), renderStaff(model, lang, roster.byId)];
  for (const fw of FRAMEWORK_IDS) {
    tabs.push(
      renderRatingTab(model, fw, "self", lang, roster),
      renderRatingTab(model, fw, "supervisor", lang, roster),
      renderAgreementTab(model, fw, lang, roster),
    );
  }
  tabs.push(
    renderCourses(model, lang, roster.byId),
    renderObservations(model, lang, roster.byId),
    renderMentoring(model, lang, roster.byId),
    renderPortfolio(model, lang, roster),
    renderExpertise(model, lang, roster.byId),
  );
  return tabs;
}
