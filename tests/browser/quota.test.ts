/**
 * Google's per-minute limit in Chromium: the preview server refuses calls as the server does when
 * Sheets answers 429 ({ status: "error", type: "quota" }, nothing written), and the page waits,
 * counting down, and sends the same call again; past its last wait it gives up and keeps what was typed.
 * The page's waits are made short with window.UKOO_QUOTA_DELAYS_MS.
 */
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { kyGoogle } from "../../src/core/messages/ky.google";
import { ratingTabName } from "../../src/workbook/schema";
import { axeViolations, harness, SCREENSHOTS, type Harness } from "./browser";

let h: Harness;
let exports: string[][] = [];
beforeAll(async () => {
  h = await harness({
    // The school's domain lets the file be shared inside it only, as Workspace domains may.
    exportApplication: (emails) => {
      exports.push(emails);
      return {
        url: "https://docs.google.com/spreadsheets/d/exported/edit",
        xlsxUrl: "https://docs.google.com/spreadsheets/d/exported/export?format=xlsx",
        pdfUrl: "https://docs.google.com/spreadsheets/d/exported/export?format=pdf",
        notShared: emails.filter((e) => !e.endsWith("@mektep12.kg")),
      };
    },
  });
});
afterEach(() => {
  h.quota.refusals = 0;
});
afterAll(async () => {
  await h?.close();
});

const SELF = ratingTabName("teacher", "self");
/** The catalogue's waiting message with any number of seconds, as a pattern. */
const WAITING = new RegExp(`^${kyGoogle["ui.quota.waiting"].replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace("{seconds}", "(\\d+)")}$`);

function cell(personId: string, column: string): unknown {
  const values = h.workbook.readTab(SELF)!.values;
  const header = values[2];
  return values.find((r) => r[0] === personId)![header.indexOf(column)];
}

