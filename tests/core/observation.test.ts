/** Lesson observations (1.1) and the observation part of 4.5: the form as data and the table's rule. */
import { describe, expect, it } from "vitest";
import {
  eventGrade,
  MONITORING,
  OBSERVATION_FORM,
  OBSERVED_EVENTS,
  observationProblems,
  observationTable,
  schoolYearOf,
  type Observation,
} from "../../src/core/yearRound/observation";

const base: Observation = { date: "2026-10-14", observer: "Z01", teacherId: "T005", className: "7-б", subject: "Математика", sections: [], answers: {}, grades: {}, strengths: "", advice: "" };
const obs = (o: Partial<Observation>): Observation => ({ ...base, ...o });

describe("the observation form (1.1) as data", () => {
  it("has the guide's sections I–V with 46 questions and the answers Ооба / Жок / Дагы башка", () => {
    expect(OBSERVATION_FORM.sections.map((s) => s.label)).toEqual(["I.", "II.", "III. а)", "III. б)", "IV.", "V."]);
    expect(OBSERVATION_FORM.sections.flatMap((s) => s.questions).length).toBe(46);
    expect(OBSERVATION_FORM.answers.map((a) => a.ky)).toEqual(["Ооба", "Жок", "Дагы башка"]);
    for (const q of OBSERVATION_FORM.sections.flatMap((s) => s.questions)) {
      expect(q.text.length, q.id).toBeGreaterThan(10);
      expect(q.textRu.length, q.id).toBeGreaterThan(10);
    }
  });

  it("4.5's scale and events are the guide's, and every observed event is fed by sections of the form", () => {
    expect(MONITORING.grades.map((g) => g.ky)).toEqual(["Күткөндөгүдөн жакшы", "Күткөндөгүгө туура келет", "Жакшыртуу талап кылынат", "Күткөндөгүгө жетпей калган"]);
    expect(OBSERVED_EVENTS.map((e) => e.ky)).toEqual(["Окутуу чөйрөсү", "Пландоо", "Окутуу методикасы", "Классты башкаруу", "Баалоо"]);
    const ids = new Set(OBSERVATION_FORM.sections.map((s) => s.id));
    const fed = OBSERVED_EVENTS.flatMap((e) => MONITORING.observationSectionMap[e.key]);
    expect(new Set(fed)).toEqual(ids);
  });
});

describe("observations", () => {
  it("names what is wrong: no section, a question of a section not observed, a grade without its section, a bad date", () => {
    expect(observationProblems(obs({ sections: ["II"], answers: { "7": "yes" }, grades: { II: "meets" } }))).toEqual([]);
    expect(observationProblems(obs({ sections: [] }))).toEqual([{ kind: "noSection" }]);
    expect(observationProblems(obs({ sections: ["II"], answers: { "1": "no" } }))).toEqual([{ kind: "questionOutsideSections", question: "1", section: "I" }]);
    expect(observationProblems(obs({ sections: ["II"], answers: { "999": "no" }, grades: { V: "below" } }))).toEqual([
      { kind: "unknownQuestion", question: "999" },
      { kind: "gradeWithoutSection", section: "V" },
    ]);
    expect(observationProblems(obs({ date: "14.10.2026", sections: ["X"] }))).toEqual([
      { kind: "badDate", date: "14.10.2026" },
      { kind: "unknownSection", section: "X" },
    ]);
  });

  it("a school year runs from 1 September to 31 August; 4.5 shows five of them", () => {
    expect(schoolYearOf("2026-09-01")).toBe("2026-2027");
    expect(schoolYearOf("2027-08-31")).toBe("2026-2027");
  });

  it("an event graded through two sections takes the lower grade", () => {
    const o = obs({ sections: ["III.a", "III.b"], grades: { "III.a": "above", "III.b": "improve" } });
    expect(eventGrade(o, "methods")).toBe("improve");
    expect(eventGrade(o, "planning")).toBeNull();
  });

  it("the 4.5 observation table counts a known log per event, year and grade, for one teacher only", () => {
    const log: Observation[] = [
      obs({ date: "2026-10-14", sections: ["I", "II"], grades: { I: "meets", II: "improve" } }),
      obs({ date: "2027-03-02", sections: ["II"], grades: { II: "meets" } }),
      obs({ date: "2027-03-20", sections: ["III.a", "III.b"], grades: { "III.a": "above", "III.b": "meets" } }),
      obs({ date: "2027-10-05", sections: ["II", "V"], grades: { II: "above", V: "below" } }),
      // Observed but not graded: answers alone give no grade.
      obs({ date: "2027-11-11", sections: ["IV"], answers: { "16": "yes" } }),
      obs({ teacherId: "T006", date: "2026-10-14", sections: ["II"], grades: { II: "below" } }),
    ];
    const table = observationTable(log, "T005");
    const cell = (event: string, year: string) => table.get(event)!.get(year) ?? null;
    expect(cell("environment", "2026-2027")).toEqual({ above: 0, meets: 1, improve: 0, below: 0 });
    expect(cell("planning", "2026-2027")).toEqual({ above: 0, meets: 1, improve: 1, below: 0 });
    expect(cell("methods", "2026-2027")).toEqual({ above: 0, meets: 1, improve: 0, below: 0 });
    expect(cell("planning", "2027-2028")).toEqual({ above: 1, meets: 0, improve: 0, below: 0 });
    expect(cell("assessment", "2027-2028")).toEqual({ above: 0, meets: 0, improve: 0, below: 1 });
    expect(cell("classroom", "2027-2028")).toBeNull();
    expect(observationTable(log, "T006").get("planning")!.get("2026-2027")).toEqual({ above: 0, meets: 0, improve: 0, below: 1 });
  });
});
