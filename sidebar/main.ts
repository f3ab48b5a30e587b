/**
 * The ҮКӨ sidebar. It talks to the server only through google.script.run (one function,
 * sidebarCall), and puts every piece of data on the page with textContent: no innerHTML anywhere.
 * Every control is a native one (radio, checkbox, select, details), so it works from the keyboard.
 */

// The shapes the server sends, from the server's own code (types only: nothing of it is bundled).
import type { FrameworkId } from "../src/core/frameworks/index";
import type { Level } from "../src/core/levels";
import type { Lang, MessageKey } from "../src/core/messages/index";
import type { StepResult } from "../src/app/districtGather";
import type { NewYearOffer } from "../src/app/newYear";
import type { Step } from "../src/app/sidebar/dashboard";
import type { FormCompetency as Competency, OwnForm, SuperviseeForm } from "../src/app/sidebar/forms";
import type { Answer, SidebarFunction } from "../src/app/sidebar/server";
import type { ObservationFormData, ObservationPayload, PortfolioForm } from "../src/app/sidebar/yearRound";

interface Identity {
  kind: "person" | "pick" | "unknown";
  id?: string;
  name?: string;
  frameworks?: FrameworkId[];
  candidates?: { id: string; name: string }[];
  email?: string;
}

interface State {
  lang: Lang;
  messages: Record<string, string>;
  district: boolean;
  identity: Identity;
  views: { own: boolean; portfolio: boolean; supervisor: boolean; dashboard: boolean };
  /** The user leads (завуч, director): they record lesson observations. */
  observe: boolean;
}

interface Supervisee {
  id: string;
  name: string;
  frameworks: { framework: FrameworkId; selfMissing: number; supervisorMissing: number; differences: number }[];
}

interface ScriptRunner {
  withSuccessHandler(f: (value: unknown) => void): ScriptRunner;
  withFailureHandler(f: (error: Error) => void): ScriptRunner;
  sidebarCall(fn: string, args: unknown[], spreadsheetId: string): void;
  privateCall(fn: string, args: unknown[], spreadsheetId: string): void;
}
declare const google: { script: { run: ScriptRunner } };
/** The sidebar calls sidebarCall; the private-mode web app page sets this to "privateCall". */
const ENTRY: "sidebarCall" | "privateCall" = (window as unknown as { UKOO_ENTRY?: "privateCall" }).UKOO_ENTRY ?? "sidebarCall";

/**
 * The spreadsheet's id, added at the end of the page by the server when it opened the sidebar (so
 * read when a call is made, not when this script starts); none in private mode.
 */
const spreadsheetId = () => String((window as unknown as { UKOO_SPREADSHEET?: string }).UKOO_SPREADSHEET ?? "");

const MAX_PRIORITIES = 4;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let state: State | null = null;
type View = "own" | "portfolio" | "supervisor" | "dashboard";
const VIEWS: View[] = ["own", "portfolio", "supervisor", "dashboard"];
let view: View = "own";

// ---- Talking to the server ------------------------------------------------------------------

class ServerError extends Error {
  /** The tab a "no_tab" refusal names. */
  constructor(
    readonly type: string,
    readonly tab = "",
  ) {
    super(type);
  }
}

/** One trip to the server: its answer, or a "failed" error when the trip itself failed. */
function send(fn: SidebarFunction, args: unknown[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    google.script.run
      .withSuccessHandler((answer) => (answer ? resolve(answer as Answer) : reject(new ServerError("failed"))))
      .withFailureHandler(() => reject(new ServerError("failed")))
      [ENTRY](fn, args, spreadsheetId());
  });
}

/** Calls that have not answered yet, by what they send: the same call is never sent twice at once. */
const pending = new Map<string, Promise<unknown>>();

/** Calls the server; a waiting notice for Google's per-minute limit goes to a banner at the top. */
function call<T>(fn: SidebarFunction, ...args: unknown[]): Promise<T> {
  return callFrom<T>(null, fn, ...args);
}

/**
 * Calls the server for `button` (the one the user pressed): a waiting notice for Google's
 * per-minute limit goes right after it, where the user is.
 */
function callFrom<T>(button: HTMLButtonElement | null, fn: SidebarFunction, ...args: unknown[]): Promise<T> {
  const key = JSON.stringify([fn, args]);
  const same = pending.get(key);
  if (same) return same as Promise<T>;
  if (button) givenUp.get(button)?.remove();
  const promise = sendPatiently<T>(button, fn, args).finally(() => pending.delete(key));
  pending.set(key, promise);
  return promise;
}

// ---- Google's per-minute limit ------------------------------------------------------------------

/**
 * How long to wait before each new try of a call Google refused for its per-minute limit (the
 * server answers "quota": nothing was written). Google: back off, and after a minute requests go
 * through again. About 3 minutes in all, then the caller is told, as of any failure.
 */
const QUOTA_DELAYS_MS = [20_000, 40_000, 60_000, 60_000];

/**
 * The waits for this call: window.UKOO_QUOTA_DELAYS_MS as it is when set (the browser tests' short
 * waits), else QUOTA_DELAYS_MS each moved by up to ±10% so that a staffroom of teachers refused
 * in the same second do not all come back in the same second.
 */
function quotaDelays(): number[] {
  const override = (window as unknown as { UKOO_QUOTA_DELAYS_MS?: unknown }).UKOO_QUOTA_DELAYS_MS;
  if (Array.isArray(override) && override.every((ms) => typeof ms === "number" && ms >= 0)) return override as number[];
  return QUOTA_DELAYS_MS.map((ms) => Math.round(ms * (0.9 + Math.random() * 0.2)));
}

/**
 * Sends the call; while Google answers "quota", says so with a countdown and sends the very same
 * call again after each of quotaDelays(); after the last, rejects with ServerError("quota").
 * One try at a time: the next is sent only once the last has answered.
 */
async function sendPatiently<T>(button: HTMLButtonElement | null, fn: SidebarFunction, args: unknown[]): Promise<T> {
  const delays = quotaDelays();
  let notice: QuotaNotice | null = null;
  let gaveUp = false;
  try {
    for (let attempt = 0; ; attempt++) {
      const answer = await send(fn, args);
      if (answer.status === "success") return answer.data as T;
      if (answer.type !== "quota") throw new ServerError(answer.type, answer.tab ?? "");
      gaveUp = attempt >= delays.length;
      if (gaveUp) throw new ServerError("quota");
      notice ??= quotaNotice(button);
      await notice.countDown(delays[attempt]);
    }
  } finally {
    if (gaveUp) notice?.giveUp();
    else notice?.remove();
  }
}

