/**
 * The Apps Script services around the spreadsheet, per execution context, as Google scopes them:
 * locks, properties, triggers, the session and Utilities. Each rule cites where Google says so.
 */
import type { GasEnvironment } from "./gas";

// ---- Locks -------------------------------------------------------------------------------------

/**
 * A lock held by one execution at a time. The fake runs one execution at a time, so a lock another
 * execution holds is never let go while we wait: tryLock answers false, waitLock throws Google's text.
 * https://developers.google.com/apps-script/reference/lock/lock
 */
export class FakeLock {
  holder: number | null = null;

  constructor(private readonly env: GasEnvironment) {}

  private take(): boolean {
    const me = this.env.executionId();
    if (!this.env.lockAvailable) return false;
    if (this.holder !== null && this.holder !== me) return false;
    this.holder = me;
    return true;
  }

  api() {
    return {
      tryLock: (_ms?: number) => this.take(),
      waitLock: (_ms?: number) => {
        if (!this.take()) throw new Error("Exception: Lock timeout: another process was holding the lock for too long.");
      },
      releaseLock: () => {
        if (this.holder === this.env.executionId()) this.holder = null;
      },
      hasLock: () => this.holder === this.env.executionId(),
    };
  }
}

/**
 * LockService as each context has it:
 * - getDocumentLock() is null "outside the context of a containing document (such as from a
 *   standalone script or webapp)" (https://developers.google.com/apps-script/reference/lock/lock-service#getDocumentLock()),
 *   and is per document;
 * - getScriptLock() is one lock for every user of the script — in an add-on, of every school
 *   (https://developers.google.com/apps-script/reference/lock/lock-service#getScriptLock());
 * - getUserLock() is per user.
 */
export function lockService(env: GasEnvironment) {
  return {
    getDocumentLock: () => {
      const doc = env.containingDocument();
      return doc ? env.lockOf(`document:${doc.id}`).api() : null;
    },
    getScriptLock: () => env.lockOf("script").api(),
    getUserLock: () => env.lockOf(`user:${env.effectiveUser()}`).api(),
  };
}

// ---- Properties --------------------------------------------------------------------------------

/**
 * https://developers.google.com/apps-script/guides/properties — script properties are shared by
 * every user of the script (in an add-on, every user in every document); user properties belong
 * to the user the script runs as (in a web app executing as its owner, the owner's: every visitor
 * shares them); document properties to the document. A value holds at most 9 KB and a store 500 KB
 * (https://developers.google.com/apps-script/guides/services/quotas#current_limitations).
 */
export function propertiesApi(store: Map<string, string>) {
  const size = () => [...store].reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  const check = (key: string, value: string, before: number) => {
    if (Buffer.byteLength(value) > 9 * 1024) throw new Error("Exception: Argument too large: value");
    if (before + Buffer.byteLength(key) + Buffer.byteLength(value) > 500 * 1024) throw new Error("Exception: You have exceeded the property storage quota. Please remove some properties and try again.");
  };
  const api = {
    getProperty: (k: string) => store.get(k) ?? null,
    setProperty: (k: string, v: string) => {
      const value = String(v);
      check(k, value, size() - (store.has(k) ? Buffer.byteLength(k) + Buffer.byteLength(store.get(k)!) : 0));
      store.set(k, value);
      return api;
    },
    setProperties: (props: Record<string, string>) => {
      for (const [k, v] of Object.entries(props)) api.setProperty(k, v);
      return api;
    },
    deleteProperty: (k: string) => {
      store.delete(k);
      return api;
    },
    getProperties: () => Object.fromEntries(store),
    getKeys: () => [...store.keys()],
  };
  return api;
}

// ---- Triggers ----------------------------------------------------------------------------------

export interface FakeTrigger {
  uid: string;
  handler: string;
  event: "ON_EDIT";
  /** The user who created it: it runs as them (https://developers.google.com/apps-script/guides/triggers/installable#restrictions). */
  owner: string;
  /** The spreadsheet it is installed on. */
  sourceId: string;
}

