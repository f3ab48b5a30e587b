import { describe, expect, it } from "vitest";
import { competenciesOf, FRAMEWORKS, frameworksAsJson } from "../../src/core/frameworks/index";

describe("frameworks (word for word from the seed)", () => {
  it("has the guide's counts: teachers 22 in 8+6+4+4, leaders 11 in 4+7, directors 21 in 9+4+4+4", () => {
    expect(FRAMEWORKS.teacher.domains.map((d) => d.competencies.length)).toEqual([8, 6, 4, 4]);
    expect(FRAMEWORKS.leader.domains.map((d) => d.competencies.length)).toEqual([4, 7]);
    expect(FRAMEWORKS.director.domains.map((d) => d.competencies.length)).toEqual([9, 4, 4, 4]);
  });

  it("numbers competencies 1–22, 1.1–1.11 and 1–21 in order", () => {
    expect(competenciesOf("teacher").map((c) => c.n)).toEqual(Array.from({ length: 22 }, (_, i) => String(i + 1)));
    expect(competenciesOf("leader").map((c) => c.n)).toEqual(Array.from({ length: 11 }, (_, i) => `1.${i + 1}`));
    expect(competenciesOf("director").map((c) => c.n)).toEqual(Array.from({ length: 21 }, (_, i) => String(i + 1)));
  });

  it("keeps the printed wording of tool 2.1 and the third person of tool 3.1", () => {
    const c1 = competenciesOf("teacher")[0];
    expect(c1.text).toBe(
      "Мен заманбап окутуу теориясына шайкеш келген майнаптуу сабактардын пландарын, календардык-тематикалык пландарды иштеп чыгып, сабак өтө алам.",
    );
    expect(c1.supervisorText.startsWith("Бул мугалим ")).toBe(true);
    expect(competenciesOf("leader")[0].text).toBe(
      "Мен мугалимдерди насаатчылык тармакта колдоп, ал кантип уюштуруларын көрсөтүп, мектепте насаатчылык эмне үчүн керектигин түшүндүрүп бере алам.",
    );
  });

  it("gives every teacher competency low/mid/high descriptors, one lettered item per string, no markup", () => {
    for (const c of competenciesOf("teacher")) {
      for (const level of ["low", "mid", "high"] as const) {
        const items = c.descriptors![level];
        expect(items.length).toBeGreaterThanOrEqual(2);
        for (const item of items) {
          expect(item).toMatch(/^[а-яөүң]\) \S/);
          expect(item).not.toMatch(/<|>|\t| {2}/);
        }
      }
    }
  });

  it("includes competency 20, printed without its number in appendix 4", () => {
    const c20 = competenciesOf("teacher").find((c) => c.n === "20")!;
    expect(c20.descriptors!.low[0]).toMatch(/^а\) Өз милдеттерин/);
  });

  it("has a Russian translation of every statement and domain", () => {
    for (const f of Object.values(FRAMEWORKS)) {
      for (const d of f.domains) {
        expect(d.nameRu).toMatch(/[а-я]/);
        for (const c of d.competencies) {
          expect(c.textRu).toMatch(/[а-яё]/i);
          expect(c.supervisorTextRu).toMatch(/[а-яё]/i);
          expect(c.textRu).not.toBe(c.text);
        }
      }
    }
  });

  it("prints the documented JSON shape", () => {
    const json = frameworksAsJson() as Record<string, { domains: { name: string; competencies: { n: string; text: string; descriptors?: unknown }[] }[] }>;
    expect(Object.keys(json)).toEqual(["teacher", "leader", "director"]);
    expect(Object.keys(json.teacher.domains[0])).toEqual(["name", "competencies"]);
    expect(Object.keys(json.teacher.domains[0].competencies[0])).toEqual(["n", "text", "descriptors"]);
    expect(Object.keys(json.leader.domains[0].competencies[0])).toEqual(["n", "text"]);
  });
});
