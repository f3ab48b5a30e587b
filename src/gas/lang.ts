/**
 * Each person's own choices (their language, who they picked themselves to be), kept per person.
 *
 * In the spreadsheet the script runs as the person, so their user properties are theirs. The web
 * app of private mode runs as its owner, and user properties belong to the user the script runs as
 * (https://developers.google.com/apps-script/guides/properties): one teacher's switch would change
 * everyone's. There each visitor's choices are kept under their own account's key in the script's
 * properties — the template's are this school's alone (the add-on has no web app).
 */
import { isLang, langFromLocale, type Lang } from "../core/messages/index";

const LANG = "ukoo.lang";

export type Audience = "person" | "visitor";

/** A visitor's key: their account's e-mail, or none (then nothing of theirs is kept). */
function visitorKey(name: string): string | null {
  const email = Session.getActiveUser().getEmail().trim().toLowerCase();
  return email ? `${name}:${email}` : null;
}

export function choice_(audience: Audience, name: string): string | null {
  try {
    if (audience === "person") return PropertiesService.getUserProperties().getProperty(name);
    const key = visitorKey(name);
    return key ? PropertiesService.getScriptProperties().getProperty(key) : null;
  } catch {
    // Not available in AuthMode.NONE.
    return null;
  }
}

export function setChoice_(audience: Audience, name: string, value: string): void {
  if (audience === "person") {
    PropertiesService.getUserProperties().setProperty(name, value);
    return;
  }
  const key = visitorKey(name);
  if (key) PropertiesService.getScriptProperties().setProperty(key, value);
}

/** The user's language: their own switch if they set one, else their Google locale. */
export function userLang_(audience: Audience = "person"): Lang {
  const chosen = choice_(audience, LANG);
  if (isLang(chosen)) return chosen;
  try {
    return langFromLocale(Session.getActiveUserLocale());
  } catch {
    return "ky";
  }
}

export function setUserLang_(lang: Lang, audience: Audience = "person"): void {
  setChoice_(audience, LANG, lang);
}
