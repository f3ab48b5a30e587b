/**
 * Each person's individual plan as its own PDF in Sheets: Apps Script cannot set page breaks, so
 * the 4.1 tab's blocks are found by their hidden keys and each gets an export link for its rows.
 */
import type { TabData } from "../workbook/port";

export interface PlanLink {
  personId: string;
  name: string;
  url: string;
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ENTITIES[c]);

export function planLinks(tab: TabData, spreadsheetId: string, gid: number): PlanLink[] {
  const keys = tab.values.map((row) => (typeof row[0] === "string" ? row[0] : ""));
  const starts = keys.flatMap((key, i) => (key.startsWith("T|plan:") ? [{ row: i + 1, personId: key.slice("T|plan:".length) }] : []));
  // The "kept" section after the last block is nobody's plan.
  const kept = keys.indexOf("K");
  const end = kept >= 0 ? kept : tab.values.length;
  return starts.map((s, i) => {
    const last = i + 1 < starts.length ? starts[i + 1].row - 1 : end;
    const name = String(tab.values[s.row]?.[2] ?? s.personId);
    const url = `https://docs.google.com/spreadsheets/d/${spreadsheetId}/export?format=pdf&size=A4&portrait=true&fitw=true&gridlines=false&gid=${gid}&range=B${s.row}:H${last}`;
    return { personId: s.personId, name, url };
  });
}

export function planLinksHtml(links: PlanLink[], intro: string): string {
  const items = links.map((l) => `<li><a href="${escapeHtml(l.url)}" target="_blank" rel="noopener">${escapeHtml(l.name)} (${escapeHtml(l.personId)})</a></li>`);
  return `<div style="font:14px Arial,sans-serif"><p>${escapeHtml(intro)}</p><ol>${items.join("")}</ol></div>`;
}
