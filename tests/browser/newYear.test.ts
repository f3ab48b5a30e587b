/** The sidebar after a new school year, in Chromium: last year's agreed level beside each competency. */
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