/**
 * ScriptApp's triggers, kept per user and per document:
 * - getProjectTriggers() "Gets all installable triggers associated with the current project and
 *   current user" — in every document (https://developers.google.com/apps-script/reference/script/script-app#getProjectTriggers());
 * - getUserTriggers(spreadsheet) those of the current user in that spreadsheet
 *   (https://developers.google.com/apps-script/reference/script/script-app#getUserTriggers(Spreadsheet));
 * - an add-on may have one trigger of each type per user per document
 *   (https://developers.google.com/workspace/add-ons/concepts/editor-triggers#restrictions).
 */
export function scriptApp(env: GasEnvironment) {
  const view = (t: FakeTrigger) => ({
    getHandlerFunction: () => t.handler,
    getEventType: () => t.event,
    getUniqueId: () => t.uid,
    getTriggerSourceId: () => t.sourceId,
    getTriggerSource: () => "SPREADSHEETS",
    __uid: t.uid,
  });
  const mine = () => env.triggers.filter((t) => t.owner === env.effectiveUser());
  return {
    AuthMode: { NONE: "NONE", LIMITED: "LIMITED", FULL: "FULL", CUSTOM_FUNCTION: "CUSTOM_FUNCTION" },
    EventType: { ON_EDIT: "ON_EDIT", ON_OPEN: "ON_OPEN", ON_CHANGE: "ON_CHANGE", CLOCK: "CLOCK" },
    getProjectTriggers: () => mine().map(view),
    getUserTriggers: (doc: { getId(): string }) => mine().filter((t) => t.sourceId === doc.getId()).map(view),
    deleteTrigger: (trigger: { __uid?: string; getUniqueId(): string }) => {
      const uid = trigger.__uid ?? trigger.getUniqueId();
      const found = env.triggers.find((t) => t.uid === uid);
      if (!found || found.owner !== env.effectiveUser()) throw new Error("Exception: The trigger you are trying to delete does not exist or you do not have permission to delete it.");
      env.triggers = env.triggers.filter((t) => t !== found);
    },
    newTrigger: (handler: string) => {
      let sourceId = "";
      const builder = {
        forSpreadsheet: (ss: { getId(): string } | string) => {
          sourceId = typeof ss === "string" ? ss : ss.getId();
          return builder;
        },
        onEdit: () => ({
          create: () => {
            const owner = env.effectiveUser();
            if (env.target === "addon" && env.triggers.some((t) => t.owner === owner && t.sourceId === sourceId && t.event === "ON_EDIT")) {
              throw new Error("Exception: This add-on has created too many edit triggers in this document for this Google user account. Try deleting the triggers from your other add-ons or documents.");
            }
            const trigger: FakeTrigger = { uid: String(1_000_000 + env.triggers.length + env.triggerSerial++), handler, event: "ON_EDIT", owner, sourceId };
            env.triggers.push(trigger);
            return view(trigger);
          },
        }),
      };
      return builder;
    },
    getService: () => ({ getUrl: () => (env.target === "addon" ? null : env.webAppUrl) }),
  };
}

// ---- Session and Utilities ---------------------------------------------------------------------

/**
 * Session: the active user's e-mail may be "" (consumer accounts, or a web app visitor outside the
 * owner's domain: https://developers.google.com/apps-script/reference/base/session#getActiveUser());
 * the effective user is who the script runs as.
 */
export function session(env: GasEnvironment) {
  return {
    getActiveUserLocale: () => env.locale,
    getActiveUser: () => ({ getEmail: () => env.visibleEmail() }),
    getEffectiveUser: () => ({ getEmail: () => env.effectiveUser() }),
    getScriptTimeZone: () => env.scriptTimeZone,
    getTemporaryActiveUserKey: () => `key-${env.actingUser()}`,
  };
}

/** Utilities.formatDate with Java's SimpleDateFormat letters the product uses (y M d H m s). */
export function formatDate(date: Date, timeZone: string, pattern: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return pattern.replace(/'([^']*)'|yyyy|MM|dd|HH|mm|ss/g, (token, quoted: string | undefined) => {
    if (quoted !== undefined) return quoted;
    return ({ yyyy: parts.year, MM: parts.month, dd: parts.day, HH: parts.hour, mm: parts.minute, ss: parts.second } as Record<string, string>)[token];
  });
}

export function utilities() {
  return {
    formatDate,
    sleep: (_ms: number) => undefined,
  };
}
