/**
 * The fakes refuse what Google refuses, with Google's words: one test per rule the fakes enforce
 * (the rule and its source are cited where the fake enforces it, in tests/fakes/).
 */
import { describe, expect, it } from "vitest";
import { GasEnvironment, type FakeSpreadsheet } from "../fakes/gas";
import { FakeSpreadsheet as Spreadsheet } from "../fakes/gas";

type Request = GoogleAppsScript.Sheets.Schema.Request;
type Services = {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  LockService: GoogleAppsScript.Lock.LockService;
  PropertiesService: GoogleAppsScript.Properties.PropertiesService;
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
  Session: GoogleAppsScript.Base.Session;
  Sheets: {
    Spreadsheets: {
      get(id: string, args: object): GoogleAppsScript.Sheets.Schema.Spreadsheet;
      batchUpdate(body: { requests: Request[] }, id: string): unknown;
      Values: { batchGet(id: string, args: object): GoogleAppsScript.Sheets.Schema.BatchGetValuesResponse };
    };
  };
};

/** A spreadsheet with one tab "Бир" whose row 2 is protected for the завуч alone. */
function school() {
  const env = new GasEnvironment();
  const g = env.globals() as unknown as Services;
  env.spreadsheet.insertSheet("Бир");
  const sheet = env.spreadsheet.raw("Бир")!;
  sheet.getRange(1, 1).setValues([["сакталат"]]);
  env.spreadsheet.editors = ["zavuch@mektep12.kg", "t001@mektep12.kg"];
  const id = env.spreadsheet.getId();
  const send = (...requests: Request[]) => g.Sheets.Spreadsheets.batchUpdate({ requests }, id);
  env.email = "zavuch@mektep12.kg";
  send({
    addProtectedRange: {
      protectedRange: { range: { sheetId: sheet.getSheetId(), startRowIndex: 1, endRowIndex: 2 }, description: "ҮКӨ: row 2", editors: { users: ["zavuch@mektep12.kg"] } },
    },
  });
  env.email = "";
  return { env, g, sheet, id, send, sheetId: sheet.getSheetId() };
}

const write = (sheetId: number, row: number, text: string): Request => ({
  updateCells: { start: { sheetId, rowIndex: row - 1, columnIndex: 0 }, rows: [{ values: [{ userEnteredValue: { stringValue: text } }] }], fields: "userEnteredValue" },
});