function callsSince(start: number, fn: string): boolean[] {
  return h.calls.slice(start).filter((c) => c.fn === fn).map((c) => c.refused);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

describe("Google's per-minute limit in the sidebar", () => {
  it("a save refused twice waits beside the button, counting down, then goes through by itself", async () => {
    const page = await h.page("t008@mektep12.kg", { quotaDelaysMs: [4000, 300] });
    await page.waitForSelector("fieldset.competency");
    const first = page.locator("fieldset.competency").first();
    await first.locator("input[value='3']").check();
    await first.locator("textarea").fill("Квота: күтүп туруп сакталды");
    const save = page.locator("button[type='submit']");
    const start = h.calls.length;
    h.quota.refusals = 2;
    await save.click();

    // The countdown stands in the sticky bar beside the save button, in Kyrgyz, with the seconds left.
    const notice = page.locator(".actions.sticky .quota-wait");
    const shown = notice.locator(".status");
    await shown.waitFor();
    const text = String(await shown.textContent());
    expect(text).toMatch(WAITING);
    const seconds = Number(WAITING.exec(text)![1]);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(4);
    await expect.poll(async () => Number(WAITING.exec(String(await shown.textContent()))?.[1])).toBeLessThan(seconds);
    // A screen reader is told through a polite status, with the same words.
    await expect.poll(async () => notice.locator("[role='status']").textContent()).toMatch(WAITING);
    expect(await notice.locator("[role='status']").getAttribute("aria-live")).toBe("polite");
    expect(await shown.isVisible()).toBe(true);
    // While it waits the save button stays busy, and submitting again sends no second copy.
    expect(await save.isDisabled()).toBe(true);
    await page.evaluate(() => document.querySelector<HTMLFormElement>("main form")!.requestSubmit());
    await shot(page, "quota-waiting-ky");
    expect(await axeViolations(page)).toEqual([]);

    await page.waitForSelector(".status.ok");
    expect(await page.textContent(".status.ok")).toBe("Сакталды.");
    expect(await page.locator(".quota-wait").count()).toBe(0);
    expect(await save.isDisabled()).toBe(false);
    // Refused, refused, then through: the same call three times, one at a time, and no more.
    expect(callsSince(start, "saveOwn")).toEqual([true, true, false]);
    expect(cell("T008", "1")).toBe(3);
    expect(cell("T008", "1 — түшүндүрмө")).toBe("Квота: күтүп туруп сакталды");
    await page.close();
  });

  it("refused more times than the page tries, it gives up and keeps what was typed; the next press saves", async () => {
    const page = await h.page("t009@mektep12.kg", { quotaDelaysMs: [50, 50] });
    await page.waitForSelector("fieldset.competency");
    const before = cell("T009", "2 — түшүндүрмө");
    const second = page.locator("fieldset.competency").nth(1);
    await second.locator("input[value='1']").check();
    await second.locator("textarea").fill("Бул текст жоголбошу керек");
    const start = h.calls.length;
    h.quota.refusals = 10;
    await page.locator("button[type='submit']").click();

    const error = page.locator(".status-box .status.error");
    await error.waitFor();
    expect(await error.textContent()).toBe(kyGoogle["ui.quota.gaveUp"]);
    expect(await error.getAttribute("role")).toBe("alert");
    await shot(page, "quota-gave-up-ky");
    // The first try and one after each wait; then nothing more is sent.
    expect(callsSince(start, "saveOwn")).toEqual([true, true, true]);
    expect(h.quota.refusals).toBe(7);
    // The form was not drawn again: the choice and the words are still there, and nothing was written.
    expect(await second.locator("textarea").inputValue()).toBe("Бул текст жоголбошу керек");
    expect(await second.locator("input[value='1']").isChecked()).toBe(true);
    expect(cell("T009", "2 — түшүндүрмө")).toBe(before);
    // Where the countdown stood, beside the button (the status box may be out of sight below the form),
    // the same words stay shown; the status box is what a screen reader is told.
    const beside = page.locator(".actions.sticky .quota-wait .status.error");
    expect(await beside.textContent()).toBe(kyGoogle["ui.quota.gaveUp"]);
    expect(await beside.isVisible()).toBe(true);
    expect(await page.locator(".actions.sticky .quota-wait [role]").count()).toBe(0);

    // A minute later Google lets it through: the same press saves what is on the page.
    h.quota.refusals = 0;
    await page.locator("button[type='submit']").click();
    await page.waitForSelector(".status.ok");
    expect(await page.locator(".quota-wait").count()).toBe(0);
    expect(cell("T009", "2")).toBe(1);
    expect(cell("T009", "2 — түшүндүрмө")).toBe("Бул текст жоголбошу керек");
    await page.close();
  });

  it("refused while the page opens (no messages yet), it waits in a banner fixed at the top, in Kyrgyz", async () => {
    const page = await h.browser.newPage({ viewport: { width: 300, height: 900 }, locale: "ky-KG" });
    await page.addInitScript(() => ((window as unknown as { UKOO_QUOTA_DELAYS_MS: number[] }).UKOO_QUOTA_DELAYS_MS = [1500]));
    const start = h.calls.length;
    h.quota.refusals = 1;
    await page.goto(`${h.url}?email=t010@mektep12.kg`);
    const banner = page.locator("body > .quota-banner");
    await banner.locator(".status").waitFor();
    expect(await banner.locator(".status").textContent()).toMatch(WAITING);
    expect(await banner.evaluate((node) => getComputedStyle(node).position)).toBe("fixed");
    expect((await banner.boundingBox())!.y).toBe(0);
    await expect.poll(async () => banner.locator("[role='status']").textContent()).toMatch(WAITING);
    await shot(page, "quota-banner-ky");

    await page.waitForSelector("fieldset.competency");
    expect(await page.locator(".quota-banner").count()).toBe(0);
    expect(callsSince(start, "state")).toEqual([true, false]);
    await page.close();
  });

  it("refused past the last wait while the page opens, it says so in Kyrgyz, as the catalogue does", async () => {
    const page = await h.browser.newPage({ viewport: { width: 300, height: 900 }, locale: "ky-KG" });
    await page.addInitScript(() => ((window as unknown as { UKOO_QUOTA_DELAYS_MS: number[] }).UKOO_QUOTA_DELAYS_MS = [50]));
    h.quota.refusals = 2;
    await page.goto(`${h.url}?email=t011@mektep12.kg`);
    await page.waitForSelector("#app .status.error");
    expect(await page.textContent("#app .status.error")).toBe(kyGoogle["ui.quota.gaveUp"]);
    expect(await page.locator(".quota-banner").count()).toBe(0);
    expect(h.quota.refusals).toBe(0);
    await page.close();
  });

  it("the export waits beside its button, then says whom the file could not be shared with", async () => {
    const page = await h.page("z01@mektep12.kg", { quotaDelaysMs: [1500] });
    await page.locator("nav button", { hasText: "Жалпы абал" }).click();
    await page.waitForSelector("ol.steps");
    await page.getByLabel("Өтүнмөнү ким окуй алат").fill("rayon@mektep12.kg, institute@gmail.com, kim@mail.ru");
    const button = page.locator("button", { hasText: "Өтүнмөнү районго / институтка экспорттоо" });
    h.quota.refusals = 1;
    exports = [];
    await button.click();
    // The notice comes right after the button pressed.
    const notice = page.locator("button:has-text('Өтүнмөнү районго / институтка экспорттоо') + .quota-wait .status");
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(WAITING);

    const notShared = page.locator("[data-not-shared]");
    await notShared.waitFor();
    expect(await notShared.textContent()).toBe(kyGoogle["export.notShared"].replace("{emails}", "institute@gmail.com, kim@mail.ru"));
    expect(await page.textContent(".status-box .status.ok")).toBe("Өтүнмө өзүнчө таблицага жазылды.");
    expect(await page.locator("a", { hasText: "Таблицаны ачуу" }).count()).toBe(1);
    expect(exports).toEqual([["rayon@mektep12.kg", "institute@gmail.com", "kim@mail.ru"]]);
    await shot(page, "export-not-shared-ky");
    await page.close();
  });
});