/** Give-up notices left beside their buttons, taken away when the button is pressed again. */
const givenUp = new WeakMap<HTMLButtonElement, QuotaNotice>();

/**
 * Before the first answer (the "state" call may be the one refused) the page has no messages from
 * the server yet: the two it may need then, in Kyrgyz, the page's first language (as in ky.google.ts).
 */
const BEFORE_STATE: Record<string, string> = {
  "ui.quota.waiting": "Google азыр бошой элек (бир мүнөттүк чек). {seconds} секунддан кийин өзү кайра жөнөтөт — бетти жаппаңыз.",
  "ui.quota.gaveUp": "Google бир нече жолу күттүрдү. Жазганыңыз бул бетте сакталып турат: бир аздан кийин кайра басыңыз.",
};

interface QuotaNotice {
  countDown(ms: number): Promise<void>;
  /**
   * Beside a button, says "ui.quota.gaveUp" where the countdown was, until the button is pressed
   * again or the form is changed: the caller's own status may be out of sight, below a long form.
   * Shown only: the caller's status is what a screen reader is told. In the banner, it goes.
   */
  giveUp(): void;
  remove(): void;
}

/**
 * "Google is busy: sent again in N seconds", right after `button` while it is on the page, else in
 * a banner fixed at the top of the window. The seconds tick on screen; a screen reader is told
 * once per wait (a countdown read out every second would drown everything else).
 */
function quotaNotice(button: HTMLButtonElement | null): QuotaNotice {
  const shown = h("p", { class: "status info", "aria-hidden": "true" });
  const spoken = h("p", { class: "sr-only", role: "status", "aria-live": "polite" });
  const node = h("div", { class: "quota-wait" }, shown, spoken);
  const text = (seconds: number) => m("ui.quota.waiting", { seconds });
  const place = () => {
    if (button?.isConnected) button.after(node);
    else banner().append(node);
  };
  const remove = () => {
    if (button && givenUp.get(button) === notice) givenUp.delete(button);
    const box = node.parentElement;
    node.remove();
    if (box?.classList.contains("quota-banner") && box.childElementCount === 0) box.remove();
  };
  const notice: QuotaNotice = {
    async countDown(ms) {
      place();
      const end = Date.now() + ms;
      const left = () => end - Date.now();
      // A live region's text is read when it changes, not when it arrives with it: set it just after.
      spoken.textContent = "";
      setTimeout(() => (spoken.textContent = text(Math.ceil(Math.max(0, left()) / 1000))), 100);
      while (left() > 0) {
        // The form may be drawn again meanwhile (another tab, the language): the notice then goes to the banner.
        if (!node.isConnected) place();
        shown.textContent = text(Math.ceil(left() / 1000));
        await pause(Math.min(left(), left() % 1000 || 1000));
      }
    },
    giveUp() {
      if (!button?.isConnected || node.parentElement !== button.parentElement) return remove();
      spoken.remove();
      shown.className = "status error";
      shown.textContent = m("ui.quota.gaveUp");
      givenUp.set(button, notice);
      button.form?.addEventListener("input", remove, { once: true });
    },
    remove,
  };
  return notice;
}

/** The banner at the top of the window for waiting notices with no button to stand by. */
function banner(): HTMLElement {
  const existing = document.querySelector<HTMLElement>("body > .quota-banner");
  if (existing) return existing;
  const node = h("div", { class: "quota-banner" });
  document.body.prepend(node);
  return node;
}

// ---- Building the page (textContent only) ----------------------------------------------------

