/**
 * A realistic synthetic school (about 60 staff in all three frameworks), generated deterministically
 * as the interchange files a school would import, with the answers a check must find.
 */
import { competencyNumbers, type FrameworkId } from "../core/frameworks/index";
import type { Level } from "../core/levels";
import { frameworksOf, type Person, type Role } from "../core/people";

/** mulberry32: a tiny seeded generator, so the demo is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_F = ["Айгүл", "Чынара", "Айжан", "Гүлнара", "Жылдыз", "Асель", "Бактыгүл", "Динара", "Назира", "Айпери", "Эльмира", "Гүлзат", "Сезим", "Бегайым", "Жаңыл", "Мээрим", "Нургүл", "Салтанат", "Айнура", "Токтокан"];
const FIRST_M = ["Бакыт", "Нурлан", "Эрмек", "Мирлан", "Канат", "Тынчтык", "Улан", "Азамат", "Талант", "Бекболот", "Жоомарт", "Руслан"];
const LAST: [string, string][] = [
  ["Асанов", "Асанова"], ["Токтогулов", "Токтогулова"], ["Мамытов", "Мамытова"], ["Сыдыков", "Сыдыкова"],
  ["Абдыкалыков", "Абдыкалыкова"], ["Осмонов", "Осмонова"], ["Жумабаев", "Жумабаева"], ["Кадыров", "Кадырова"],
  ["Исаков", "Исакова"], ["Беков", "Бекова"], ["Турдубаев", "Турдубаева"], ["Алымкулов", "Алымкулова"],
  ["Эсенов", "Эсенова"], ["Сатыбалдиев", "Сатыбалдиева"], ["Бейшеналиев", "Бейшеналиева"], ["Орозбаев", "Орозбаева"],
  ["Абдрахманов", "Абдрахманова"], ["Муратов", "Муратова"], ["Дүйшөнов", "Дүйшөнова"], ["Карабеков", "Карабекова"],
];

export interface DemoDepartment {
  name: string;
  subjects: string[];
  teachers: number;
}

const DEPARTMENTS: DemoDepartment[] = [
  { name: "Математика жана информатика", subjects: ["математика", "Математика", "матем", "информатика"], teachers: 7 },
  { name: "Кыргыз тили жана адабияты", subjects: ["кыргыз тили", "кыргыз адабияты"], teachers: 6 },
  { name: "Орус тили жана адабияты", subjects: ["орус тили", "орус адабияты"], teachers: 5 },
  { name: "Табигый илимдер", subjects: ["физика", "химия", "биология"], teachers: 6 },
  { name: "Коомдук илимдер", subjects: ["тарых", "география", "адам жана коом"], teachers: 5 },
  { name: "Башталгыч класстар", subjects: ["башталгыч класстар"], teachers: 10 },
  { name: "Чет тилдер", subjects: ["англис тили", "немис тили"], teachers: 5 },
  { name: "Дене тарбия жана искусство", subjects: ["дене тарбия", "музыка", "сүрөт"], teachers: 4 },
];

export interface DemoData {
  school: Record<string, string>;
  people: Person[];
  ratings: { personId: string; framework: FrameworkId; competency: string; rater: "self" | "supervisor" | "agreed"; level: Level; comment: string }[];
  priorities: { personId: string; framework: FrameworkId; competency: string }[];
  courses: { personId: string; date: string; hours: number; title: string; programmeType: number; provider: string; distance: boolean; certificate: boolean }[];
}

const COURSE_TITLES = [
  "Калыптандыруучу баалоо",
  "Предметтик стандарттар боюнча пландоо",
  "Инклюзивдик билим берүү",
  "Окутуудагы МКТ",
  "Сынчыл ой жүгүртүүнү өнүктүрүү",
  "Классты тескөө",
  "Функционалдык сабаттуулук",
];
const PROVIDERS = ["РПК КЖКИ", "КББА", "Бишкек ш. ББ усулдук борбору", "Мектептин базасында"];

function clampLevel(n: number): Level {
  return (n < 1 ? 1 : n > 3 ? 3 : Math.round(n)) as Level;
}

/** The demo school: ids T01…, D01…, Z01…, DIR; one teacher's supervisor is left blank on purpose. */
export function demoData(options: { staff?: number; seed?: number; year?: number; schoolYear?: string; asOf?: string } = {}): DemoData {
  const rnd = seededRandom(options.seed ?? 2026);
  const year = options.year ?? 2026;
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  const usedNames = new Set<string>();
  const INITIALS = "АБГДЖКМНОРСТЧЭ";
  const personName = () => {
    const draw = () => {
      const female = rnd() < 0.75;
      const [male, femaleName] = pick(LAST);
      return `${female ? femaleName : male} ${pick(female ? FIRST_F : FIRST_M)}`;
    };
    let base = draw();
    for (let tries = 0; usedNames.has(base) && tries < 50; tries++) base = draw();
    // A large school runs out of name pairs: a patronymic initial tells namesakes apart, as schools do.
    let name = base;
    for (let k = 0; usedNames.has(name); k++) name = `${base} ${INITIALS[k % INITIALS.length]}.${k >= INITIALS.length ? ` ${Math.floor(k / INITIALS.length) + 1}` : ""}`;
    usedNames.add(name);
    return name;
  };
  const people: Person[] = [];
  const add = (p: Omit<Person, "name" | "email" | "category" | "experienceYears" | "lastCourseYear">) => {
    const experienceYears = Math.floor(rnd() * 30);
    const person: Person = {
      ...p,
      name: personName(),
      email: `${p.id.toLowerCase()}@mektep12.kg`,
      category: pick(["none", "2", "1", "highest"] as const),
      experienceYears,
      lastCourseYear: rnd() < 0.15 ? undefined : year - Math.floor(rnd() * 7),
    };
    people.push(person);
    return person;
  };

  add({ id: "DIR", role: "director" as Role, subjects: ["тарых"], supervisorId: undefined, department: "Администрация" });
  add({ id: "Z01", role: "deputy_head", subjects: ["математика"], supervisorId: "DIR", department: "Администрация" });
  add({ id: "Z02", role: "deputy_head", subjects: ["кыргыз тили"], supervisorId: "DIR", department: "Администрация" });
  add({ id: "Z03", role: "deputy_head", subjects: [], supervisorId: "DIR", department: "Администрация" });
  let t = 1;
  // Teachers per department in the demo's proportions, adding up to exactly the staff asked for.
  const wantedTeachers = Math.max(DEPARTMENTS.length, (options.staff ?? 60) - 4 - DEPARTMENTS.length);
  const share = DEPARTMENTS.map((d) => (d.teachers * wantedTeachers) / DEPARTMENTS.reduce((n, x) => n + x.teachers, 0));
  const counts = share.map(Math.floor);
  const order = share.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest);
  for (let k = 0; counts.reduce((a, b) => a + b, 0) < wantedTeachers; k++) counts[order[k % order.length].i]++;
  DEPARTMENTS.forEach((dep, i) => {
    const headId = `D${String(i + 1).padStart(2, "0")}`;
    add({ id: headId, role: "department_head", subjects: [dep.subjects[0]], supervisorId: i < 4 ? "Z01" : "Z02", department: dep.name });
    const count = Math.max(1, counts[i]);
    for (let k = 0; k < count; k++) {
      const main = pick(dep.subjects);
      const second = rnd() < 0.25 ? pick(dep.subjects.filter((s) => s.toLowerCase() !== main.toLowerCase())) : undefined;
      const id = `T${String(t).padStart(t > 999 ? 4 : 3, "0")}`;
      t++;
      add({
        id,
        role: "teacher",
        subjects: second ? [main, second] : [main],
        supervisorId: headId,
        department: dep.name,
      });
    }
  });
  // Young teachers for the year plan, and one teacher whose supervisor is still to be written in.
  people.filter((p) => p.role === "teacher").slice(-4).forEach((p) => (p.experienceYears = Math.floor(rnd() * 3)));
  const unsupervised = people.find((p) => p.id === "T012");
  if (unsupervised) unsupervised.supervisorId = undefined;

  const ratings: DemoData["ratings"] = [];
  const priorities: DemoData["priorities"] = [];
  const COMMENTS = ["Сабактарга байкоодон кийин талкууладык", "Портфолиодо далилдер бар", "Мектептеги семинарга катышуу керек", ""];
  people.forEach((p, index) => {
    for (const fw of frameworksOf(p)) {
      const numbers = competencyNumbers(fw);
      const skill = 1.3 + rnd() * 1.4;
      // A few people have not finished: no self-assessment at all, or a supervisor not done yet.
      const selfDone = index % 17 !== 5;
      const supDone = index % 23 !== 7;
      const agreedLevels: Level[] = [];
      numbers.forEach((n, i) => {
        const truth = skill + (rnd() - 0.5) * 1.6;
        const self = clampLevel(truth + (rnd() < 0.18 ? (rnd() < 0.6 ? 1 : -1) : 0));
        const sup = clampLevel(truth + (rnd() < 0.12 ? (rnd() < 0.5 ? 1 : -1) : 0) + (rnd() < 0.03 ? -2 : 0));
        if (selfDone && !(index % 11 === 3 && i >= numbers.length - 3)) {
          ratings.push({ personId: p.id, framework: fw, competency: n, rater: "self", level: self, comment: rnd() < 0.08 ? pick(COMMENTS) : "" });
        }
        if (supDone) {
          ratings.push({ personId: p.id, framework: fw, competency: n, rater: "supervisor", level: sup, comment: rnd() < 0.05 ? pick(COMMENTS) : "" });
        }
        // After some discussions the agreed level is recorded where the two differed.
        const agreed = selfDone && supDone && self !== sup && index % 3 === 0 ? sup : undefined;
        if (agreed !== undefined) ratings.push({ personId: p.id, framework: fw, competency: n, rater: "agreed", level: agreed, comment: "" });
        agreedLevels.push(agreed ?? (self === sup ? self : sup));
      });
      if (selfDone && supDone && index % 2 === 0) {
        const chosen = numbers.filter((_, i) => agreedLevels[i] <= 2).slice(0, 2 + (index % 3));
        for (const n of chosen) priorities.push({ personId: p.id, framework: fw, competency: n });
      }
    }
  });

  const courses: DemoData["courses"] = [];
  // Some courses already this school year, up to the as-of day.
  const asOf = options.asOf ?? `${year}-06-30`;
  const [ay, am, ad] = asOf.split("-").map(Number);
  const yearStart = new Date(Date.UTC(am >= 9 ? ay : ay - 1, 8, 1)).getTime();
  const span = Math.max(0, Date.UTC(ay, am - 1, ad) - yearStart);
  for (const p of people) {
    if (rnd() < 0.25 && span > 0) {
      courses.push({
        personId: p.id,
        date: new Date(yearStart + Math.floor(rnd() * span)).toISOString().slice(0, 10),
        hours: pick([8, 16, 24]),
        title: pick(COURSE_TITLES),
        programmeType: pick([1, 2, 4, 5]),
        provider: pick(PROVIDERS),
        distance: rnd() < 0.3,
        certificate: true,
      });
    }
  }
  for (const p of people) {
    const count = Math.floor(rnd() * 4);
    for (let k = 0; k < count; k++) {
      const y = year - 1 - Math.floor(rnd() * 6);
      const m = 1 + Math.floor(rnd() * 12);
      const d = 1 + Math.floor(rnd() * 28);
      courses.push({
        personId: p.id,
        date: `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
        hours: pick([8, 16, 18, 24, 36, 72]),
        title: pick(COURSE_TITLES),
        programmeType: 1 + Math.floor(rnd() * 7),
        provider: pick(PROVIDERS),
        distance: rnd() < 0.2,
        certificate: rnd() < 0.8,
      });
    }
  }

  return {
    school: {
      name: "Ж. Баласагын атындагы №12 орто мектеби",
      address: "Бишкек ш., Октябрь району, Ахунбаев көч., 95",
      code: "12-0412",
      district: "Бишкек ш., Октябрь району",
      // The application goes to the district: its contact is a role, so no staff name leaves the school.
      contact: "Окуу бөлүм башчысы (завуч)",
      phone: "+996 312 54 12 12",
      email: "mektep12@edu.kg",
      year: options.schoolYear ?? `${year - 1}-${year}`,
    },
    people,
    ratings,
    priorities,
    courses,
  };
}

// ---- As the interchange files ------------------------------------------------------------------

function csvField(value: string | number | undefined): string {
  const s = value === undefined ? "" : String(value);
  return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: readonly string[], rows: (string | number | undefined)[][]): string {
  return [header.join(","), ...rows.map((r) => r.map(csvField).join(","))].join("\n") + "\n";
}

const CATEGORY_WORD = { none: "none", "2": "2", "1": "1", highest: "highest" } as const;

export function demoFiles(data: DemoData): Record<"school.json" | "staff.csv" | "ratings.csv" | "priorities.csv" | "courses.csv", string> {
  return {
    "school.json": JSON.stringify(data.school, null, 2) + "\n",
    "staff.csv": csv(
      ["id", "name", "email", "role", "subjects", "category", "experience_years", "last_course_year", "supervisor_id", "department"],
      data.people.map((p) => [
        p.id,
        p.name,
        p.email,
        p.role,
        p.subjects.join(";"),
        p.category ? CATEGORY_WORD[p.category] : "",
        p.experienceYears,
        p.lastCourseYear,
        p.supervisorId,
        p.department,
      ]),
    ),
    "ratings.csv": csv(
      ["person_id", "framework", "competency", "rater", "level", "comment"],
      data.ratings.map((r) => [r.personId, r.framework, r.competency, r.rater, r.level, r.comment]),
    ),
    "priorities.csv": csv(["person_id", "framework", "competency"], data.priorities.map((p) => [p.personId, p.framework, p.competency])),
    "courses.csv": csv(
      ["person_id", "date", "hours", "title", "programme_type", "provider", "distance", "certificate"],
      data.courses.map((c) => [c.personId, c.date, c.hours, c.title, c.programmeType, c.provider, c.distance ? "yes" : "no", c.certificate ? "yes" : "no"]),
    ),
  };
}
