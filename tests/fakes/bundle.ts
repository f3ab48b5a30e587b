/**
 * The built Apps Script bundle (dist/Code.js, or the add-on's) in node:vm over the fakes, run as
 * Apps Script runs it: each top-level function a test calls is one execution, started in its
 * context — doGet and privateCall in the web app, logEdit by its trigger, every other one from the
 * spreadsheet (a menu, the sidebar) — and its `new Date()` reads the fakes' clock.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import type { ExecutionContext, GasEnvironment } from "./gas";

export type Bundle = Record<string, (...args: unknown[]) => unknown>;

const ROOT = join(__dirname, "../..");
const cache = new Map<string, string>();

/**
 * The built bundle of a target: the template's dist/Code.js or the add-on's dist-addon/Code.js (or
 * the files UKOO_BUNDLE_TEMPLATE / UKOO_BUNDLE_ADDON name: to run a suite against another build,
 * such as an earlier commit's, and see what it fails).
 */
export function bundleCode(target: "template" | "addon" = "template"): string {
  const other = target === "addon" ? process.env.UKOO_BUNDLE_ADDON : process.env.UKOO_BUNDLE_TEMPLATE;
  const file = other ?? (target === "addon" ? join(ROOT, "dist-addon/Code.js") : join(ROOT, "dist/Code.js"));
  let code = cache.get(file);
  if (code === undefined) cache.set(file, (code = readFileSync(file, "utf8")));
  return code;
}

/** The entry points Google starts outside the spreadsheet's own UI. */
const WEB_APP = new Set(["doGet", "privateCall", "webAppSelfTest"]);
const TRIGGERS = new Set(["logEdit"]);

export function contextOf(name: string): ExecutionContext {
  return WEB_APP.has(name) ? "webapp" : TRIGGERS.has(name) ? "trigger" : "container";
}

/** A Date whose now is the fakes' clock; every date made from a value is an ordinary Date. */
function clockDate(env: GasEnvironment): DateConstructor {
  return new Proxy(Date, {
    construct(target, args: unknown[]) {
      return args.length === 0 ? new target(env.clock.now()) : new (target as unknown as new (...a: unknown[]) => Date)(...args);
    },
    apply(target) {
      return new target(env.clock.now()).toString();
    },
    get(target, prop, receiver) {
      if (prop === "now") return () => env.clock.now();
      return Reflect.get(target, prop, receiver);
    },
  });
}

/**
 * Loads `code` with the fake's globals. A function a test calls through the returned object runs
 * as an execution in its context; `runsAs` gives a trigger's installer (else the one who installed
 * the edit trigger on this spreadsheet, if any).
 */
export function loadBundle(env: GasEnvironment, code: string = bundleCode(env.target), extra: Record<string, unknown> = {}): Bundle {
  const context = vm.createContext({ ...env.globals(), console, Date: clockDate(env), ...extra });
  vm.runInContext(code, context, { filename: "Code.js" });
  // The generated top-level stubs are what Google can call.
  const entries = new Set([...code.matchAll(/^function (\w+)\(/gm)].map((m) => m[1]));
  return new Proxy(context as unknown as Bundle, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== "string" || typeof value !== "function" || !entries.has(prop)) return value;
      return (...args: unknown[]) => {
        const where = contextOf(prop);
        const installer = where === "trigger" ? (env.triggers.find((t) => t.handler === prop && t.sourceId === env.spreadsheet.id && (!isEvent(args[0]) || !args[0].triggerUid || t.uid === args[0].triggerUid))?.owner ?? undefined) : undefined;
        return env.execute(where, () => value(...args), installer);
      };
    },
  });
}

const isEvent = (e: unknown): e is { triggerUid?: string } => typeof e === "object" && e !== null;

/**
 * Sends an edit of the grid to every edit trigger installed on the spreadsheet, each run as its
 * installer with its own triggerUid, as Sheets does (https://developers.google.com/apps-script/guides/triggers/events).
 */
export function fireEdit(env: GasEnvironment, gas: Bundle, event: Record<string, unknown>): number {
  const triggers = env.triggers.filter((t) => t.event === "ON_EDIT" && t.sourceId === env.spreadsheet.id);
  for (const t of triggers) gas[t.handler]({ ...event, triggerUid: t.uid, authMode: "FULL" });
  return triggers.length;
}
