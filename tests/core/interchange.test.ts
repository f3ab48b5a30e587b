import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/interchange/csv";
import { parseCoursesCsv, parseRatingsCsv, parseSchoolJson, parseStaffCsv } from "../../src/core/interchange/files";
import { fileIssueText, type FileIssue } from "../../src/core/interchange/issues";
import type { Person } from "../../src/core/people";

const STAFF_HEADER = "id,name,email,role,subjects,category,experience_years,last_course_year,supervisor_id,department";

describe("CSV reading", () => {
  it("accepts a BOM, quoted fields with commas and newlines, and the ; delimiter", () => {
    const text = '\uFEFFperson_id;framework;comment\nT1;teacher;"бир; эки"\nT2;leader;"көп\nсаптуу"\n';
    const table = readCsv(text, "x.csv", ["person_id", "framework", "comment"]);
    expect(table.issues).toEqual([]);
    expect(table.rows.map((r) => [r.line, r.record.person_id, r.record.comment])).toEqual([
      [2, "T1", "бир; эки"],
      [4, "T2", "көп\nсаптуу"],
    ]);
  });

  it("names the missing columns", () => {
    const table = readCsv("id,name\n1,a\n", "staff.csv", ["id", "name", "role"]);
    expect(table.issues).toEqual([{ file: "staff.csv", line: 1, code: "csv.missingColumns", params: { columns: "role", expected: "id,name,role" } }]);
  });

  it("reports a line with the wrong number of fields and keeps reading", () => {
    const table = readCsv("a,b\n1,2\n3\n4,5\n", "f.csv", ["a", "b"]);
    expect(table.issues.map((i) => i.line)).toEqual([3]);
    expect(table.rows.map((r) => r.record.a)).toEqual(["1", "4"]);
  });
});

describe("staff.csv", () => {
  it("reports every bad line with its reason, in Kyrgyz and Russian", () => {
    const text = [
      STAFF_HEADER,
      "T1,Асанова Айгүл,aigul@mektep.kg,мугалим,математика,1,12,2021,D1,Математика",
      "D1,Беков Бакыт,,department_head,математика,highest,20,2019,Z1,Математика",
      "Z1,Осмонова Чынара,,deputy_head,,2,25,,DIR,Администрация",
      "DIR,Исаков Нурлан,,director,,highest,30,2018,,Администрация",
      "T1,Кайталанган,,teacher,тарых,,,,D1,",
      "T3,Туура эмес,not-an-email,кароолчу,тарых,5-к,он,3000,T3,",
      "T4,Жок супервайзер,,teacher,тарых,,,,X9,",
      "T5,Предметсиз,,teacher,,,,,D1,",
    ].join("\n");
    const issues: FileIssue[] = [];
    const people = parseStaffCsv(text, "staff.csv", issues, 2026);
    expect(people.map((p) => p.id)).toEqual(["T1", "D1", "Z1", "DIR"]);
    expect(issues.map((i) => [i.line, i.code])).toEqual([
      [6, "row.duplicate"],
      [7, "problem.staff.bad_email"],
      [7, "problem.staff.bad_role"],
      [7, "problem.staff.bad_category"],
      [7, "problem.staff.bad_experience"],
      [7, "problem.staff.bad_year"],
      [7, "problem.staff.self_supervisor"],
      [9, "problem.staff.no_framework"],
      [8, "problem.staff.unknown_supervisor"],
    ]);
    expect(fileIssueText(issues[0], "ky")).toBe("staff.csv, 6-сап: бул 2-саптын кайталоосу.");
    expect(fileIssueText(issues[0], "ru")).toBe("staff.csv, строка 6: повтор строки 2.");
  });
});

describe("ratings.csv", () => {
  const people = new Map<string, Person>([
    ["T1", { id: "T1", name: "Айгүл", email: "", role: "teacher", subjects: ["математика"], department: "" }],
    ["DIR", { id: "DIR", name: "Нурлан", email: "", role: "director", subjects: [], department: "" }],
  ]);
  it("validates person, framework, competency, rater and level, and finds duplicates", () => {
    const text = [
      "person_id,framework,competency,rater,level,comment",
      "T1,teacher,1,self,3,",
      "DIR,director,21,supervisor,2,район усулчусу",
      "T9,teacher,1,self,2,",
      "T1,teacher,23,self,2,",
      "T1,leader,1.1,self,2,",
      "T1,teacher,2,boss,2,",
      "T1,teacher,2,self,4,",
      "T1,teacher,1,self,2,",
      "T1,pupil,1,self,2,",
    ].join("\n");
    const issues: FileIssue[] = [];
    const ratings = parseRatingsCsv(text, "ratings.csv", issues, people);
    expect(ratings).toHaveLength(2);
    expect(issues.map((i) => [i.line, i.code])).toEqual([
      [4, "row.unknownPerson"],
      [5, "row.badCompetency"],
      [6, "row.notInFramework"],
      [7, "row.badRater"],
      [8, "row.badLevel"],
      [9, "row.duplicate"],
      [10, "row.badFramework"],
    ]);
  });
});

describe("courses.csv and school.json", () => {
  const people = new Map<string, Person>([["T1", { id: "T1", name: "Айгүл", email: "", role: "teacher", subjects: ["математика"], department: "" }]]);
  it("checks dates are real and not in the future, hours > 0, type 1–7, yes/no", () => {
    const text = [
      "person_id,date,hours,title,programme_type,provider,distance,certificate",
      "T1,2024-03-15,72,Калыптандыруучу баалоо,1,РПК КЖКИ,no,yes",
      "T1,2024-02-30,8,X,2,,no,no",
      "T1,2027-01-01,8,X,2,,no,no",
      "T1,2024-01-01,0,X,8,,maybe,yes",
    ].join("\n");
    const issues: FileIssue[] = [];
    const courses = parseCoursesCsv(text, "courses.csv", issues, people, "2026-11-23");
    expect(courses).toEqual([
      { personId: "T1", date: "2024-03-15", hours: 72, title: "Калыптандыруучу баалоо", programmeType: 1, provider: "РПК КЖКИ", distance: false, certificate: true },
    ]);
    expect(issues.map((i) => [i.line, i.code])).toEqual([
      [3, "row.badDate"],
      [4, "row.futureDate"],
      [5, "row.badHours"],
      [5, "row.badProgrammeType"],
      [5, "row.badYesNo"],
    ]);
  });

  it("reads school.json and names a field of the wrong type", () => {
    const ok: FileIssue[] = [];
    expect(parseSchoolJson('{"name": "№12 мектеп", "code": 1204}', "school.json", ok)).toMatchObject({ name: "№12 мектеп", code: "1204", address: "" });
    expect(ok).toEqual([]);
    const bad: FileIssue[] = [];
    expect(parseSchoolJson('{"name": ["x"]}', "school.json", bad)).toBeUndefined();
    expect(bad.map((i) => [i.code, i.params.field])).toEqual([["json.fieldNotText", "name"]]);
    const broken: FileIssue[] = [];
    parseSchoolJson("{name:", "school.json", broken);
    expect(broken[0].code).toBe("json.bad");
  });
});
