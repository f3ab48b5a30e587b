/**
 * The sidebar in a real browser (Debian's Chromium through playwright-core), with
 * google.script.run routed to the same server code, running over the in-memory demo workbook.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { agreementTabName, ratingTabName } from "../../src/workbook/schema";
import { axeViolations, harness, SCREENSHOTS, type Harness } from "./browser";

let h: Harness;
beforeAll(async () => {
  // As the Sheets host says it where the advanced service is off: once per person.
  const told = new Set<string>();
  h = await harness({ notice: (email) => (told.has(email) ? null : (told.add(email), "ui.notice.sheetsApi")) });
});
afterAll(async () => {
  await h?.close();
});

const SELF = ratingTabName("teacher", "self");
const SUP = ratingTabName("teacher", "supervisor");

function rows(tab: string) {
  return h.workbook.readTab(tab)!.values;
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

describe("the sidebar in Chromium", () => {
  it("a teacher fills their own form from the keyboard: their row changes and no other row does", async () => {
    const page = await h.page("t005@mektep12.kg");
    await page.waitForSelector("fieldset.competency");
    expect(await page.textContent("h2")).toContain("2.1");
    await shot(page, "own-form-ky");
    const before = rows(SELF);
    const mine = before.findIndex((r) => r[0] === "T005");

    // Competency 1: level 1, from the keyboard (Tab to a radio, arrows, Space).
    await page.focus("fieldset.competency:nth-of-type(1) input[value='1']");
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    // Competency 2: level 3, and an explanation.
    await page.check("fieldset.competency:nth-of-type(2) input[value='3']");
    await page.locator("fieldset.competency").nth(1).locator("textarea").fill("=Сабакка байкоо керек");
    // The descriptors open and close from the keyboard.
    await page.locator("fieldset.competency").first().locator("summary").focus();
    await page.keyboard.press("Enter");
    expect(await page.locator("fieldset.competency").first().locator("details").getAttribute("open")).not.toBeNull();
    await page.locator("fieldset.competency").first().locator("details li").first().waitFor();
    await shot(page, "own-descriptors-ky");
    await page.locator("input[type='text']").first().fill("Баштапкы функция (11-класс)");
    await page.locator("label", { hasText: "Насаатчылык" }).first().click();
    await page.locator("button[type='submit']").focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector(".status.ok");
    expect(await page.textContent(".status.ok")).toBe("Сакталды.");

    const after = rows(SELF);
    const header = after[2];
    const col = (label: string) => header.indexOf(label);
    expect(after[mine][col("1")]).toBe(1);
    expect(after[mine][col("2")]).toBe(3);
    expect(after[mine][col("2 — түшүндүрмө")]).toBe("=Сабакка байкоо керек");
    expect(h.workbook.readTab(SELF)!.formulas[mine][col("2 — түшүндүрмө")]).toBe("");
    expect(after[mine][col("9.1 Предметтик компетенция 1")]).toBe("Баштапкы функция (11-класс)");
    expect(String(after[mine][col("Кандай кошумча иштерди аткаргыңыз келет?")])).toContain("Насаатчылык");
    after.forEach((row, i) => {
      if (i !== mine) expect(row, `row ${i + 1}`).toEqual(before[i]);
    });
    await page.close();
  });

  it("the supervisor sees each difference, rates, and records the agreed levels and priorities", async () => {
    const page = await h.page("d01@mektep12.kg");
    await page.locator("nav button", { hasText: "Мен баалагандар" }).click();
    await page.waitForSelector("button.person");
    await shot(page, "supervisor-list-ky");
    await page.locator("button.person", { hasText: "T002" }).or(page.locator("button.person").filter({ hasText: "Абдрахманов Мирлан" })).first().click();
    await page.waitForSelector("fieldset.competency");
    const diffs = page.locator(".difference.higher, .difference.lower");
    const count = await diffs.count();
    const expected = rows(agreementTabName("teacher")).filter((r) => r[0] === "T002" && typeof r[7] === "number" && r[7] !== 0).length;
    expect(count).toBe(expected);
    if (count > 0) expect(await diffs.first().textContent()).toMatch(/^Айырма: сиз (жогору|төмөн) баалайсыз/);

    // Changing a rating marks the difference at once.
    const first = page.locator("fieldset.competency").first();
    const selfText = await first.locator(".self strong").textContent();
    const self = Number(String(selfText).slice(0, 1));
    const other = self === 3 ? 1 : 3;
    await first.locator(`input[value='${other}']`).check();
    await expect.poll(async () => first.locator(".difference").getAttribute("class")).toContain(other > self ? "higher" : "lower");
    await shot(page, "supervisor-differences-ky");
    await page.locator("form[aria-label='Сиздин баа'] button[type='submit']").click();
    await page.locator("form[aria-label='Сиздин баа'] .status.ok").waitFor();
    const supRow = rows(SUP).find((r) => r[0] === "T002")!;
    expect(supRow[3]).toBe(other);

    // After the discussion: an agreed level and two priorities.
    const agreement = page.locator("form.agreement");
    await agreement.locator("select").first().selectOption("2");
    const boxes = agreement.locator("input[type='checkbox']");
    for (let i = 0; i < (await boxes.count()); i++) if (await boxes.nth(i).isChecked()) await boxes.nth(i).uncheck();
    await boxes.nth(0).check();
    await boxes.nth(4).check();
    await agreement.locator("button[type='submit']").click();
    await agreement.locator(".status.ok").waitFor();
    const agreed = rows(agreementTabName("teacher")).filter((r) => r[0] === "T002");
    expect(agreed[0][8]).toBe(2);
    expect(agreed.filter((r) => r[9] === "✓").map((r) => r[3])).toEqual(["1", "5"]);
    await page.close();
  });

  it("the завуч's dashboard counts update, and its steps lead to the cells left to fix", async () => {
    const page = await h.page("z01@mektep12.kg");
    await page.locator("nav button", { hasText: "Жалпы абал" }).click();
    await page.waitForSelector("ol.steps");
    // The first overview tells how to turn the Sheets API on, as a status the screen reader hears.
    expect(await page.textContent("p.status.info[data-notice='ui.notice.sheetsApi']")).toContain("Google Sheets API");
    await shot(page, "dashboard-ky");
    const selfCount = async () => page.locator("li[data-step='self'] .step-count").textContent();
    const before = String(await selfCount());
    const [done, total] = before.split(" / ").map(Number);
    expect(total).toBeGreaterThan(50);

    // T001 has not assessed themselves yet; they do it now in another window.
    const teacher = await h.page("t001@mektep12.kg");
    await teacher.waitForSelector("fieldset.competency");
    for (let n = 1; n <= 22; n++) await teacher.check(`fieldset.competency:nth-of-type(${n}) input[value='2']`);
    await teacher.locator("button[type='submit']").click();
    await teacher.waitForSelector(".status.ok");
    await teacher.close();

    await page.locator("button", { hasText: "Жаңылоо" }).click();
    await expect.poll(selfCount).toBe(`${done + 1} / ${total}`);

    // An invalid cell is listed and leads to its cell.
    await page.locator("li[data-step='invalid'] summary").click();
    await page.locator("li[data-step='invalid'] button.link").first().click();
    await expect.poll(() => h.goTos.length).toBeGreaterThan(0);
    expect(h.goTos.at(-1)!.tab).toMatch(/2\.1|3\.1|2\.2/);

    // Check runs from the dashboard.
    await page.locator("button", { hasText: "Жазууларды текшерүү" }).click();
    await page.locator(".status-box .status").waitFor();
    expect(await page.textContent(".status-box .status")).toMatch(/^Каталар: \d+\. Айырмалар: \d+\./);
    await page.close();
  });

  it("works in Russian too, with the statements marked as a translation", async () => {
    const page = await h.page("t006@mektep12.kg");
    await page.waitForSelector("fieldset.competency");
    await page.selectOption(".lang select", "ru");
    await page.locator("nav, h2").first().waitFor();
    await expect.poll(async () => page.textContent("h2")).toMatch(/^2\.1\. Самооценка/);
    expect(await page.textContent("fieldset.competency legend")).toMatch(/^1\. Я /);
    expect(await page.textContent("fieldset.competency .note")).toBe("Перевод. Официальный текст — на кыргызском языке.");
    expect(await page.textContent("button[type='submit']")).toBe("Сохранить");
    await shot(page, "own-form-ru");
    const sup = await h.page("d01@mektep12.kg");
    await sup.selectOption(".lang select", "ru");
    await sup.locator("nav button", { hasText: "Кого я оцениваю" }).click();
    await sup.waitForSelector("button.person");
    await shot(sup, "supervisor-list-ru");
    const dash = await h.page("z01@mektep12.kg");
    await dash.selectOption(".lang select", "ru");
    await dash.locator("nav button", { hasText: "Общая картина" }).click();
    await dash.waitForSelector("ol.steps");
    expect(await dash.textContent("li[data-step='self'] .step-name")).toBe("Самооценка");
    await shot(dash, "dashboard-ru");
    // The choice is remembered per user; switch everyone back.
    for (const p of [page, sup, dash]) await p.selectOption(".lang select", "ky");
    await expect.poll(async () => page.textContent("button[type='submit']")).toBe("Сактоо");
    await expect.poll(async () => dash.textContent("nav")).toContain("Жалпы абал");
    await Promise.all([page.close(), sup.close(), dash.close()]);
  });

  it("someone with no e-mail picks themselves once; someone not on the roster is told what to do", async () => {
    const page = await h.page();
    await page.waitForSelector("form select");
    await shot(page, "pick-ky");
    await page.selectOption("form select", "T010");
    await page.locator("button[type='submit']").click();
    await page.waitForSelector("fieldset.competency");
    await page.reload();
    await page.waitForSelector("fieldset.competency");
    expect(await page.textContent(".who")).toContain("Мамытова");
    const stranger = await h.page("nobody@example.com");
    expect(await stranger.textContent("main")).toContain("nobody@example.com дареги «Кызматкерлер» барагында жок");
    await Promise.all([page.close(), stranger.close()]);
  });

  it("axe-core finds no serious or critical violations in any view", async () => {
    const checks: [string, (p: Page) => Promise<void>][] = [
      ["t007@mektep12.kg", async (p) => void (await p.waitForSelector("fieldset.competency"))],
      ["d01@mektep12.kg", async (p) => {
        await p.locator("nav button", { hasText: "Мен баалагандар" }).click();
        await p.locator("button.person").first().click();
        await p.waitForSelector("form.agreement");
      }],
      ["z01@mektep12.kg", async (p) => {
        await p.locator("nav button", { hasText: "Жалпы абал" }).click();
        await p.waitForSelector("ol.steps");
      }],
      ["", async (p) => void (await p.waitForSelector("form select"))],
    ];
    h.chosen.clear();
    for (const [email, open] of checks) {
      const page = await h.page(email || undefined);
      await open(page);
      expect(await axeViolations(page), email || "pick").toEqual([]);
      await page.close();
    }
  });
});
