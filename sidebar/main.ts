/**
 * The sidebar page. It talks to the server only through google.script.run, and puts every piece of
 * data on the page with textContent, never innerHTML.
 */
interface State {
  lang: "ky" | "ru";
  messages: Record<string, string>;
  problems: number;
  disagreements: number;
  missing: number;
  people: number;
}

type Answer = { status: "success"; [k: string]: unknown } | { status: "error"; type: string; message?: string };

interface ScriptRun {
  withSuccessHandler(f: (value: unknown) => void): ScriptRun;
  withFailureHandler(f: (error: Error) => void): ScriptRun;
  [fn: string]: unknown;
}
declare const google: { script: { run: ScriptRun } };

let state: State | null = null;

function call(fn: string, ...args: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const runner = google.script.run.withSuccessHandler(resolve).withFailureHandler(reject);
    (runner[fn] as (...a: unknown[]) => void)(...args);
  });
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function m(key: string, params: Record<string, string | number> = {}): string {
  const template = state?.messages[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (w, name: string) => (name in params ? String(params[name]) : w));
}

function render(notice?: string) {
  const app = document.getElementById("app")!;
  app.replaceChildren();
  if (!state) return;
  document.documentElement.lang = state.lang;
  app.append(el("h1", {}, m("product.name")));
  const stats: [string, number, boolean][] = [
    [m("tab.check.problems", { count: "" }).replace(/[:：]\s*$/, ""), state.problems, state.problems > 0],
    [m("tab.check.disagreements", { count: "" }).replace(/[:：]\s*$/, ""), state.disagreements, false],
    [m("tab.check.missing", { count: "" }).replace(/[:：]\s*$/, ""), state.missing, false],
  ];
  for (const [label, value, bad] of stats) {
    const row = el("div", { class: "stat" });
    row.append(el("span", {}, label), el("strong", { class: bad ? "bad" : "ok" }, String(value)));
    app.append(row);
  }
  const buttons = el("div", { class: "row" });
  const check = el("button", { class: "primary", type: "button" }, m("menu.check"));
  const setup = el("button", { type: "button" }, m("menu.setup"));
  check.addEventListener("click", () => runAction("check"));
  setup.addEventListener("click", () => runAction("setup"));
  buttons.append(check, setup);
  app.append(el("h2", {}, ""), buttons);

  const langRow = el("div", { class: "row" });
  const label = el("label", { for: "lang" }, "Тил / Язык");
  const select = el("select", { id: "lang" });
  for (const [value, text] of [["ky", "Кыргызча"], ["ru", "Русский"]]) {
    const option = el("option", { value }, text);
    if (value === state.lang) option.selected = true;
    select.append(option);
  }
  select.addEventListener("change", async () => {
    await call("sidebarSetLang", select.value);
    await load();
  });
  langRow.append(label, select);
  app.append(el("h2", {}, ""), langRow);
  if (notice) app.append(el("div", { class: "notice", role: "status" }, notice));
}

async function runAction(action: "check" | "setup") {
  const answer = (await call("sidebarRun", action)) as Answer;
  if (answer.status === "error") {
    render(answer.type === "busy" ? m("lock.busy") : String(answer.message ?? answer.type));
    return;
  }
  await load(
    action === "setup"
      ? m("setup.done", { tabs: Number(answer.tabs ?? 0) })
      : m("check.summary", {
          problems: Number(answer.problems ?? 0),
          disagreements: Number(answer.disagreements ?? 0),
          missing: Number(answer.missing ?? 0),
        }),
  );
}

async function load(notice?: string) {
  state = (await call("sidebarGetState")) as State;
  render(notice);
}

load().catch((error: Error) => {
  const app = document.getElementById("app")!;
  app.replaceChildren(el("p", { class: "notice" }, error.message));
});