describe("the fakes enforce Google's rules", () => {
  describe("locks", () => {
    it("getDocumentLock() is null in a web app; the script lock is one for every user of the script", () => {
      const env = new GasEnvironment();
      const g = env.globals() as unknown as Services;
      expect(env.execute("container", () => g.LockService.getDocumentLock())).not.toBeNull();
      expect(env.execute("webapp", () => g.LockService.getDocumentLock())).toBeNull();
      env.execute("container", () => {
        expect(g.LockService.getScriptLock().tryLock(1000)).toBe(true);
        // Another execution, another user: the script's lock is held.
        env.execute("webapp", () => {
          expect(g.LockService.getScriptLock().tryLock(1000)).toBe(false);
          expect(() => g.LockService.getScriptLock().waitLock(1000)).toThrow("Lock timeout: another process was holding the lock for too long.");
        });
      });
      // An execution's locks go when it ends.
      expect(env.lockHeld).toBe(false);
    });
  });

  describe("protections", () => {
    it("a write by someone a protection does not name is refused, through the API and SpreadsheetApp; the owner may always", () => {
      const { env, g, sheetId, send, sheet } = school();
      env.email = "t001@mektep12.kg";
      expect(() => send(write(sheetId, 2, "x"))).toThrow(
        "API call to sheets.spreadsheets.batchUpdate failed with error: You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.",
      );
      const range = g.SpreadsheetApp.getActiveSpreadsheet()!.getSheetByName("Бир")!.getRange(2, 1);
      expect(() => range.setValues([["x"]])).toThrow("Exception: You are trying to edit a protected cell or object.");
      expect(() => send(write(sheetId, 3, "ok"))).not.toThrow();
      env.email = env.spreadsheet.owner;
      expect(() => send(write(sheetId, 2, "owner"))).not.toThrow();
      expect(sheet.shown(2, 1)).toBe("owner");
    });

    it("a batch with one forbidden write fails whole: nothing of it is applied", () => {
      const { env, sheetId, send, sheet } = school();
      env.email = "t001@mektep12.kg";
      expect(() => send(write(sheetId, 3, "allowed"), write(sheetId, 2, "forbidden"))).toThrow(/protected cell/);
      expect(sheet.shown(3, 1)).toBe("");
    });

    it("appending rows to a sheet protected whole is refused; removing someone else's protection too", () => {
      const { env, send, sheetId } = school();
      env.email = "zavuch@mektep12.kg";
      send({ addProtectedRange: { protectedRange: { range: { sheetId }, description: "ҮКӨ: whole", editors: { users: ["zavuch@mektep12.kg"] } } } });
      env.email = "t001@mektep12.kg";
      expect(() => send({ appendCells: { sheetId, rows: [{ values: [{ userEnteredValue: { stringValue: "x" } }] }], fields: "userEnteredValue" } })).toThrow(/protected cell/);
      const id = env.protectedRanges[0].protectedRangeId;
      expect(() => send({ deleteProtectedRange: { protectedRangeId: id } })).toThrow(/protected cell/);
    });
  });

  describe("limits", () => {
    it("a cell holds at most 50,000 characters, through the API and SpreadsheetApp", () => {
      const { env, g, send, sheetId } = school();
      env.email = "zavuch@mektep12.kg";
      const long = "ж".repeat(50_001);
      expect(() => send(write(sheetId, 5, long))).toThrow("Your input contains more than the maximum of 50000 characters in a single cell.");
      const range = g.SpreadsheetApp.getActiveSpreadsheet()!.getSheetByName("Бир")!.getRange(5, 1);
      expect(() => range.setValues([[long]])).toThrow("Exception: Your input contains more than the maximum of 50000 characters in a single cell.");
      expect(() => range.setValues([["ж".repeat(50_000)]])).not.toThrow();
    });

    it("a spreadsheet holds at most 10 million cells", () => {
      const { g, send } = school();
      expect(() => send({ addSheet: { properties: { title: "Чоң", gridProperties: { rowCount: 400_000, columnCount: 26 } } } })).toThrow(
        "This action would increase the number of cells in the workbook above the limit of 10000000 cells.",
      );
      const ss = g.SpreadsheetApp.getActiveSpreadsheet()!;
      const sheet = ss.getSheetByName("Бир")!;
      expect(() => sheet.insertRowsAfter(sheet.getMaxRows(), 390_000)).toThrow("Exception: This action would increase the number of cells in the workbook above the limit of 10000000 cells.");
    });

    it("a request body is at most 10,485,760 bytes, counted in UTF-8", () => {
      const { send, sheetId } = school();
      const rows = Array.from({ length: 120 }, () => ({ values: [{ userEnteredValue: { stringValue: "ж".repeat(45_000) } }] }));
      expect(() => send({ updateCells: { start: { sheetId, rowIndex: 0, columnIndex: 1 }, rows, fields: "userEnteredValue" } })).toThrow(
        "Request payload size exceeds the limit: 10485760 bytes.",
      );
    });
  });

  describe("formulas", () => {
    const formulaCell = (formula: string) => ({ userEnteredValue: { formulaValue: formula } });
    const put = (sheetId: number, column: number, cell: object): Request => ({ updateCells: { start: { sheetId, rowIndex: 9, columnIndex: column }, rows: [{ values: [cell] }], fields: "userEnteredValue" } });

    it("are parsed in the spreadsheet's locale: ',' between arguments fails in ru_RU, ';' works in both", () => {
      for (const locale of ["ru_RU", "en_US"] as const) {
        const { env, send, sheetId, sheet } = school();
        env.spreadsheet.locale = locale;
        const numbers = { values: [{ userEnteredValue: { numberValue: 2 } }, { userEnteredValue: { numberValue: 3 } }] };
        send({ updateCells: { start: { sheetId, rowIndex: 9, columnIndex: 0 }, rows: [numbers], fields: "userEnteredValue" } });
        send(put(sheetId, 2, formulaCell('=IF(AND(ISNUMBER(A10);ISNUMBER(B10));B10-A10;"")')));
        expect(sheet.shown(10, 3), locale).toBe(1);
        const comma = () => send(put(sheetId, 3, formulaCell('=IF(AND(ISNUMBER(A10),ISNUMBER(B10)),B10-A10,"")')));
        if (locale === "ru_RU") expect(comma).toThrow(/Formula parse error/);
        else {
          comma();
          expect(sheet.shown(10, 4)).toBe(1);
        }
        // What Sheets shows back is the locale's own form.
        expect(sheet.peek(10, 3)!.formula, locale).toBe(locale === "ru_RU" ? '=IF(AND(ISNUMBER(A10);ISNUMBER(B10));B10-A10;"")' : '=IF(AND(ISNUMBER(A10),ISNUMBER(B10)),B10-A10,"")');
      }
    });

    it("a conditional-format rule that does not parse in the locale is refused", () => {
      const { send, sheetId } = school();
      const rule = (formula: string): Request => ({
        addConditionalFormatRule: { index: 0, rule: { ranges: [{ sheetId, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 }], booleanRule: { condition: { type: "CUSTOM_FORMULA", values: [{ userEnteredValue: formula }] }, format: {} } } },
      });
      expect(() => send(rule("=AND(ISNUMBER($A$1),$A$1>=2)"))).toThrow(/Invalid ConditionValue\.userEnteredValue/);
      expect(() => send(rule("=AND(ISNUMBER($A$1);$A$1>=2)"))).not.toThrow();
    });

    it("one typed in the grid that does not parse shows #ERROR!, as Sheets shows it", () => {
      const { sheet } = school();
      sheet.getRange(4, 1).setValues([["=SUM(A1,B1)"]]);
      expect(sheet.shown(4, 1)).toBe("#ERROR!");
    });
  });

  describe("quotas", () => {
    it("60 read requests a minute per user, 300 per project; refused with a 429 in Google's words", () => {
      const { env, g, id } = school();
      env.spreadsheet.editors.push(...Array.from({ length: 6 }, (_, i) => `u${i}@mektep12.kg`));
      const read = () => g.Sheets.Spreadsheets.get(id, { fields: "sheets(properties(title))" });
      env.email = "zavuch@mektep12.kg";
      for (let i = 0; i < 60 - env.quota.used("read", "zavuch@mektep12.kg"); ) read();
      expect(read).toThrow(
        "API call to sheets.spreadsheets.get failed with error: Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:318204771552'.",
      );
      for (let u = 0; u < 6; u++) {
        env.email = `u${u}@mektep12.kg`;
        for (let i = 0; i < 60 && env.quota.used("read") < 300; i++) read();
      }
      expect(read).toThrow(/limit 'Read requests per minute' of service/);
      env.clock.advance(60_001);
      expect(read).not.toThrow();
    });
  });

  describe("triggers and properties", () => {
    it("triggers are kept per user: getProjectTriggers lists the user's in every spreadsheet, getUserTriggers those in one", () => {
      const env = new GasEnvironment();
      const g = env.globals() as unknown as Services;
      const other = new Spreadsheet(env, "Башка мектеп", "fake-spreadsheet-id-0000000002");
      env.created.push(other);
      env.email = "z01@mektep12.kg";
      g.ScriptApp.newTrigger("logEdit").forSpreadsheet(env.spreadsheet.getId()).onEdit().create();
      expect(g.ScriptApp.getUserTriggers(other as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet)).toHaveLength(0);
      expect(g.ScriptApp.getProjectTriggers()).toHaveLength(1);
      env.email = "z02@mektep12.kg";
      expect(g.ScriptApp.getProjectTriggers()).toHaveLength(0);
      env.target = "addon";
      g.ScriptApp.newTrigger("logEdit").forSpreadsheet(env.spreadsheet.getId()).onEdit().create();
      expect(() => g.ScriptApp.newTrigger("logEdit").forSpreadsheet(env.spreadsheet.getId()).onEdit().create()).toThrow(/too many edit triggers in this document/);
    });

    it("script properties are every user's, user properties the user's the script runs as, document properties none in a web app", () => {
      const env = new GasEnvironment();
      const g = env.globals() as unknown as Services;
      env.email = "t001@mektep12.kg";
      env.execute("container", () => g.PropertiesService.getUserProperties().setProperty("k", "t001"));
      env.email = "t002@mektep12.kg";
      env.execute("container", () => expect(g.PropertiesService.getUserProperties().getProperty("k")).toBeNull());
      // In a web app executing as its owner, every visitor has the owner's.
      env.execute("webapp", () => g.PropertiesService.getUserProperties().setProperty("k", "visitor"));
      env.email = "t001@mektep12.kg";
      env.execute("webapp", () => expect(g.PropertiesService.getUserProperties().getProperty("k")).toBe("visitor"));
      env.execute("webapp", () => expect(g.PropertiesService.getDocumentProperties()).toBeNull());
      env.execute("container", () => g.PropertiesService.getScriptProperties().setProperty("s", "1"));
      env.email = "t003@mektep12.kg";
      env.execute("webapp", () => expect(g.PropertiesService.getScriptProperties().getProperty("s")).toBe("1"));
      expect(() => env.execute("container", () => g.PropertiesService.getScriptProperties().setProperty("big", "x".repeat(9 * 1024 + 1)))).toThrow("Argument too large: value");
    });
  });

  describe("deployment and sharing", () => {
    it("the Sheets API declared but not enabled in the Cloud project fails every call", () => {
      const { env, g, id } = school();
      env.sheetsApiState = "disabled";
      expect(() => g.Sheets.Spreadsheets.get(id, {})).toThrow(
        /^API call to sheets\.spreadsheets\.get failed with error: Google Sheets API has not been used in project 318204771552 before or it is disabled\. Enable it by visiting https:\/\/console\.developers\.google\.com\/apis\/api\/sheets\.googleapis\.com\/overview\?project=318204771552 then retry\./,
      );
    });

    it("getEditors() lists individual editors only, not a Google Group nor the domain", () => {
      const env = new GasEnvironment();
      const ss: FakeSpreadsheet = env.spreadsheet;
      ss.editors = ["zavuch@mektep12.kg"];
      ss.groups = [{ email: "teachers@mektep12.kg", role: "editor", members: ["t001@mektep12.kg"] }];
      ss.domainAccess = "editor";
      const g = env.globals() as unknown as Services;
      expect(g.SpreadsheetApp.getActiveSpreadsheet()!.getEditors().map((u) => u.getEmail())).toEqual(["zavuch@mektep12.kg"]);
      expect(ss.canEdit("t001@mektep12.kg")).toBe(true);
      expect(ss.canEdit("anyone@gmail.com")).toBe(false);
    });

    it("a domain that forbids sharing outside it refuses such a viewer", () => {
      const env = new GasEnvironment();
      env.spreadsheet.externalSharing = false;
      const g = env.globals() as unknown as Services;
      expect(() => g.SpreadsheetApp.getActiveSpreadsheet()!.addViewers(["metodist@rayon.kg"])).toThrow(/not allowed/);
      expect(() => g.SpreadsheetApp.getActiveSpreadsheet()!.addViewers(["t001@mektep12.kg"])).not.toThrow();
    });

    it("a request Google's own schema refuses is refused in Google's words", () => {
      const { send, sheetId } = school();
      expect(() => send({ mergeCells: { range: { sheetId }, mergeType: "MERGE_EVERYTHING" } } as unknown as Request)).toThrow(/^API call to sheets\.spreadsheets\.batchUpdate failed with error: Invalid value at 'requests\[0\]\.merge_cells\.merge_type'/);
    });
  });
});
