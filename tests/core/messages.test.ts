import { describe, expect, it } from "vitest";
import { CATALOGUE, langFromLocale, t } from "../../src/core/messages/index";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogue", () => {
  it("has every key in both Kyrgyz and Russian, none empty", () => {
    const ky = Object.keys(CATALOGUE.ky).sort();
    const ru = Object.keys(CATALOGUE.ru).sort();
    expect(ru).toEqual(ky);
    for (const lang of ["ky", "ru"] as const) {
      for (const [key, text] of Object.entries(CATALOGUE[lang])) expect(text.trim(), `${lang} ${key}`).not.toBe("");
    }
  });

  it("uses the same placeholders in both languages", () => {
    for (const key of Object.keys(CATALOGUE.ky) as (keyof typeof CATALOGUE.ky)[]) {
      expect(placeholders(CATALOGUE.ru[key]), key).toEqual(placeholders(CATALOGUE.ky[key]));
    }
  });

  it("fills placeholders and follows the locale", () => {
    expect(t("ru", "check.summary", { problems: 1, disagreements: 2, missing: 3 })).toBe("Ошибки: 1. Расхождения: 2. Незаполненные оценки: 3.");
    expect(langFromLocale("ru_RU")).toBe("ru");
    expect(langFromLocale("ky")).toBe("ky");
    expect(langFromLocale("en_US")).toBe("ky");
  });
});
