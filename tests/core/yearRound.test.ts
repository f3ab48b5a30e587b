import { describe, expect, it } from "vitest";
import { pairsToMeet, pairsWithoutMeeting, termOf, type Meeting } from "../../src/core/yearRound/mentoringLog";
import { isReviewed, linkProblem, missingItems, OPTIONAL_ITEMS, PORTFOLIO_ITEMS, portfolioStatus } from "../../src/core/yearRound/portfolio";

describe("mentoring terms", () => {
  it("splits the school year into its four quarters, the fourth running through the summer", () => {
    expect(termOf("2026-09-01")).toEqual({ n: 1, from: "2026-09-01", to: "2026-10-31" });
    expect(termOf("2026-10-31").n).toBe(1);
    expect(termOf("2026-11-01")).toEqual({ n: 2, from: "2026-11-01", to: "2026-12-31" });
    expect(termOf("2027-02-14")).toEqual({ n: 3, from: "2027-01-01", to: "2027-03-31" });
    expect(termOf("2027-06-20")).toEqual({ n: 4, from: "2027-04-01", to: "2027-08-31" });
  });

  it("lists the pairs with no dated meeting this term, once per mentor and mentee", () => {
    const pairs = pairsToMeet([
      { mentorId: "A", menteeId: "B", competency: "3" },
      { mentorId: "A", menteeId: "B", competency: "7" },
      { mentorId: "A", menteeId: "C", competency: "3" },
      { mentorId: "D", menteeId: "B", competency: "12" },
    ]);
    expect(pairs).toEqual([
      { mentorId: "A", menteeId: "B", competencies: ["3", "7"] },
      { mentorId: "A", menteeId: "C", competencies: ["3"] },
      { mentorId: "D", menteeId: "B", competencies: ["12"] },
    ]);
    const meetings: Meeting[] = [
      { mentorId: "A", menteeId: "B", competency: "3", date: "2026-11-02", type: "talk" },
      // Last term's meeting and a row not yet filled do not count.
      { mentorId: "A", menteeId: "C", competency: "3", date: "2026-10-20", type: "talk" },
      { mentorId: "D", menteeId: "B", competency: "12", date: "", type: null },
    ];
    expect(pairsWithoutMeeting(pairs, meetings, "2026-11-23").map((p) => p.menteeId + p.mentorId)).toEqual(["CA", "BD"]);
    expect(pairsWithoutMeeting(pairs, meetings, "2026-10-25").map((p) => p.menteeId + p.mentorId)).toEqual(["BA", "BD"]);
  });
});

describe("the portfolio checklist", () => {
  const all = Object.fromEntries(PORTFOLIO_ITEMS.map((i) => [i.id, `https://drive.google.com/${i.id}`]));

  it("is complete when every item of sections I–IV has a link, a file name or «—»; section V is free", () => {
    expect(PORTFOLIO_ITEMS).toHaveLength(29);
    expect([...OPTIONAL_ITEMS]).toEqual(["V.1"]);
    const { ["V.1"]: _free, ...required } = all;
    expect(missingItems({ personId: "T1", links: required })).toEqual([]);
    expect(missingItems({ personId: "T1", links: { ...required, "I.5": " ", "II.3": "—" } })).toEqual(["I.5"]);
    expect(missingItems({ personId: "T1", links: {} })).toHaveLength(28);
  });

  it("lists the portfolios incomplete and not reviewed, and tells a link from a paragraph", () => {
    const reviews = [
      { teacherId: "T1", expert: "Бекова Г.", date: "2026-11-01", answers: { q1: "Талаптар сакталган." } },
      { teacherId: "T2", expert: "", date: "2026-11-01", answers: { q1: "Жакшы." } },
      { teacherId: "T3", expert: "Бекова Г.", date: "2026-11-01", answers: { q1: " " } },
    ];
    expect(reviews.map(isReviewed)).toEqual([true, false, false]);
    expect(portfolioStatus(["T1", "T2", "T3"], [{ personId: "T1", links: all }, { personId: "T2", links: { "I.1": "a.pdf" } }], reviews)).toEqual({
      incomplete: [
        { personId: "T2", missing: 27 },
        { personId: "T3", missing: 28 },
      ],
      unreviewed: ["T2", "T3"],
    });
    expect(linkProblem("https://drive.google.com/x")).toBeNull();
    expect(linkProblem("диплом.pdf\nжана башкасы")).toBe("multiline");
    expect(linkProblem("=IMPORTXML(1)")).toBe("formula");
  });
});
