/**
 * The demo school's year-round records (tools 1.1–1.3): a few lesson observations over three school
 * years, portfolio links for some teachers, one review and one mentoring meeting, so every new tab and
 * the 4.5 observation table show something real.
 */
import { MONITORING, OBSERVATION_FORM } from "../core/yearRound/observation";
import { PORTFOLIO, PORTFOLIO_ITEMS } from "../core/yearRound/portfolio";
import type { Person } from "../core/people";
import { cellOf, type InputModel, type Row } from "../workbook/model";
import { expertiseKey, gradeKey, mentoringColumns, portfolioKey, questionKey, TAB_MENTORING, YEAR_ROUND_HEADER_ROW } from "../workbook/schema";
import type { WorkbookPort } from "../workbook/port";
import { MENTORING_GUIDE } from "../core/yearRound/mentoringLog";
import { seededRandom } from "./demo";

const iso = (d: Date) => d.toISOString().slice(0, 10);

export function addDemoYearRound(model: InputModel, people: Person[], today: Date): void {
  const rnd = seededRandom(12);
  const teachers = people.filter((p) => p.role === "teacher" && p.subjects.length > 0);
  const observer = people.find((p) => p.role === "deputy_head")?.name ?? "";
  const day = 86_400_000;
  // Twelve observations: two sections each, the later ones a little better.
  for (let i = 0; i < 12; i++) {
    const teacher = teachers[i % 6];
    const date = new Date(today.getTime() - (30 + i * 70) * day);
    const sections = [OBSERVATION_FORM.sections[i % 6], OBSERVATION_FORM.sections[(i + 2) % 6]];
    const row: Row = {
      date: cellOf(iso(date)),
      observer: cellOf(observer),
      teacher_id: cellOf(teacher.id),
      class: cellOf(`${5 + (i % 6)}-Б`),
      subject: cellOf(teacher.subjects[0]),
      topic: cellOf(""),
      strengths: cellOf(i % 3 === 0 ? "Окуучулар топто иштей алышат; тапшырмалар так берилди." : ""),
      advice: cellOf(i % 3 === 0 ? "Сабактын аягында кайтарым байланышка убакыт калтырыңыз." : ""),
    };
    for (const s of sections) {
      const grade = MONITORING.grades[Math.min(3, Math.floor(rnd() * 3) + (i > 6 ? 0 : 1))];
      row[gradeKey(s.id)] = cellOf(grade.ky);
      for (const q of s.questions) row[questionKey(q.id)] = cellOf(OBSERVATION_FORM.answers[rnd() < 0.75 ? 0 : rnd() < 0.7 ? 1 : 2].ky);
    }
    model.observations.rows.push(row);
  }
  // Portfolios: the first teacher's is complete, the next three are on the way.
  teachers.slice(0, 4).forEach((t, i) => {
    const row: Row = { id: cellOf(t.id) };
    const filled = i === 0 ? PORTFOLIO_ITEMS.length - 1 : 6 + i * 4;
    PORTFOLIO_ITEMS.slice(0, filled).forEach((item, k) => {
      row[portfolioKey(item.id)] = cellOf(k % 4 === 3 ? "—" : `https://drive.google.com/file/d/demo-${t.id}-${item.id}`);
    });
    model.portfolio.rows.set(t.id, row);
  });
  const first = teachers[0];
  const review: Row = {
    teacher_id: cellOf(first.id),
    expert: cellOf(observer),
    date: cellOf(iso(new Date(today.getTime() - 10 * day))),
  };
  PORTFOLIO.expertise.questions.forEach((q, i) => (review[expertiseKey(q.key)] = cellOf(i === 0 ? "Талаптар сакталган." : i === 1 ? "Сабактардын иштелмелери жакшы түзүлгөн." : "")));
  model.expertise.rows.push(review);
}

/** Two meetings of the first pairs the year plan made (their rows exist once the plan is built). */
export function addDemoMeetings(port: WorkbookPort, today: Date): void {
  const cols = mentoringColumns();
  const first = cols.findIndex((c) => c.key === "date") + 1;
  const day = 86_400_000;
  const [observes, , talk] = MENTORING_GUIDE.meetingTypes;
  port.updateCells(TAB_MENTORING, [
    {
      row: YEAR_ROUND_HEADER_ROW + 1,
      col: first,
      values: [
        [iso(new Date(today.getTime() - 12 * day)), observes.ky, "Топтук иштин эрежелерине көңүл бурабыз.", "", ""],
        [iso(new Date(today.getTime() - 60 * day)), talk.ky, "", "Ачык суроолор: эки кадам макулдашылды.", ""],
      ],
    },
  ]);
}
