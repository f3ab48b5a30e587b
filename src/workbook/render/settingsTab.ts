import { t, type Lang, type MessageKey } from "../../core/messages/index";
import { DEFAULT_SUGGESTED } from "../../core/priorities";
import { DEFAULT_HOURS_SETTINGS } from "../../core/hours";
import { DEFAULT_PLAN_TASKS } from "../interpret";
import { SETTING_KEYS } from "../../core/school";
import type { CellInput, TabRender } from "../port";
import type { InputModel } from "../model";
import { SETTINGS_HEADER_ROW, settingsColumns, TAB_SETTINGS } from "../schema";
import { carry, finish, gridWithHeader, headerStyle, layout, rect, titleStyle, COLOURS } from "./common";

export function renderSettings(model: InputModel, lang: Lang, departments: string[] = []): TabRender {
  const specs = settingsColumns();
  const cols = layout(specs, [], lang);
  const cells = gridWithHeader(3, SETTINGS_HEADER_ROW, cols.headers, t(lang, "tab.settings.title"));
  const known = new Set<string>(SETTING_KEYS);
  const rowOf: Partial<Record<string, number>> = {};
  const defaults: Partial<Record<string, CellInput>> = {
    language: lang,
    priority_count: DEFAULT_SUGGESTED,
    plan_tasks: DEFAULT_PLAN_TASKS,
    hours_min: DEFAULT_HOURS_SETTINGS.minimumHours,
    distance_share_max: DEFAULT_HOURS_SETTINGS.maxDistanceShare * 100,
  };
  for (const key of SETTING_KEYS) {
    const value: CellInput = model.settings.has(key) ? carry(model.settings.get(key)) : defaults[key] ?? null;
    cells.push([t(lang, `settings.${key}` as MessageKey), value, key]);
    rowOf[key] = cells.length;
  }
  // Settings someone added by hand, or that a newer version wrote, are kept.
  for (const [key, cell] of model.settings) if (!known.has(key)) cells.push([key, carry(cell), key]);
  const dataRows = cells.length - SETTINGS_HEADER_ROW;
  return finish({
    name: TAB_SETTINGS,
    cells,
    styles: [
      titleStyle(),
      headerStyle(SETTINGS_HEADER_ROW, 3),
      { range: rect(SETTINGS_HEADER_ROW + 1, 1, dataRows, 1), style: { bold: true } },
      { range: rect(SETTINGS_HEADER_ROW + 1, 3, dataRows, 1), style: { fontColor: COLOURS.generatedText, background: COLOURS.generated } },
      { range: rect(SETTINGS_HEADER_ROW + 1, 2, dataRows, 1), style: { numberFormat: "@" } },
    ],
    validations: [
      {
        range: rect(rowOf.language!, 2),
        rule: { kind: "list", values: ["ky", "ru"] },
        allowInvalid: false,
        helpText: t(lang, "settings.language"),
      },
      {
        range: rect(rowOf.priority_count!, 2),
        rule: { kind: "list", values: ["1", "2", "3", "4"] },
        allowInvalid: false,
        helpText: t(lang, "settings.priority_count"),
      },
      ...(departments.length > 0
        ? [
            {
              range: rect(rowOf.summary_department!, 2),
              rule: { kind: "list" as const, values: departments },
              allowInvalid: true,
              helpText: t(lang, "settings.summary_department"),
            },
          ]
        : []),
    ],
    frozenRows: SETTINGS_HEADER_ROW,
    columnWidths: cols.widths,
  });
}
