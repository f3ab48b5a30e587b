/** The message catalogue: one table per language, Kyrgyz first. */
import { ky } from "./ky";
import { ru } from "./ru";

export const LANGS = ["ky", "ru"] as const;
export type Lang = (typeof LANGS)[number];
export type MessageKey = keyof typeof ky;
export type Params = Record<string, string | number>;

export const CATALOGUE: Record<Lang, Record<MessageKey, string>> = { ky, ru };

export function isLang(value: unknown): value is Lang {
  return value === "ky" || value === "ru";
}

/** Picks a language from a locale such as "ru_RU" or "ky-KG"; Kyrgyz unless it is Russian. */
export function langFromLocale(locale: string | null | undefined): Lang {
  return /^ru/i.test(locale ?? "") ? "ru" : "ky";
}

export function t(lang: Lang, key: MessageKey, params: Params = {}): string {
  const template = CATALOGUE[lang][key] ?? CATALOGUE.ky[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** Every translation of a key, for matching headers written in either language. */
export function allTranslations(key: MessageKey, params: Params = {}): string[] {
  return LANGS.map((lang) => t(lang, key, params));
}
