/** Русский: every key of ky.newYear.ts, translated. */
import type { kyNewYear } from "./ky.newYear";

export const ruNewYear: Record<keyof typeof kyNewYear, string> = {
  "menu.newYear": "Начать новый учебный год",
  "newYear.confirm":
    "Оценки, согласования и подписи в планах 4.1 за {from} учебный год будут сохранены на листе «{tab}» и очищены. Новый учебный год — {to}. Сотрудники, курсы и написанное в планах не изменятся. Продолжить?",
  "newYear.done":
    "{from} учебный год сохранён на листе «{tab}» (строк: {rows}). Новый учебный год: {to}. Оценки, согласования и подписи в планах 4.1 очищены; написанное в планах сохранено.",
  "newYear.cancelled": "Новый учебный год не начат: ничего не изменилось.",
  "newYear.refused.bad_year": "«{value}» — не учебный год. Запишите его как ГГГГ-ГГГГ, два года подряд, например 2027-2028. Ничего не изменилось.",
  "newYear.refused.no_current_year":
    "На листе «Мектеп» текущий учебный год не указан или указан неверно («{value}»). Запишите его как ГГГГ-ГГГГ (например 2026-2027) и повторите. Ничего не изменилось.",
  "newYear.refused.same_year": "Учебный год уже {year}: этот год уже начат, начать его второй раз нельзя. Ничего не изменилось.",
  "newYear.refused.not_next": "{to} — не следующий год после {from}; следующий — {next}. Ничего не изменилось.",
  "newYear.refused.archived":
    "{year} учебный год уже сохранён на листе «Тарых»: один год нельзя архивировать дважды. Проверьте учебный год на листе «Мектеп». Ничего не изменилось.",
  "history.title": "История: оценки прошлых учебных лет, подписи индивидуальных планов и часы курсов (каждая строка — один человек и одна запись)",
  "history.col.year": "Учебный год",
  "history.col.person_id": "ID сотрудника",
  "history.col.name": "ФИО",
  "history.col.framework": "Форма",
  "history.col.item": "Что сохранено",
  "history.col.competency": "Компетенция",
  "history.col.self": "Самооценка",
  "history.col.supervisor": "Оценка супервайзера",
  "history.col.agreed": "Согласованный уровень",
  "history.col.priority": "Приоритет",
  "history.col.self_explanation": "Пояснение к самооценке",
  "history.col.supervisor_explanation": "Пояснение супервайзера",
  "history.col.discussion": "Итог обсуждения",
  "history.col.value": "Значение",
  "summary.change.title": "Изменение по сравнению с прошлым учебным годом ({year}): ↑ — уровень повысился, ↓ — понизился, = — не изменился; пусто — в одном из лет уровня нет",
  "summary.change.ups": "Сколько ↑",
  "summary.change.downs": "Сколько ↓",
  "summary.change.movedUp": "Повысили уровень: всего и по каждой компетенции",
  "ui.lastYear": "В прошлом году ({year}) согласованный уровень: {level}",
  "ui.lastYear.none": "В прошлом году ({year}) согласованного уровня нет",
} as const;
