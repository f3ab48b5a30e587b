/** The district's sidebar in Chromium: gathering school applications step by step, with progress. */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consolidate } from "../../src/core/district";
import { districtListTab, type Cursor } from "../../src/app/districtGather";
import type { TabData } from "../../src/workbook/port";
import { renderApplicationTab } from "../../src/workbook/render/applicationTab";
import { XlsxWorkbookPort } from "../../src/xlsx/xlsxPort";
import { schoolApplication } from "../fixtures/schools";
import { TODAY } from "../helpers";
import { axeViolations, harness, SCREENSHOTS, type Harness } from "./browser";

const apps = Array.from({ length: 60 }, (_, i) => schoolApplication(i));
// The schools' exported application spreadsheets, by URL, as the district would open them.
const schools = new Map<string, TabData | null>(
  apps.map((app, i) => {
    const port = XlsxWorkbookPort.empty();
    const settings = { ...app.school, language: "ky" as const, priorityCount: 3, summaryDepartment: "", pupils: "", planTasks: 4, minimumHours: 72, maxDistancePercent: 15 };
    port.writeTab(renderApplicationTab(app.application, settings, "ky", { now: TODAY, provisional: null }));
    return [`https://docs.google.com/spreadsheets/d/school-${i}/edit`, port.readTab("4.3 Өтүнмө")];
  }),
);
const MISSING = "https://docs.google.com/spreadsheets/d/missing/edit";

let h: Harness;
let steps = 0;
beforeAll(async () => {
  const workbook = XlsxWorkbookPort.empty();
  workbook.writeTab(districtListTab("ky", [...schools.keys(), MISSING]));
  let cursor: Cursor | null = null;
  h = await harness({
    workbook,
    district: () => {
      steps++;
      return {
        port: workbook,
        openApplication: (url) => schools.get(url) ?? "cannot_read",
        getCursor: () => cursor,
        setCursor: (c) => (cursor = c),
        now: () => TODAY,
        elapsed: () => 0,
      };
    },
  });
});
afterAll(async () => {
  await h?.close();
});

describe("the district's sidebar in Chromium", () => {
  it("gathers every school in steps, shows the progress, and says which could not be opened", async () => {
    const page = await h.page("metodist@rayon.kg");
    await page.waitForSelector("h2");
    expect(await page.textContent("h2")).toBe("Мектептердин өтүнмөлөрүн чогултуу");
    await page.locator("button", { hasText: "Чогултуу" }).click();
    await page.waitForSelector(".status-box .status");
    expect(await page.textContent(".progress")).toContain("61 / 61 мектеп каралды");
    expect(await page.textContent(".status-box")).toContain("Даяр: 60 мектептин өтүнмөсү кошулду. Ачылбаган шилтемелер: 1");
    await page.screenshot({ path: join(SCREENSHOTS, "district-ky.png") });
    expect(steps).toBe(3);
    const total = h.workbook.readTab("4.3 Өтүнмө")!.values.find((row) => row[1] === "БААРДЫГЫ:")!;
    expect(total[2]).toBe(consolidate(apps).totals.total);
    const list = h.workbook.readTab("Мектептер")!.values;
    expect(list.at(-1)![1]).toMatch(/ачылбайт/);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
