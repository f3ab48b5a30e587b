/**
 * The three competency frameworks of the guide, as data. The JSON files are taken word for word
 * from the seed (see data/NOTES.md for every flattening fix); this module only types and indexes them.
 */
import teacherData from "./data/teacher.json";
import leaderData from "./data/leader.json";
import directorData from "./data/director.json";

export const FRAMEWORK_IDS = ["teacher", "leader", "director"] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

export interface Descriptors {
  low: string[];
  mid: string[];
  high: string[];
}

export interface Competency {
  /** "1".."22" for teachers and directors, "1.1".."1.11" for leaders. */
  n: string;
  text: string;
  textRu: string;
  /** The wording appendix 13 (the application, tool 4.3) prints for this competency. */
  applicationText?: string;
  supervisorText: string;
  supervisorTextRu: string;
  hint?: string;
  hintRu?: string;
  descriptors?: Descriptors;
}

export interface Domain {
  name: string;
  nameRu: string;
  /** The domain's name as appendix 13 prints it. */
  applicationName?: string;
  competencies: Competency[];
}

export interface QuestionOption {
  ky: string;
  ru: string;
}

export interface Question {
  id: string;
  text: string;
  textRu: string;
  options: QuestionOption[];
  allowOther?: boolean;
}

export interface Framework {
  id: FrameworkId;
  title: { ky: string; ru: string };
  tools: { self: string; supervisor: string };
  domains: Domain[];
  openDomain?: { name: string; nameRu: string; note?: string; noteRu?: string };
  questions?: Question[];
}

export const FRAMEWORKS: Record<FrameworkId, Framework> = {
  teacher: teacherData as Framework,
  leader: leaderData as Framework,
  director: directorData as Framework,
};

export function isFrameworkId(value: unknown): value is FrameworkId {
  return typeof value === "string" && (FRAMEWORK_IDS as readonly string[]).includes(value);
}

// The frameworks never change, so their flat lists are made once (an import checks 90,000 lines).
const COMPETENCIES = Object.fromEntries(FRAMEWORK_IDS.map((id) => [id, Object.freeze(FRAMEWORKS[id].domains.flatMap((d) => d.competencies))])) as Record<FrameworkId, readonly Competency[]>;
const NUMBERS = Object.fromEntries(FRAMEWORK_IDS.map((id) => [id, Object.freeze(COMPETENCIES[id].map((c) => c.n))])) as Record<FrameworkId, readonly string[]>;

/** Competencies of a framework in their printed order. */
export function competenciesOf(framework: FrameworkId): readonly Competency[] {
  return COMPETENCIES[framework];
}

export function competencyNumbers(framework: FrameworkId): readonly string[] {
  return NUMBERS[framework];
}

export function findCompetency(framework: FrameworkId, n: string): Competency | undefined {
  return competenciesOf(framework).find((c) => c.n === n);
}

export function domainOf(framework: FrameworkId, n: string): { domain: Domain; index: number } | undefined {
  const domains = FRAMEWORKS[framework].domains;
  for (let index = 0; index < domains.length; index++) {
    if (domains[index].competencies.some((c) => c.n === n)) return { domain: domains[index], index };
  }
  return undefined;
}

/** The shape printed by `ukoo frameworks --json`. */
export function frameworksAsJson(): Record<FrameworkId, unknown> {
  const out = {} as Record<FrameworkId, unknown>;
  for (const id of FRAMEWORK_IDS) {
    out[id] = {
      domains: FRAMEWORKS[id].domains.map((d) => ({
        name: d.name,
        competencies: d.competencies.map((c) => ({
          n: c.n,
          text: c.text,
          ...(c.descriptors ? { descriptors: { low: c.descriptors.low, mid: c.descriptors.mid, high: c.descriptors.high } } : {}),
        })),
      })),
    };
  }
  return out;
}
