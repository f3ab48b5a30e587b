/**
 * The sidebar's year-round forms in Chromium, from the keyboard: the завуч observes a lesson (1.1)
 * and a teacher fills their portfolio checklist (1.3); the workbook's cells are checked afterwards
 * and axe-core runs on both.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { readState } from "../../src/workbook/read";
import { gradeKey, portfolioKey, questionKey, TAB_OBSERVATIONS, TAB_PORTFOLIO } from "../../src/workbook/schema";
import { axeViolations, harness, SCREENSHOTS, type Harness } from "./browser";

/** The README shows these. */

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h?.close();
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Presses a key on the focused element until `done` holds (at most `max` times). */
async function pressUntil(page: Page, key: string, done: () => Promise<boolean>, max = 100) {
  for (let i = 0; i < max && !(await done()); i++) await page.keyboard.press(key);
  expect(await done()).toBe(true);
}

describe("the year-round forms in Chromium", () => {
  it("the завуч observes a lesson from the keyboard: only the chosen sections show, and one row is added to 1.1", async () => {
    const page = await h.page("z01@mektep12.kg");
    await page.locator("nav button", { hasText: "Мен баалагандар" }).focus();
    await page.keyboard.press("Enter");
    await page.locator("button", { hasText: "Сабакка байкоо жүргүзүү" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("form fieldset.observed", { state: "attached" });
    expect(await page.textContent("h2")).toBe("1.1. Сабакка байкоо жүргүзүү формасы");
    // None is chosen, so no question shows.
    expect(await page.locator("fieldset.observed:visible").count()).toBe(0);
    const before = h.workbook.readTab(TAB_OBSERVATIONS)!.values.length;

    const teacher = page.getByLabel("Мугалим", { exact: true });
    await teacher.focus();
    await pressUntil(page, "ArrowDown", async () => (await teacher.inputValue()) === "T005");
    expect(await page.getByLabel("Предмет", { exact: true }).inputValue()).toBe("математика");
    expect(await page.getByLabel("Датасы", { exact: true }).inputValue()).toBe("2026-11-23");
    // The date keeps today; class, then Tab past the subject to the topic.
    await page.getByLabel("Класс", { exact: true }).focus();
    await page.keyboard.type("7-А");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Бөлчөктөрдү кошуу");
    expect(await page.getByLabel("Сабактын темасы", { exact: true }).inputValue()).toBe("Бөлчөктөрдү кошуу");

    // Sections II and V, by Space on their checkboxes.
    await page.getByLabel("II. Пландоо", { exact: true }).focus();
    await page.keyboard.press("Space");
    await page.getByLabel("V. Баалоо жана кайтарым байланыш", { exact: true }).focus();
    await page.keyboard.press("Space");
    expect(await page.locator("fieldset.observed:visible").evaluateAll((sets) => sets.map((s) => s.getAttribute("data-section")))).toEqual(["II", "V"]);
    const section = (id: string) => page.locator(`fieldset.observed[data-section='${id}']`);
    expect(await section("II").locator("fieldset.question legend").first().textContent()).toBe("7. Мугалимдин колунда сабактын план-конспектиси (кагаз жүзүндөгү, электрондук түрдөгү) барбы?");

    // Saving with no grade says which section needs one, and puts the focus there.
    await page.locator("button[type='submit']").focus();
    await page.keyboard.press("Enter");
    expect(await page.textContent(".status.error")).toBe("II. бөлүмүнө 4.5 шкаласы боюнча баа коюңуз.");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe("above");

    // Grades: II "meets" (one arrow down), V "improve" (two).
    await page.keyboard.press("ArrowDown");
    await section("V").locator("fieldset.grade input").first().focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    // Answers: 7 Ооба (Space), 7.1 Жок (Space, then an arrow), 23 Дагы башка.
    await section("II").locator("fieldset.question").nth(0).locator("input").first().focus();
    await page.keyboard.press("Space");
    await section("II").locator("fieldset.question").nth(1).locator("input").first().focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowRight");
    await section("V").locator("fieldset.question").nth(0).locator("input").nth(2).focus();
    await page.keyboard.press("Space");
    await page.getByLabel("Күчтүү жактары", { exact: true }).focus();
    await page.keyboard.type("=1+1 топтук иш");
    await page.getByLabel("Сунуштар", { exact: true }).focus();
    await page.keyboard.type("Убакытты бөлүштүрүңүз.");
    await page.locator("fieldset.competency", { hasText: "Байкала турган бөлүмдөр" }).evaluate((node) => {
      node.scrollIntoView({ block: "start" });
      window.scrollBy(0, -10);
    });
    await shot(page, "observation-form-ky");
    expect(await axeViolations(page)).toEqual([]);

    await page.locator("button[type='submit']").focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector(".status.ok");
    expect(await page.textContent(".status.ok")).toBe("Байкоо сакталды: Дүйшөнова Салтанат, 2026-11-23.");
    // The form is ready for the next lesson.
    expect(await page.locator("fieldset.observed:visible").count()).toBe(0);
    expect(await teacher.inputValue()).toBe("");

    const values = h.workbook.readTab(TAB_OBSERVATIONS)!.values;
    expect(values.length).toBe(before + 1);
    const columns = readState(h.workbook).observations.table!.columns;
    const row = values.at(-1)!;
    const cell = (key: string) => row[columns.get(key)! - 1];
    expect([cell("date"), cell("observer"), cell("teacher_id"), cell("class"), cell("subject"), cell("topic")]).toEqual([new Date("2026-11-23T00:00:00.000Z"), "Асанова Чынара", "T005", "7-А", "математика", "Бөлчөктөрдү кошуу"]);
    expect([cell(gradeKey("II")), cell(gradeKey("V")), cell(gradeKey("I"))]).toEqual(["Күткөндөгүгө туура келет", "Жакшыртуу талап кылынат", null]);
    expect([cell(questionKey("7")), cell(questionKey("7.1")), cell(questionKey("23")), cell(questionKey("7.2"))]).toEqual(["Ооба", "Жок", "Дагы башка", null]);
    expect([cell("strengths"), cell("advice")]).toEqual(["=1+1 топтук иш", "Убакытты бөлүштүрүңүз."]);
    await page.close();
  });

  it("a teacher fills their portfolio checklist from the keyboard: their row only, =1+1 kept as text", async () => {
    const page = await h.page("t005@mektep12.kg");
    await page.locator("nav button", { hasText: "Портфолиом" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("form fieldset.competency");
    expect(await page.textContent("h2")).toBe("1.3. Мугалимдин портфолиосу");
    expect(await page.locator("fieldset.competency legend").allTextContents()).toEqual([
      "I бөлүм. Мугалим тууралуу жалпы маалыматтар:",
      "II бөлүм. Мугалимдин илимий-усулдук ишмердиги:",
      "III бөлүм. Предмет боюнча класстан тышкаркы иш:",
      "IV бөлүм. Мугалимдин өз алдынча билим алуусу:",
      "V бөлүм. Эркин бөлүм:",
    ]);
    expect(await page.textContent(".progress")).toContain("Толтурула элек: 28 / 28");
    const before = h.workbook.readTab(TAB_PORTFOLIO)!.values;
    const columns = readState(h.workbook).portfolio.table!.columns;
    const mine = before.findIndex((r) => r[columns.get("id")! - 1] === "T005");

    await page.getByLabel("I.1 Ф.А.А., атасынын аты, туулган жылы;").focus();
    await page.keyboard.type("=1+1");
    await page.keyboard.press("Tab");
    await page.keyboard.type("https://drive.google.com/file/d/t005-diploma");
    await page.keyboard.press("Tab");
    await page.keyboard.type("—");
    expect(await page.textContent(".progress")).toContain("Толтурула элек: 25 / 28");
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "portfolio-checklist-ky");
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press("Enter");
    await page.waitForSelector(".status.ok");
    expect(await page.textContent(".status.ok")).toBe("Сакталды.");

    const after = h.workbook.readTab(TAB_PORTFOLIO)!;
    const cell = (key: string) => after.values[mine][columns.get(key)! - 1];
    expect([cell(portfolioKey("I.1")), cell(portfolioKey("I.2")), cell(portfolioKey("I.3")), cell(portfolioKey("I.4"))]).toEqual(["=1+1", "https://drive.google.com/file/d/t005-diploma", "—", null]);
    expect(after.formulas[mine][columns.get(portfolioKey("I.1"))! - 1]).toBe("");
    expect(cell("complete")).toBe("жок: 25");
    after.values.forEach((row, i) => {
      if (i !== mine) expect(row, `row ${i + 1}`).toEqual(before[i]);
    });
    await page.close();
  });

  it("the leadership reads a teacher's checklist from the list of portfolios, read-only", async () => {
    const page = await h.page("z02@mektep12.kg");
    await page.locator("nav button", { hasText: "Мен баалагандар" }).click();
    await page.waitForSelector("button.person");
    await page.screenshot({ path: join(SCREENSHOTS, "leadership-actions-ky.png") });
    await page.locator("button", { hasText: "Мугалимдердин портфолиолору" }).click();
    await page.waitForSelector("button.person");
    await page.screenshot({ path: join(SCREENSHOTS, "portfolio-list-ky.png") });
    expect(await page.locator("button.person", { hasText: "(T001)" }).locator(".meta").textContent()).toBe("толук");
    expect(await page.locator("button.person", { hasText: "(T005)" }).locator(".meta").textContent()).toBe("толтурула элек: 25");
    await page.locator("button.person", { hasText: "(T005)" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("form fieldset.competency");
    expect(await page.textContent("h2")).toBe("1.3. Мугалимдин портфолиосу — Дүйшөнова Салтанат");
    expect(await page.getByLabel("I.1 Ф.А.А., атасынын аты, туулган жылы;").inputValue()).toBe("=1+1");
    expect(await page.locator("form input[type='text']:not([readonly])").count()).toBe(0);
    expect(await page.locator("form button[type='submit']").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator("button.link", { hasText: "← Тизмеге" }).click();
    await page.waitForSelector("button.person");
    await page.close();
  });

  it("the checklist and the observation form in Russian", async () => {
    const page = await h.page("t006@mektep12.kg");
    await page.selectOption(".lang select", "ru");
    await page.locator("nav button", { hasText: "Портфолио" }).click();
    await page.waitForSelector("form fieldset.competency");
    expect(await page.textContent("h2")).toBe("1.3. Портфолио учителя");
    expect(await page.textContent("fieldset.competency legend")).toBe("Раздел I. Общие сведения об учителе:");
    expect(await page.textContent("main .note")).toBe("Перевод. Официальный текст — на кыргызском языке.");
    await shot(page, "portfolio-checklist-ru");
    expect(await axeViolations(page)).toEqual([]);

    const leader = await h.page("dir@mektep12.kg");
    await leader.selectOption(".lang select", "ru");
    await leader.locator("nav button", { hasText: "Кого я оцениваю" }).click();
    await leader.locator("button", { hasText: "Наблюдение урока" }).click();
    await leader.waitForSelector("form fieldset.observed", { state: "attached" });
    await leader.getByLabel("I. Учебная среда в классе", { exact: true }).check();
    const section = leader.locator("fieldset.observed[data-section='I']");
    expect(await section.locator("fieldset.grade label").allTextContents()).toEqual(["Лучше ожидаемого", "Соответствует ожиданиям", "Требуется улучшение", "Не достигает ожидаемого"]);
    expect(await section.locator("fieldset.question").first().locator("label").allTextContents()).toEqual(["Да", "Нет", "Другое"]);
    await shot(leader, "observation-form-ru");
    expect(await axeViolations(leader)).toEqual([]);
    await Promise.all([page.close(), leader.close()]);
  });
});