type Child = Node | string | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false) continue;
    node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function m(key: string, params: Record<string, string | number> = {}): string {
  const template = state?.messages[key] ?? BEFORE_STATE[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

let uid = 0;
const nextId = (prefix: string) => `${prefix}-${++uid}`;

function status(text: string, kind: "ok" | "error" | "info" = "info"): HTMLElement {
  return h("p", { class: `status ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

function setStatus(box: HTMLElement, text: string, kind: "ok" | "error" | "info" = "info") {
  box.replaceChildren(status(text, kind));
}

function errorText(error: unknown, forbidden = "ui.error.forbidden"): string {
  const type = error instanceof ServerError ? error.type : "failed";
  if (type === "forbidden") return m(forbidden);
  // Google kept refusing for its per-minute limit: nothing was written, and what was typed is still here.
  if (type === "quota") return m("ui.quota.gaveUp");
  return m(`ui.error.${type}`, { tab: error instanceof ServerError ? error.tab : "" });
}

/** A form as the server sends it, with the school year it was opened in (sent back with the save). */
type InYear = { schoolYear: string };

function levelLabel(level: Level): string {
  return `${level} — ${m(`level.${level}`)}`;
}

/** Last school year's agreed level of a competency, shown beside this year's choice. */
function lastYearText(year: string, level: Level | null): string {
  return level === null ? m("ui.lastYear.none", { year }) : m("ui.lastYear", { year, level: levelLabel(level) });
}

function frameworkName(fw: FrameworkId): string {
  return m(`framework.${fw}.short`);
}

// ---- Layout -----------------------------------------------------------------------------------

function app(): HTMLElement {
  return document.getElementById("app")!;
}

async function load(): Promise<void> {
  state = await call<State>("state");
  document.documentElement.lang = state.lang;
  if (!state.views[view]) view = VIEWS.find((v) => state!.views[v]) ?? "own";
  render();
}

function render(): void {
  if (!state) return;
  const header = h(
    "header",
    {},
    h("h1", {}, m("product.name")),
    languageSwitch(),
  );
  const main = h("main", { id: "view", tabindex: "-1" });
  app().replaceChildren(header);
  if (state.district) {
    app().append(main);
    districtView(main);
    return;
  }
  const identity = state.identity;
  if (identity.kind === "pick") {
    app().append(main);
    main.append(pickView(identity));
    return;
  }
  if (identity.kind === "unknown") {
    app().append(main);
    main.append(h("h2", {}, m("ui.unknown.title")), h("p", {}, m("ui.unknown.text", { email: identity.email ?? "" })));
    return;
  }
  const views = VIEWS.filter((v) => state!.views[v]);
  if (views.length > 1) {
    const nav = h("nav", { "aria-label": m("ui.tabs.label") });
    for (const v of views) {
      const b = h("button", { type: "button", class: "tab", "aria-pressed": String(v === view) }, m(`ui.tabs.${v}`));
      b.addEventListener("click", () => {
        view = v;
        render();
      });
      nav.append(b);
    }
    app().append(nav);
  }
  app().append(h("p", { class: "who" }, identity.name ?? ""), main);
  if (view === "own") void ownView(main);
  else if (view === "portfolio") void portfolioView(main, identity.id ?? "");
  else if (view === "supervisor") void supervisorView(main);
  else void dashboardView(main);
}

function languageSwitch(): HTMLElement {
  const id = nextId("lang");
  const select = h("select", { id });
  for (const [value, label] of [["ky", "Кыргызча"], ["ru", "Русский"]] as const) {
    select.append(h("option", { value, selected: state?.lang === value }, label));
  }
  select.addEventListener("change", async () => {
    await call("setLang", select.value);
    await load();
  });
  return h("div", { class: "lang" }, h("label", { for: id }, m("ui.language")), select);
}

function pickView(identity: Identity): HTMLElement {
  const id = nextId("pick");
  const select = h("select", { id });
  for (const c of identity.candidates ?? []) select.append(h("option", { value: c.id }, `${c.name} (${c.id})`));
  const button = h("button", { type: "submit", class: "primary" }, m("ui.pick.confirm"));
  const box = h("div", {});
  const form = h("form", {}, h("h2", {}, m("ui.pick.title")), h("p", {}, m("ui.pick.text")), h("label", { for: id }, m("ui.pick.choose")), select, h("div", { class: "actions" }, button), box);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await callFrom(button, "pick", select.value);
      await load();
    } catch (error) {
      setStatus(box, errorText(error), "error");
    }
  });
  return form;
}

// ---- Shared pieces of the forms --------------------------------------------------------------

function descriptors(c: Competency): HTMLElement | null {
  if (!c.descriptors) return null;
  const block = h("details", { class: "descriptors" }, h("summary", {}, m("ui.descriptors")));
  for (const [key, items] of [["low", c.descriptors.low], ["mid", c.descriptors.mid], ["high", c.descriptors.high]] as const) {
    block.append(h("h4", {}, m(`ui.descriptors.${key}`)), h("ul", { lang: "ky" }, ...items.map((item) => h("li", {}, item))));
  }
  return block;
}

/** Three radio buttons for a level; returns the group and a reader of the chosen value. */
function levelChoice(name: string, current: Level | null, legend: string): { node: HTMLElement; value: () => Level | null } {
  const group = h("div", { class: "levels", role: "radiogroup", "aria-label": legend });
  const inputs: HTMLInputElement[] = [];
  for (const level of [1, 2, 3] as Level[]) {
    const id = nextId(name);
    const input = h("input", { type: "radio", name, id, value: String(level), checked: current === level });
    inputs.push(input);
    group.append(h("span", { class: "choice" }, input, h("label", { for: id }, levelLabel(level))));
  }
  return {
    node: group,
    value: () => {
      const checked = inputs.find((i) => i.checked);
      return checked ? (Number(checked.value) as Level) : null;
    },
  };
}

function commentBox(label: string, value: string): { node: HTMLElement; value: () => string } {
  const id = nextId("comment");
  const area = h("textarea", { id, rows: "2" });
  area.value = value;
  return { node: h("div", { class: "field" }, h("label", { for: id }, label), area), value: () => area.value };
}

function frameworkPicker(frameworks: FrameworkId[], current: FrameworkId, onChange: (fw: FrameworkId) => void): HTMLElement | null {
  if (frameworks.length < 2) return null;
  const id = nextId("fw");
  const select = h("select", { id });
  for (const fw of frameworks) select.append(h("option", { value: fw, selected: fw === current }, frameworkName(fw)));
  select.addEventListener("change", () => onChange(select.value as FrameworkId));
  return h("div", { class: "field" }, h("label", { for: id }, m("ui.framework")), select);
}

function progress(done: number, total: number): HTMLElement {
  return h("p", { class: "progress" }, h("progress", { max: String(total), value: String(done), "aria-hidden": "true" }), " ", m("ui.progress", { done, total }));
}

// ---- The person's own self-assessment ---------------------------------------------------------

let ownFramework: FrameworkId | null = null;

async function ownView(main: HTMLElement): Promise<void> {
  const frameworks = state!.identity.frameworks ?? [];
  ownFramework = ownFramework && frameworks.includes(ownFramework) ? ownFramework : frameworks[0];
  main.replaceChildren(status(m("ui.loading")));
  let form: OwnForm & InYear;
  try {
    form = await call<OwnForm & InYear>("ownForm", ownFramework);
  } catch (error) {
    main.replaceChildren(status(errorText(error), "error"));
    return;
  }
  const picker = frameworkPicker(frameworks, form.framework, (fw) => {
    ownFramework = fw;
    void ownView(main);
  });
  const box = h("div", { class: "status-box", "aria-live": "polite" });
  const readers: { n: string; level: () => Level | null; comment: () => string }[] = [];
  const list = h("div", {});
  for (const c of form.competencies) {
    const choice = levelChoice(`own-${c.n}`, c.level, `${c.n}. ${m("ui.level")}`);
    const comment = commentBox(m("ui.comment"), c.comment);
    readers.push({ n: c.n, level: choice.value, comment: comment.value });
    list.append(
      h(
        "fieldset",
        { class: "competency" },
        h("legend", {}, `${c.n}. ${c.text}`),
        c.translated ? h("p", { class: "note" }, m("ui.translation")) : null,
        descriptors(c),
        form.lastYear ? h("p", { class: "note" }, lastYearText(form.lastYear, c.lastYear)) : null,
        choice.node,
        c.invalid ? h("p", { class: "warn" }, m("ui.invalidCell", { value: c.invalid })) : null,
        comment.node,
      ),
    );
  }
  const needs = form.needs.map((value, i) => {
    const id = nextId("need");
    const input = h("input", { id, type: "text" });
    input.value = value;
    return { node: h("div", { class: "field" }, h("label", { for: id }, m("ui.need", { k: i + 1 })), input), value: () => input.value };
  });
  const needsBox = h("fieldset", { class: "competency" }, h("legend", {}, form.openDomain), ...needs.map((n) => n.node));
  const answers = form.questions.map((q) => questionBlock(q, q.id === "career" ? form.career : form.roles));
  const other = commentBox(m("ui.otherComments"), form.comment);
  const save = h("button", { type: "submit", class: "primary" }, m("ui.save"));
  const formNode = h("form", { "aria-label": form.title }, list, needsBox, ...answers.map((a) => a.node), other.node, h("div", { class: "actions sticky" }, save), box);
  formNode.addEventListener("input", () => setStatus(box, m("ui.unsaved")));
  formNode.addEventListener("submit", async (e) => {
    e.preventDefault();
    save.disabled = true;
    const payload = {
      levels: Object.fromEntries(readers.map((r) => [r.n, r.level()])),
      comments: Object.fromEntries(readers.map((r) => [r.n, r.comment()])),
      needs: needs.map((n) => n.value()),
      career: answers.find((a) => a.id === "career")?.value() ?? form.career,
      roles: answers.find((a) => a.id === "roles")?.value() ?? form.roles,
      comment: other.value(),
      schoolYear: form.schoolYear,
    };
    try {
      await callFrom(save, "saveOwn", form.framework, payload);
      const done = readers.filter((r) => r.level() !== null).length;
      progressBox.replaceChildren(progress(done, form.total));
      setStatus(box, m("ui.saved"), "ok");
    } catch (error) {
      setStatus(box, errorText(error), "error");
    } finally {
      save.disabled = false;
    }
  });
  const progressBox = h("div", {}, progress(form.done, form.total));
  main.replaceChildren(h("h2", {}, `${form.tool}. ${form.title}`), picker ?? "", progressBox, formNode);
}

/** The career question (one choice, or another written in) and the roles question (several choices). */
function questionBlock(q: OwnForm["questions"][number], current: string): { id: string; node: HTMLElement; value: () => string } {
  const set = h("fieldset", { class: "competency" }, h("legend", {}, q.text));
  if (q.id === "roles") {
    const chosen = current.split(";").map((s) => s.trim());
    const boxes = q.options.map((option) => {
      const id = nextId("role");
      const input = h("input", { type: "checkbox", id, value: option, checked: chosen.includes(option) });
      set.append(h("span", { class: "choice block" }, input, h("label", { for: id }, option)));
      return input;
    });
    return { id: q.id, node: set, value: () => boxes.filter((b) => b.checked).map((b) => b.value).join("; ") };
  }
  const name = nextId("career");
  const radios = q.options.map((option) => {
    const id = nextId(name);
    const input = h("input", { type: "radio", name, id, value: option, checked: current === option });
    set.append(h("span", { class: "choice block" }, input, h("label", { for: id }, option)));
    return input;
  });
  const otherId = nextId("other");
  const other = h("input", { type: "text", id: otherId });
  if (current && !q.options.includes(current)) other.value = current;
  if (q.allowOther) set.append(h("div", { class: "field" }, h("label", { for: otherId }, m("ui.other")), other));
  return {
    id: q.id,
    node: set,
    value: () => other.value.trim() || radios.find((r) => r.checked)?.value || "",
  };
}

// ---- The supervisor's view --------------------------------------------------------------------

async function supervisorView(main: HTMLElement): Promise<void> {
  main.replaceChildren(status(m("ui.loading")));
  let list: Supervisee[];
  try {
    list = await call<Supervisee[]>("supervisees");
  } catch (error) {
    main.replaceChildren(status(errorText(error), "error"));
    return;
  }
  const ul = h("ul", { class: "people" });
  for (const p of list) {
    for (const f of p.frameworks) {
      const button = h(
        "button",
        { type: "button", class: "person" },
        h("span", { class: "name" }, `${p.name} — ${frameworkName(f.framework)}`),
        h("span", { class: f.differences > 0 ? "meta diff" : "meta" }, m("ui.sup.status", { self: f.selfMissing, sup: f.supervisorMissing, diff: f.differences })),
      );
      button.addEventListener("click", () => void superviseeView(main, p, f.framework));
      ul.append(h("li", {}, button));
    }
  }
  main.replaceChildren(...(state!.observe ? [leadershipActions(main)] : []), h("h2", {}, m("ui.sup.list")), list.length ? ul : h("p", {}, m("ui.sup.none")));
}

/** What the завуч and the director do beyond rating: observe a lesson, look through the portfolios. */
function leadershipActions(main: HTMLElement): HTMLElement {
  const observe = h("button", { type: "button", class: "primary" }, m("ui.obs.open"));
  observe.addEventListener("click", () => void observationView(main));
  const portfolios = h("button", { type: "button" }, m("ui.pf.list"));
  portfolios.addEventListener("click", () => void portfolioListView(main));
  return h("div", { class: "actions column" }, observe, portfolios);
}

async function superviseeView(main: HTMLElement, person: Supervisee, fw: FrameworkId): Promise<void> {
  main.replaceChildren(status(m("ui.loading")));
  let form: SuperviseeForm & InYear;
  try {
    form = await call<SuperviseeForm & InYear>("superviseeForm", person.id, fw);
  } catch (error) {
    main.replaceChildren(status(errorText(error), "error"));
    return;
  }
  const back = h("button", { type: "button", class: "link" }, m("ui.sup.back"));
  back.addEventListener("click", () => void supervisorView(main));
  const ratingsBox = h("div", { class: "status-box", "aria-live": "polite" });
  const readers: { n: string; level: () => Level | null; comment: () => string }[] = [];
  const ratings = h("form", { "aria-label": m("ui.sup.yourLevel") });
  for (const c of form.competencies) {
    const choice = levelChoice(`sup-${c.n}`, c.level, `${c.n}. ${m("ui.sup.yourLevel")}`);
    const comment = commentBox(m("ui.comment"), c.comment);
    const diff = h("p", { class: "difference" });
    const showDiff = () => {
      const own = choice.value();
      diff.className = "difference";
      diff.textContent = "";
      if (own === null || c.self === null || own === c.self) return;
      const d = own - c.self;
      diff.className = `difference ${d > 0 ? "higher" : "lower"}${Math.abs(d) === 2 ? " strong" : ""}`;
      diff.textContent = d > 0 ? m("ui.sup.higher", { d }) : m("ui.sup.lower", { d });
    };
    choice.node.addEventListener("change", showDiff);
    showDiff();
    readers.push({ n: c.n, level: choice.value, comment: comment.value });
    ratings.append(
      h(
        "fieldset",
        { class: "competency" },
        h("legend", {}, `${c.n}. ${c.text}`),
        c.translated ? h("p", { class: "note" }, m("ui.translation")) : null,
        descriptors(c),
        h("p", { class: "self" }, `${m("ui.sup.selfLevel")}: `, h("strong", {}, c.self ? levelLabel(c.self) : m("ui.sup.notRated"))),
        choice.node,
        diff,
        c.invalid ? h("p", { class: "warn" }, m("ui.invalidCell", { value: c.invalid })) : null,
        comment.node,
      ),
    );
  }
  const saveRatings = h("button", { type: "submit", class: "primary" }, m("ui.sup.save"));
  ratings.append(h("div", { class: "actions" }, saveRatings), ratingsBox);
  ratings.addEventListener("submit", async (e) => {
    e.preventDefault();
    saveRatings.disabled = true;
    try {
      await callFrom(saveRatings, "saveSupervisor", person.id, fw, {
        levels: Object.fromEntries(readers.map((r) => [r.n, r.level()])),
        comments: Object.fromEntries(readers.map((r) => [r.n, r.comment()])),
        schoolYear: form.schoolYear,
      });
      setStatus(ratingsBox, m("ui.saved"), "ok");
    } catch (error) {
      setStatus(ratingsBox, errorText(error), "error");
    } finally {
      saveRatings.disabled = false;
    }
  });

  // After the discussion: agreed levels and priorities.
  const agreeBox = h("div", { class: "status-box", "aria-live": "polite" });
  const agreement = h("form", { class: "agreement", "aria-label": m("ui.agree.title") }, h("h3", {}, m("ui.agree.title")));
  const agreed: { n: string; select: HTMLSelectElement; priority: HTMLInputElement }[] = [];
  for (const c of form.competencies) {
    const selectId = nextId("agreed");
    const select = h("select", { id: selectId });
    select.append(h("option", { value: "" }, c.agreed && !c.agreedRecorded ? `${c.agreed} — ${m("ui.agree.auto")}` : "—"));
    for (const level of [1, 2, 3] as Level[]) select.append(h("option", { value: String(level), selected: c.agreedRecorded && c.agreed === level }, levelLabel(level)));
    const priorityId = nextId("priority");
    const priority = h("input", { type: "checkbox", id: priorityId, checked: c.priority });
    agreed.push({ n: c.n, select, priority });
    const differs = c.self !== null && c.level !== null && c.self !== c.level;
    agreement.append(
      h(
        "div",
        { class: `agree-row${differs ? " differs" : ""}` },
        h("label", { for: selectId, class: "n" }, `${c.n}. ${m("ui.agree.level")}${differs ? ` (${c.self} / ${c.level})` : ""}`),
        select,
        h("span", { class: "choice" }, priority, h("label", { for: priorityId }, m("ui.agree.priority"))),
      ),
    );
  }
  const limit = () => {
    const count = agreed.filter((a) => a.priority.checked).length;
    for (const a of agreed) a.priority.disabled = !a.priority.checked && count >= MAX_PRIORITIES;
  };
  agreement.addEventListener("change", limit);
  limit();
  const saveAgreement = h("button", { type: "submit", class: "primary" }, m("ui.agree.save"));
  agreement.append(h("div", { class: "actions" }, saveAgreement), agreeBox);
  agreement.addEventListener("submit", async (e) => {
    e.preventDefault();
    const priorities = agreed.filter((a) => a.priority.checked).map((a) => a.n);
    if (priorities.length > MAX_PRIORITIES) {
      setStatus(agreeBox, m("ui.agree.tooMany"), "error");
      return;
    }
    saveAgreement.disabled = true;
    try {
      await callFrom(saveAgreement, "saveAgreement", person.id, fw, {
        agreed: Object.fromEntries(agreed.map((a) => [a.n, a.select.value ? (Number(a.select.value) as Level) : null])),
        priorities,
        schoolYear: form.schoolYear,
      });
      setStatus(agreeBox, m("ui.saved"), "ok");
    } catch (error) {
      setStatus(agreeBox, errorText(error), "error");
    } finally {
      saveAgreement.disabled = false;
    }
  });

  main.replaceChildren(back, h("h2", {}, `${person.name} — ${frameworkName(fw)} (${form.tool})`), progress(form.done, form.total), ratings, agreement);
  main.focus();
}

// ---- Observing a lesson (tool 1.1, the leadership) ----------------------------------------------

type Grade = ObservationFormData["grades"][number]["key"];
type ObservedAnswer = ObservationFormData["answers"][number]["key"];

/** A group of radio buttons in a fieldset; returns it, its first input and a reader of the choice. */
function radioGroup<K extends string>(legend: string, options: { key: K; label: string }[], className: string): { node: HTMLFieldSetElement; first: HTMLInputElement; value: () => K | null; clear: () => void } {
  const name = nextId("radio");
  const choices = h("div", { class: "options" });
  const set = h("fieldset", { class: className }, h("legend", {}, legend), choices);
  const inputs = options.map((o) => {
    const id = nextId(name);
    const input = h("input", { type: "radio", name, id, value: o.key });
    choices.append(h("span", { class: "choice" }, input, h("label", { for: id }, o.label)));
    return input;
  });
  return {
    node: set,
    first: inputs[0],
    value: () => (inputs.find((i) => i.checked)?.value as K | undefined) ?? null,
    clear: () => inputs.forEach((i) => (i.checked = false)),
  };
}

function textField(label: string, attrs: Record<string, string | boolean> = {}): { node: HTMLElement; input: HTMLInputElement } {
  const id = nextId("field");
  const input = h("input", { type: "text", id, ...attrs });
  return { node: h("div", { class: "field" }, h("label", { for: id }, label), input), input };
}

/** Who was observed and the lesson: teacher, date, class, subject (the teacher's first by default), topic. */
function lessonFields(form: ObservationFormData) {
  const teacherId = nextId("teacher");
  const teacher = h("select", { id: teacherId }, h("option", { value: "" }, m("ui.obs.chooseTeacher")));
  for (const t of form.teachers) teacher.append(h("option", { value: t.id }, `${t.name} (${t.id})`));
  const date = textField(m("ui.obs.date"), { type: "date", value: form.today, max: form.today, required: true });
  const className = textField(m("ui.obs.class"), { maxlength: "200", autocomplete: "off" });
  const subject = textField(m("ui.obs.subject"), { maxlength: "200", autocomplete: "off" });
  const topic = textField(m("ui.obs.topic"), { autocomplete: "off" });
  teacher.addEventListener("change", () => {
    subject.input.value = form.teachers.find((t) => t.id === teacher.value)?.subjects[0] ?? "";
  });
  const node = h(
    "fieldset",
    { class: "competency" },
    h("legend", {}, m("ui.obs.lesson")),
    h("div", { class: "field" }, h("label", { for: teacherId }, m("ui.obs.teacher")), teacher),
    date.node,
    className.node,
    subject.node,
    topic.node,
  );
  return { node, teacher, date: date.input, className: className.input, subject: subject.input, topic: topic.input };
}

/** One section of the form: its checkbox in the chooser, and its grade and questions, shown when chosen. */
function observedSection(section: ObservationFormData["sections"][number], form: ObservationFormData) {
  const checkId = nextId("section");
  const check = h("input", { type: "checkbox", id: checkId, value: section.id });
  const choice = h("span", { class: "choice block" }, check, h("label", { for: checkId }, `${section.label} ${section.title}`));
  const grade = radioGroup<Grade>(m("ui.obs.grade"), form.grades, "grade");
  const questions = section.questions.map((q) => ({ id: q.id, group: radioGroup<ObservedAnswer>(`${q.id}. ${q.text}`, form.answers, "question") }));
  const node = h("fieldset", { class: "competency observed", "data-section": section.id, hidden: true }, h("legend", {}, `${section.label} ${section.title}`), grade.node, ...questions.map((q) => q.group.node));
  const sync = () => (node.hidden = !check.checked);
  check.addEventListener("change", sync);
  return {
    id: section.id,
    label: section.label,
    check,
    choice,
    node,
    grade,
    answers: () => Object.fromEntries(questions.flatMap((q) => (q.group.value() ? [[q.id, q.group.value()!]] : []))),
    reset: () => {
      check.checked = false;
      grade.clear();
      questions.forEach((q) => q.group.clear());
      sync();
    },
  };
}

async function observationView(main: HTMLElement): Promise<void> {
  const back = h("button", { type: "button", class: "link" }, m("ui.sup.back"));
  back.addEventListener("click", () => void supervisorView(main));
  main.replaceChildren(back, status(m("ui.loading")));
  let form: ObservationFormData;
  try {
    form = await call<ObservationFormData>("observationForm");
  } catch (error) {
    main.replaceChildren(back, status(errorText(error, "ui.obs.forbidden"), "error"));
    return;
  }
  const lesson = lessonFields(form);
  const sections = form.sections.map((s) => observedSection(s, form));
  const chooser = h(
    "fieldset",
    { class: "competency" },
    h("legend", {}, m("ui.obs.sections")),
    h("p", { class: "note" }, m("ui.obs.sectionsHint")),
    ...sections.map((s) => s.choice),
  );
  const strengths = commentBox(m("col.strengths"), "");
  const advice = commentBox(m("col.advice"), "");
  const box = h("div", { class: "status-box", "aria-live": "polite" });
  const save = h("button", { type: "submit", class: "primary" }, m("ui.obs.save"));
  const formNode = h(
    "form",
    { "aria-label": form.title, novalidate: true },
    lesson.node,
    chooser,
    ...sections.map((s) => s.node),
    h("fieldset", { class: "competency" }, h("legend", {}, m("ui.obs.comments")), strengths.node, advice.node),
    h("div", { class: "actions sticky" }, save),
    box,
  );
  formNode.addEventListener("input", () => setStatus(box, m("ui.unsaved")));
  /** The first thing the user must fix, said and focused; null when the observation can be saved. */
  const problem = (): { text: string; focus: HTMLElement } | null => {
    if (!lesson.teacher.value) return { text: m("ui.obs.noTeacher"), focus: lesson.teacher };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(lesson.date.value) || lesson.date.value > form.today) return { text: m("ui.obs.badDate"), focus: lesson.date };
    const chosen = sections.filter((s) => s.check.checked);
    if (chosen.length === 0) return { text: m("ui.obs.noSection"), focus: sections[0].check };
    const ungraded = chosen.find((s) => s.grade.value() === null);
    return ungraded ? { text: m("ui.obs.noGrade", { section: ungraded.label }), focus: ungraded.grade.first } : null;
  };
  formNode.addEventListener("submit", async (e) => {
    e.preventDefault();
    const wrong = problem();
    if (wrong) {
      setStatus(box, wrong.text, "error");
      wrong.focus.focus();
      return;
    }
    const chosen = sections.filter((s) => s.check.checked);
    const payload: ObservationPayload = {
      teacherId: lesson.teacher.value,
      date: lesson.date.value,
      className: lesson.className.value,
      subject: lesson.subject.value,
      topic: lesson.topic.value,
      sections: chosen.map((s) => s.id),
      answers: Object.assign({}, ...chosen.map((s) => s.answers())),
      grades: Object.fromEntries(chosen.map((s) => [s.id, s.grade.value()!])),
      strengths: strengths.value(),
      advice: advice.value(),
    };
    save.disabled = true;
    try {
      await callFrom(save, "saveObservation", payload);
      const name = form.teachers.find((t) => t.id === payload.teacherId)?.name ?? payload.teacherId;
      formNode.reset();
      sections.forEach((s) => s.reset());
      setStatus(box, m("ui.obs.saved", { name, date: payload.date }), "ok");
    } catch (error) {
      setStatus(box, errorText(error, "ui.obs.forbidden"), "error");
    } finally {
      save.disabled = false;
    }
  });
  const guide = h("details", { class: "descriptors" }, h("summary", {}, m("ui.obs.instructions")), h("p", {}, form.instructions));
  main.replaceChildren(back, h("h2", {}, `${form.tool}. ${form.title}`), form.translated ? h("p", { class: "note" }, m("ui.translation")) : "", guide, formNode);
  main.focus();
}

// ---- The portfolio checklist (tool 1.3, each teacher their own) ------------------------------------

/** The leadership's list of teachers, each with how much of their portfolio is missing. */
async function portfolioListView(main: HTMLElement): Promise<void> {
  const back = h("button", { type: "button", class: "link" }, m("ui.sup.back"));
  back.addEventListener("click", () => void supervisorView(main));
  main.replaceChildren(back, status(m("ui.loading")));
  let list: { id: string; name: string; missing: number }[];
  try {
    list = await call("portfolios");
  } catch (error) {
    main.replaceChildren(back, status(errorText(error), "error"));
    return;
  }
  const ul = h("ul", { class: "people" });
  for (const t of list) {
    const button = h(
      "button",
      { type: "button", class: "person" },
      h("span", { class: "name" }, `${t.name} (${t.id})`),
      h("span", { class: "meta" }, t.missing === 0 ? m("ui.pf.done") : m("ui.pf.left", { count: t.missing })),
    );
    button.addEventListener("click", () => void portfolioView(main, t.id, () => void portfolioListView(main)));
    ul.append(h("li", {}, button));
  }
  main.replaceChildren(back, h("h2", {}, m("ui.pf.list")), ul);
  main.focus();
}

async function portfolioView(main: HTMLElement, personId: string, onBack?: () => void): Promise<void> {
  const back = onBack ? h("button", { type: "button", class: "link" }, m("ui.sup.back")) : null;
  back?.addEventListener("click", onBack!);
  main.replaceChildren(...(back ? [back] : []), status(m("ui.loading")));
  let form: PortfolioForm;
  try {
    form = await call<PortfolioForm>("portfolioForm", personId);
  } catch (error) {
    main.replaceChildren(...(back ? [back] : []), status(errorText(error, "ui.pf.forbidden"), "error"));
    return;
  }
  // `saved`: what the tab holds as far as this form knows; only items changed since are sent, so a
  // link typed in the grid meanwhile (or a rich link the form only sees as text) is left alone.
  const items: { id: string; optional: boolean; input: HTMLInputElement; saved: string }[] = [];
  const sections = form.sections.map((s) => {
    const set = h("fieldset", { class: "competency" }, h("legend", {}, `${s.label} ${s.title}`));
    for (const item of s.items) {
      const id = nextId("item");
      const input = h("input", { type: "text", id, inputmode: "url", autocomplete: "off", readonly: form.readOnly, "aria-describedby": item.optional ? `${id}-optional` : false });
      input.value = item.value;
      items.push({ id: item.id, optional: item.optional, input, saved: item.value });
      set.append(
        h(
          "div",
          { class: "field item" },
          h("label", { for: id }, `${item.id} ${item.text}`),
          item.optional ? h("span", { class: "note", id: `${id}-optional` }, m("ui.pf.optional")) : null,
          input,
        ),
      );
    }
    return set;
  });
  const counter = h("div", {});
  const count = (missing: number) => counter.replaceChildren(missingCount(missing, form.required));
  count(form.missing);
  const box = h("div", { class: "status-box", "aria-live": "polite" });
  const save = h("button", { type: "submit", class: "primary" }, m("ui.pf.save"));
  const formNode = h("form", { "aria-label": form.title }, ...sections, form.readOnly ? null : h("div", { class: "actions sticky" }, save), box);
  formNode.addEventListener("input", () => {
    count(items.filter((i) => !i.optional && i.input.value.trim() === "").length);
    setStatus(box, m("ui.unsaved"));
  });
  formNode.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (form.readOnly) return;
    save.disabled = true;
    try {
      const changed = items.filter((i) => i.input.value !== i.saved);
      const saved = await callFrom<{ missing: number }>(save, "savePortfolio", form.personId, Object.fromEntries(changed.map((i) => [i.id, i.input.value])));
      for (const i of changed) i.saved = i.input.value;
      count(saved.missing);
      setStatus(box, m("ui.saved"), "ok");
    } catch (error) {
      setStatus(box, errorText(error, "ui.pf.forbidden"), "error");
    } finally {
      save.disabled = false;
    }
  });
  main.replaceChildren(
    ...(back ? [back] : []),
    h("h2", {}, `${form.tool}. ${form.title}${form.readOnly ? ` — ${form.name}` : ""}`),
    form.translated ? h("p", { class: "note" }, m("ui.translation")) : "",
    h("p", { class: "help" }, form.readOnly ? m("ui.pf.readOnly") : m("ui.pf.help")),
    counter,
    formNode,
  );
}

function missingCount(missing: number, total: number): HTMLElement {
  const text = missing === 0 ? m("ui.pf.complete") : m("ui.pf.missing", { count: missing, total });
  return h("p", { class: missing === 0 ? "progress done" : "progress" }, h("progress", { max: String(total), value: String(total - missing), "aria-hidden": "true" }), " ", h("span", { class: "count" }, text));
}

// ---- The завуч's dashboard --------------------------------------------------------------------

/** A result to show on the overview once the panel has been loaded again (after a new school year). */
let carriedNotice: { text: string; kind: "ok" | "error" | "info" } | null = null;

async function dashboardView(main: HTMLElement, notice?: { text: string; kind: "ok" | "error" | "info" }): Promise<void> {
  notice ??= carriedNotice ?? undefined;
  carriedNotice = null;
  main.replaceChildren(status(m("ui.loading")));
  let steps: Step[];
  let hint: MessageKey | null = null;
  let offer: NewYearOffer;
  try {
    const answer = await call<{ steps: Step[]; notice: MessageKey | null; newYear: NewYearOffer }>("dashboard");
    steps = answer.steps;
    hint = answer.notice;
    offer = answer.newYear;
  } catch (error) {
    main.replaceChildren(status(errorText(error), "error"));
    return;
  }
  const list = h("ol", { class: "steps" });
  for (const step of steps) {
    const counted = step.key === "invalid" || step.key === "unresolved" ? String(step.total) : `${step.done} / ${step.total}`;
    const item = h(
      "li",
      { class: step.ok ? "ok" : "todo", "data-step": step.key },
      h("span", { class: "step-name" }, m(`ui.step.${step.key}`)),
      h("span", { class: "step-count" }, step.ok ? `✓ ${m("ui.step.ok")}` : counted),
    );
    if (step.left.length > 0) {
      const details = h("details", {}, h("summary", {}, m("ui.step.left", { count: step.left.length })));
      const ul = h("ul", {});
      for (const left of step.left) {
        if (left.tab && left.cell) {
          const go = h("button", { type: "button", class: "link" }, left.text);
          go.addEventListener("click", () => void call("goTo", left.tab, left.cell));
          ul.append(h("li", {}, go));
        } else ul.append(h("li", {}, left.text));
      }
      details.append(ul);
      item.append(details);
    }
    list.append(item);
  }
  const box = h("div", { class: "status-box", "aria-live": "polite" }, notice ? status(notice.text, notice.kind) : null);
  const action = (label: string, run: (button: HTMLButtonElement) => Promise<{ text: string; kind: "ok" | "error" | "info" }>, primary = false) => {
    const b = h("button", { type: "button", class: primary ? "primary" : "" }, label);
    b.addEventListener("click", async () => {
      b.disabled = true;
      try {
        await dashboardView(main, await run(b));
      } catch (error) {
        setStatus(box, errorText(error), "error");
      } finally {
        b.disabled = false;
      }
    });
    return b;
  };
  const summary = (r: { problems: number; disagreements: number; missing: number }) => ({ text: m("check.summary", r), kind: "info" as const });
  const generated = (r: { unresolved?: number; tabs?: string[] }) =>
    r.unresolved !== undefined
      ? { text: m("ui.dash.unresolved", { count: r.unresolved }), kind: "error" as const }
      : { text: m("generate.done", { tabs: (r.tabs ?? []).join(", ") }), kind: "ok" as const };
  const emailsId = nextId("emails");
  const emails = h("input", { id: emailsId, type: "text", inputmode: "email" });
  const exportButton = action(m("menu.export"), async (b) => {
    const r = await callFrom<{ url?: string; unresolved?: number; badEmail?: string; xlsxUrl?: string; pdfUrl?: string; notShared?: string[] }>(b, "exportApplication", emails.value);
    if (r.badEmail) return { text: m("export.badEmail", { value: r.badEmail }), kind: "error" };
    if (r.unresolved !== undefined) return { text: m("ui.dash.unresolved", { count: r.unresolved }), kind: "error" };
    exported = r;
    return { text: m("export.done"), kind: "ok" };
  });
  const links = h("div", {});
  if (exported) {
    for (const [href, label] of [[exported.url, "export.open"], [exported.xlsxUrl, "export.xlsx"], [exported.pdfUrl, "export.pdf"]] as const) {
      if (href) links.append(h("p", {}, h("a", { href, target: "_blank", rel: "noopener" }, m(label))));
    }
    // Whom the file could not be shared with (a domain may forbid sharing outside it): they get the file by the links above.
    if (exported.notShared?.length) links.append(h("p", { class: "status error", "data-not-shared": "" }, m("export.notShared", { emails: exported.notShared.join(", ") })));
  }
  const refresh = h("button", { type: "button", class: "link" }, m("ui.dash.refresh"));
  refresh.addEventListener("click", () => void dashboardView(main));
  main.replaceChildren(
    h("h2", {}, m("ui.dash.title")),
    ...(hint ? [h("p", { class: "status info", "data-notice": hint }, m(hint))] : []),
    list,
    refresh,
    h("h3", {}, m("ui.dash.actions")),
    h(
      "div",
      { class: "actions column" },
      action(m("menu.check"), async (b) => summary(await callFrom(b, "run", "check")), true),
      action(m("menu.setup"), async (b) => {
        const r = await callFrom<{ tabs: number; protectedRanges?: number | null }>(b, "run", "setup");
        const protection = r.protectedRanges === undefined ? "" : r.protectedRanges === null ? m("setup.noSheetsApi") : m("setup.protected", { count: r.protectedRanges });
        return { text: [m("setup.done", { tabs: r.tabs }), protection].filter(Boolean).join(" "), kind: "ok" };
      }),
      action(m("menu.generate"), async (b) => generated(await callFrom(b, "run", "generate"))),
      action(m("menu.generateProvisional"), async (b) => generated(await callFrom(b, "run", "generateProvisional"))),
    ),
    h("div", { class: "field" }, h("label", { for: emailsId }, m("ui.dash.emails")), emails),
    h("div", { class: "actions" }, exportButton),
    links,
    box,
    newYearSection(offer),
  );
}

/**
 * Starting the next school year: folded away, since it is pressed once a year, and asked twice
 * (the button, then a confirmation saying what is archived and cleared) as the menu does.
 */
function newYearSection(offer: NewYearOffer): HTMLElement {
  const box = h("div", { class: "status-box", "aria-live": "polite" });
  const section = h("details", { class: "new-year" }, h("summary", {}, m("menu.newYear")));
  if (offer.to === null || offer.confirm === null) {
    section.append(h("p", { class: "status info" }, offer.blocked ?? ""));
    return section;
  }
  const to = offer.to;
  const start = h("button", { type: "button" }, m("ui.newYear.start", { from: offer.from, to }));
  const confirmBox = h("div", { class: "confirm", hidden: true, role: "group", "aria-label": m("menu.newYear") });
  const yes = h("button", { type: "button", class: "primary" }, m("ui.newYear.yes", { to }));
  const no = h("button", { type: "button" }, m("ui.newYear.no"));
  confirmBox.append(h("p", {}, offer.confirm), h("div", { class: "actions" }, yes, no));
  start.addEventListener("click", () => {
    start.hidden = true;
    confirmBox.hidden = false;
    yes.focus();
  });
  no.addEventListener("click", () => {
    confirmBox.hidden = true;
    start.hidden = false;
    setStatus(box, m("newYear.cancelled"), "info");
    start.focus();
  });
  yes.addEventListener("click", async () => {
    yes.disabled = no.disabled = true;
    try {
      const r = await callFrom<{ started: boolean; text: string }>(yes, "newYear", to);
      if (!r.started) {
        setStatus(box, r.text, "error");
        return;
      }
      // Every form now belongs to the new year: the whole panel is loaded again, the result on the overview.
      carriedNotice = { text: r.text, kind: "ok" };
      await load();
    } catch (error) {
      setStatus(box, errorText(error), "error");
    } finally {
      yes.disabled = no.disabled = false;
    }
  });
  section.append(h("p", {}, m("ui.newYear.help", { from: offer.from })), start, confirmBox, box);
  return section;
}

let exported: { url?: string; xlsxUrl?: string; pdfUrl?: string; notShared?: string[] } | null = null;

// ---- A district spreadsheet: gathering the schools' applications ---------------------------------

function districtView(main: HTMLElement): void {
  let running = false;
  const bar = h("progress", { max: "1", value: "0", "aria-hidden": "true" });
  const count = h("span", {}, "");
  const box = h("div", { class: "status-box", "aria-live": "polite" });
  const start = h("button", { type: "button", class: "primary" }, m("ui.district.start"));
  const restart = h("button", { type: "button" }, m("ui.district.restart"));
  const stop = h("button", { type: "button", disabled: true }, m("ui.district.stop"));
  const show = (r: StepResult) => {
    bar.max = Math.max(1, r.total);
    bar.value = r.next;
    count.textContent = m("district.sheet.progress", { done: r.next, total: r.total });
  };
  const waitForQuota = async (ms: number) => {
    setStatus(box, m("ui.district.wait", { seconds: Math.ceil(ms / 1000) }));
    await pause(ms);
  };
  // Each call is one chunk, well under Apps Script's six minutes; the cursor is kept on the server.
  const run = async (fromStart: boolean) => {
    running = true;
    start.disabled = restart.disabled = true;
    stop.disabled = false;
    let first = fromStart;
    try {
      for (;;) {
        const r = await call<StepResult>("districtStep", first);
        if (r.waiting) {
          // The Sheets API's per-minute quota is used up: wait as asked, then go on.
          await waitForQuota(r.waitMs);
          if (!running) break;
          continue;
        }
        first = false;
        show(r);
        if (r.total === 0) {
          setStatus(box, m("ui.district.none", { tab: "Мектептер" }), "error");
          break;
        }
        if (r.done) {
          setStatus(box, m("ui.district.done", { schools: r.schools, errors: r.errors, tab: "Мектептер" }), r.errors ? "error" : "ok");
          break;
        }
        if (r.waitMs > 0) await waitForQuota(r.waitMs);
        if (!running) break;
      }
    } catch (error) {
      setStatus(box, errorText(error), "error");
    } finally {
      running = false;
      start.disabled = restart.disabled = false;
      stop.disabled = true;
    }
  };
  start.addEventListener("click", () => void run(false));
  restart.addEventListener("click", () => void run(true));
  stop.addEventListener("click", () => {
    running = false;
  });
  main.replaceChildren(h("h2", {}, m("ui.district.title")), h("p", {}, m("ui.district.help", { tab: "Мектептер" })), h("p", { class: "progress" }, bar, " ", count), h("div", { class: "actions" }, start, restart, stop), box);
}

load().catch((error) => {
  app().replaceChildren(status(errorText(error), "error"));
});
export {};
