/**
 * The new school year in Chromium: started from the завуч's overview (asked, then confirmed), and
 * the own form after it, with last year's agreed level beside each competency.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeDemo } from "../../src/app/demoWorkbook";
import { startNewYear } from "../../src/app/newYear";
import { XlsxWorkbookPort } from "../../src/xlsx/xlsxPort";
import { TODAY } from "../helpers";
import { axeViolations, harness, SCREENSHOTS, type Harness } from "./browser";

let h: Harness;
beforeAll(async () => {
  const workbook = XlsxWorkbookPort.empty();
  writeDemo(workbook, TODAY);
  expect(startNewYear(workbook, { year: "2027-2028", now: TODAY }).status).toBe("started");
  h = await harness({ workbook });
});
afterAll(async () => {
  await h?.close();
});

describe("the own form after a new school year", () => {
  it("shows last year's agreed level, or that there was none, above each competency's choice, in both languages", async () => {
    const page = await h.page("t005@mektep12.kg");
    await page.waitForSelector("fieldset.competency");
    const notes = await page.locator("fieldset.competency p.note", { hasText: "Өткөн жылы (2026-2027)" }).allTextContents();
    expect(notes).toHaveLength(22);
    expect(notes.some((n) => /^Өткөн жылы \(2026-2027\) макулдашылган деңгээл: [123] — /.test(n))).toBe(true);
    expect(await page.locator("fieldset.competency input:checked").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, "own-form-last-year-ky.png"), fullPage: false });
    await page.selectOption(".lang select", "ru");
    await page.waitForSelector("fieldset.competency p.note >> text=/В прошлом году \\(2026-2027\\)/");
    await page.close();
  });
});

describe("starting the new school year from the overview", () => {
  let fresh: Harness;
  beforeAll(async () => {
    const workbook = XlsxWorkbookPort.empty();
    writeDemo(workbook, TODAY);
    fresh = await harness({ workbook });
  });
  afterAll(async () => {
    await fresh?.close();
  });

  it("is folded away, asks before it starts, can be called off, then starts the year and shows the new overview", async () => {
    const page = await fresh.page("z01@mektep12.kg");
    await page.locator("nav button", { hasText: "Жалпы абал" }).click();
    await page.waitForSelector("ol.steps");
    const section = page.locator("details.new-year");
    expect(await section.getAttribute("open")).toBeNull();
    await section.locator("summary").click();
    const start = section.locator("button", { hasText: "2026-2027 жылын жаап, 2027-2028 окуу жылын баштоо" });
    await start.click();
    const confirm = section.locator(".confirm");
    expect(await confirm.textContent()).toContain("2026-2027 окуу жылынын баалары, макулдашуулары жана 4.1 пландарындагы колдор «Тарых» барагына сакталып");
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, "new-year-confirm-ky.png"), fullPage: true });

    // Called off: nothing is written, the button is back.
    await confirm.locator("button", { hasText: "Жок, азыр эмес" }).click();
    expect(await section.locator(".status-box").textContent()).toBe("Жаңы окуу жылы башталган жок: эч нерсе өзгөргөн жок.");
    expect(fresh.workbook.tabNames()).not.toContain("Тарых");

    await start.click();
    await confirm.locator("button", { hasText: "Ооба, 2027-2028 жылын баштоо" }).click();
    // The panel is loaded again for the new year; the result stands on the overview.
    await page.locator(".status-box .status.ok", { hasText: "2026-2027 окуу жылы «Тарых» барагына сакталды" }).waitFor();
    expect(fresh.workbook.tabNames()).toContain("Тарых");
    await page.locator("details.new-year summary").click();
    expect(await page.textContent("details.new-year .status")).toMatch(/^2027-2028 окуу жылы 2027-09-01 күнү гана башталат/);
    expect(await page.locator("details.new-year button").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
