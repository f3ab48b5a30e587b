/**
 * The portfolio (tool 1.3) as rules with no host: the checklist of the guide's sections I–V (word for
 * word in data/portfolio.json, beside the school's regulation from seed 004), what makes a portfolio
 * complete, and the "Портфолио экспертизасы" review.
 */
import portfolioData from "./data/portfolio.json";
import type { Text } from "./observation";

export interface PortfolioItem {
  /** "I.1" … "V.1", the guide's numbering. */
  id: string;
  text: string;
  textRu: string;
}

export interface PortfolioSection {
  id: string;
  label: string;
  title: string;
  titleRu: string;
  items: PortfolioItem[];
}

export const PORTFOLIO = portfolioData as unknown as {
  title: Text;
  sections: PortfolioSection[];
  expertise: {
    title: Text;
    procedureName: Text;
    header: { key: string; ky: string; ru: string }[];
    questions: { key: string; ky: string; ru: string }[];
  };
};

export const PORTFOLIO_ITEMS: PortfolioItem[] = PORTFOLIO.sections.flatMap((s) => s.items);

/**
 * Items a portfolio may leave empty and still be complete. Section V is the guide's "free section"
 * (Эркин бөлүм): the teacher adds to it if they wish.
 */
export const OPTIONAL_ITEMS = new Set(PORTFOLIO.sections.filter((s) => s.id === "V").flatMap((s) => s.items.map((i) => i.id)));

/** A teacher's portfolio: a link (a Drive URL) or a file name per item; missing items are absent. */
export interface Portfolio {
  personId: string;
  links: Record<string, string>;
}

export function missingItems(p: Portfolio): string[] {
  return PORTFOLIO_ITEMS.filter((i) => !OPTIONAL_ITEMS.has(i.id) && !(p.links[i.id] ?? "").trim()).map((i) => i.id);
}

/** A link is a web address or a file name: one line of text, no formula. */
export function linkProblem(text: string): "multiline" | "formula" | null {
  if (/[\r\n]/.test(text)) return "multiline";
  if (text.trim().startsWith("=")) return "formula";
  return null;
}

export interface Expertise {
  teacherId: string;
  expert: string;
  date: string;
  answers: Record<string, string>;
}

/** A review counts once it names its expert, has a date and says something in the form. */
export function isReviewed(e: Expertise): boolean {
  return e.expert.trim() !== "" && e.date !== "" && Object.values(e.answers).some((a) => a.trim() !== "");
}

/** Where the teachers' portfolios stand: who has items missing (and how many), who has had no review. */
export interface PortfolioStatus {
  incomplete: { personId: string; missing: number }[];
  unreviewed: string[];
}

export function portfolioStatus(teacherIds: string[], portfolios: Portfolio[], reviews: Expertise[]): PortfolioStatus {
  const byId = new Map(portfolios.map((p) => [p.personId, p]));
  const reviewed = new Set(reviews.filter(isReviewed).map((r) => r.teacherId));
  return {
    incomplete: teacherIds
      .map((id) => ({ personId: id, missing: missingItems(byId.get(id) ?? { personId: id, links: {} }).length }))
      .filter((p) => p.missing > 0),
    unreviewed: teacherIds.filter((id) => !reviewed.has(id)),
  };
}
