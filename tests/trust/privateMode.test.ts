import { describe, expect, it } from "vitest";
import { demoEnv } from "./gas";

describe("private mode: teachers fill in a web app and never get the spreadsheet", () => {
  it("the завуч turns it on from the menu; the web app serves the form page wired to privateCall", () => {
    const { env, gas } = demoEnv();
    env.htmlFiles.WebApp = '<html><head><script>window.UKOO_ENTRY = "privateCall";</script></head></html>';
    env.webAppUrl = "https://script.google.com/macros/s/XYZ/exec";
    gas.menuPrivateMode();
    expect(env.scriptProperties.get("ukoo.spreadsheetId")).toBe(env.spreadsheet.id);
    expect(env.dialogs.at(-1)!.content).toContain("https://script.google.com/macros/s/XYZ/exec");
    const page = gas.doGet() as { getContent(): string };
    expect(page.getContent()).toContain('UKOO_ENTRY = "privateCall"');
  });

  it("identifies the teacher by their Google account and writes only their row; no one can pick someone else", () => {
    const { env, gas } = demoEnv();
    env.scriptProperties.set("ukoo.spreadsheetId", env.spreadsheet.id);
    env.email = "t010@mektep12.kg";
    const state = gas.privateCall("state", []) as { data: { identity: { id: string } } };
    expect(state.data.identity.id).toBe("T010");
    const sheet = env.spreadsheet.raw("2.1 Мугалим — өзүн баалоо")!;
    const before = sheet.getRange(1, 1, sheet.lastRow(), sheet.lastCol()).getValues();
    expect(gas.privateCall("saveOwn", ["teacher", { levels: { "3": 1 }, comments: {}, needs: [], career: "", roles: "", comment: "" }])).toEqual({ status: "success", data: undefined });
    const after = sheet.getRange(1, 1, sheet.lastRow(), sheet.lastCol()).getValues();
    const row = before.findIndex((r) => r[0] === "T010");
    expect(after[row][4]).toBe(1);
    after.forEach((r, i) => i !== row && expect(r).toEqual(before[i]));
    // An account the roster does not know gets an explanation, and there is no "pick yourself".
    env.email = "";
    const anonymous = gas.privateCall("state", []) as { data: { identity: { kind: string } } };
    expect(anonymous.data.identity.kind).toBe("unknown");
    expect(gas.privateCall("pick", ["T010"])).toEqual({ status: "error", type: "forbidden" });
    expect(gas.privateCall("saveOwn", ["teacher", { levels: {}, comments: {}, needs: [], career: "", roles: "", comment: "" }])).toEqual({ status: "error", type: "forbidden" });
  });

  it("is unavailable until the завуч has turned it on", () => {
    const { gas } = demoEnv();
    expect(gas.privateCall("state", [])).toEqual({ status: "error", type: "unavailable" });
  });
});
