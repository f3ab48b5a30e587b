/** Every input tab of the school workbook, rendered from the keyed input model. */
import { FRAMEWORK_IDS } from "../../core/frameworks/index";
import { isLang, type Lang } from "../../core/messages/index";
import type { InputModel } from "../model";
import type { TabRender } from "../port";
import { cellText } from "../table";
import { renderAgreementTab } from "./agreementTab";
import { renderCourses } from "./coursesTab";
import { renderRatingTab } from "./ratingTab";
import { rosterFromModel } from "./roster";
import { renderSettings } from "./settingsTab";
import { renderStaff } from "./staffTab";

export function languageOf(model: InputModel): Lang {
  const value = cellText(model.settings.get("language")).toLowerCase();
  return isLang(value) ? value : "ky";
}

export function renderInputTabs(model: InputModel, today: Date): TabRender[] {
  const lang = languageOf(model);
  const roster = rosterFromModel(model, today.getFullYear());
  const departments = [...new Set(roster.people.map((p) => p.department).filter((d) => d !== ""))].sort((a, b) => a.localeCompare(b, "ky"));
  const tabs: TabRender[] = [renderSettings(model, lang, departments), renderStaff(model, lang, roster.byId)];
  for (const fw of FRAMEWORK_IDS) {
    tabs.push(
      renderRatingTab(model, fw, "self", lang, roster),
      renderRatingTab(model, fw, "supervisor", lang, roster),
      renderAgreementTab(model, fw, lang, roster),
    );
  }
  tabs.push(renderCourses(model, lang, roster.byId));
  return tabs;
}
