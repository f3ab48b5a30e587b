/**
 * Generated tabs that people also write in (the year plan 4.4, the individual plans 4.1). Every row
 * carries a key in the hidden column A, so on regeneration whatever was typed is found again by
 * meaning — which person, which task, which field — wherever the rows have moved:
 *
 *   "S|<id>"      a single row with input cells (a text area, a sign-off line)
 *   "L|<region>"  one row of a list people can extend (activities, a plan table); a row someone
 *                 inserts without a key belongs to the list row above it
 *   "T|<region>"  the title of a region, remembered so its rows can be shown if the region goes away
 *   "G"           generated text only; a row with no key at all is one someone inserted
 *   "K"           the heading of the "kept" section
 *
 * Input that can no longer be placed (a task that is no longer a priority, a person who left) is
 * never dropped: it is shown in a clearly marked "kept" section at the end, still keyed, so it
 * returns to its place if the region comes back.
 */
import type { CellInput, CellStyle, Rect, Scalar, TabData, TabRender } from "./port";
import { isBlank, type CellRaw } from "./table";
import { carry, COLOURS, rect, wrappedHeight } from "./render/common";

export const KEY_COLUMN_WIDTH = 20;

export interface KeyedStore {
  singles: Map<string, CellRaw[]>;
  lists: Map<string, CellRaw[][]>;
  titles: Map<string, string>;
}

const rowHasInput = (cells: CellRaw[]) => cells.some((c) => !isBlank(c));

export function readKeyed(data: TabData | null): KeyedStore {
  const store: KeyedStore = { singles: new Map(), lists: new Map(), titles: new Map() };
  if (!data) return store;
  let currentList: string | null = null;
  data.values.forEach((row, r) => {
    const key = typeof row[0] === "string" ? row[0].trim() : "";
    const cells: CellRaw[] = row.slice(1).map((value, c) => ({ value: value ?? null, formula: data.formulas[r]?.[c + 1] ?? "" }));
    if (key.startsWith("L|")) {
      currentList = key.slice(2);
      store.lists.set(currentList, [...(store.lists.get(currentList) ?? []), cells]);
    } else if (key === "" && currentList !== null && rowHasInput(cells)) {
      // A row someone inserted inside a list belongs to that list.
      store.lists.get(currentList)!.push(cells);
    } else {
      currentList = null;
      if (key.startsWith("S|")) store.singles.set(key.slice(2), cells);
      else if (key.startsWith("T|")) store.titles.set(key.slice(2), cellToText(cells[0]?.value ?? null));
    }
  });
  return store;
}

function cellToText(value: Scalar): string {
  if (value === null) return "";
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

export interface ListOptions {
  /** Columns (1-based within the content, i.e. 1 = column B) people write in. */
  inputCols: number[];
  /** Rows written the first time, when nothing is stored yet. */
  starters?: CellInput[][];
  /** Generated cells of every row (for example the goal number), by content column. */
  fixed?: (index: number) => Partial<Record<number, CellInput>>;
  /** At least this many rows, blank if needed. */
  minRows?: number;
  /** Room to write by hand on paper: the least height of each row, in pixels (print only). */
  minHeight?: number;
}

export class KeyedTabBuilder {
  readonly cells: CellInput[][] = [];
  readonly styles: { range: Rect; style: CellStyle }[] = [];
  readonly merges: Rect[] = [];
  readonly mergeAcross: Rect[] = [];
  readonly rowHeights: { row: number; height: number }[] = [];
  /** Heights only hosts that do not fit rows to wrapped text need (xlsx); Sheets fits them itself. */
  readonly rowHeightHints: { row: number; height: number }[] = [];
  readonly rowBreaks: number[] = [];
  private readonly usedSingles = new Set<string>();
  private readonly usedLists = new Set<string>();

  /** `widths`: the pixel width of each content column, from column B. */
  constructor(
    readonly widths: number[],
    private readonly store: KeyedStore,
  ) {}

  get width(): number {
    return this.widths.length;
  }

  /** The height a row of wrapped cells needs in hosts that do not fit rows themselves. */
  private hintHeight(r: number, values: CellInput[], minHeight = 21): void {
    const height = Math.max(
      minHeight,
      ...values.map((v, i) => (typeof v === "string" && v.length > 0 ? wrappedHeight(v, this.widths[i] ?? 100) : 21)),
    );
    if (height > 21) this.rowHeightHints.push({ row: r, height });
  }

  get rowCount(): number {
    return this.cells.length;
  }

  private push(key: string, content: CellInput[]): number {
    const row: CellInput[] = [key || "G", ...content];
    while (row.length < this.width + 1) row.push(null);
    this.cells.push(row.slice(0, this.width + 1));
    return this.cells.length;
  }

  /**
   * A row of generated text. A single text runs over the empty cells to its right (no merge: a
   * merge is one Sheets call per row, and these rows repeat for every person).
   */
  text(content: CellInput | CellInput[], style?: CellStyle): number {
    const values = Array.isArray(content) ? content : [content];
    const r = this.push("", values);
    this.styles.push({ range: rect(r, 2, 1, this.width), style: { wrap: false, ...style } });
    return r;
  }

  /**
   * A long text as several rows of at most `maxChars` characters, broken between words: it reads
   * the same on screen and on paper in every host, without merged cells.
   */
  textLines(text: string, style?: CellStyle): void {
    for (const line of breakLines(text, this.lineChars(style))) this.text(line, style);
  }

  /** A wide text area people write in: one merged cell across the content width. */
  area(id: string, height: number): number {
    const stored = this.store.singles.get(id);
    this.usedSingles.add(id);
    const r = this.push(`S|${id}`, [carry(stored?.[0])]);
    this.merges.push(rect(r, 2, 1, this.width));
    this.styles.push({ range: rect(r, 2, 1, this.width), style: { wrap: true, vAlign: "top", background: "#ffffff" } });
    this.rowHeights.push({ row: r, height });
    return r;
  }

  blank(): number {
    return this.push("", []);
  }

  /** The title of a region; a long title goes on as plain text rows below it. */
  title(region: string, text: string, style: CellStyle = { bold: true }): number {
    const [first, ...rest] = breakLines(text, this.lineChars(style));
    const r = this.push(`T|${region}`, [first]);
    this.styles.push({ range: rect(r, 2, 1, this.width), style: { wrap: false, ...style } });
    this.store.titles.set(region, text);
    for (const line of rest) this.text(line, style);
    return r;
  }

  /** How many characters fit across the content width. */
  lineChars(style: CellStyle = {}): number {
    const px = this.widths.reduce((a, b) => a + b, 0);
    return Math.floor(px / ((style.fontSize ?? 10) * 0.63 * (style.bold ? 1.08 : 1)));
  }

  /**
   * A row with generated cells and input cells. `content` gives the generated cells (by content
   * column, 1 = B); the stored values of `inputCols` are put back.
   */
  single(id: string, content: Partial<Record<number, CellInput>>, inputCols: number[], minHeight?: number): number {
    const stored = this.store.singles.get(id);
    this.usedSingles.add(id);
    const values: CellInput[] = [];
    for (let c = 1; c <= this.width; c++) values.push(inputCols.includes(c) ? carry(stored?.[c - 1]) : content[c] ?? null);
    const r = this.push(`S|${id}`, values);
    for (const c of inputCols) this.styles.push({ range: rect(r, c + 1), style: { background: "#ffffff", wrap: true, vAlign: "top" } });
    this.hintHeight(r, values, minHeight);
    return r;
  }

  /** A list of rows people extend; what was stored comes back, else the starters, else blank rows. */
  list(region: string, options: ListOptions): { first: number; count: number } {
    const stored = (this.store.lists.get(region) ?? []).filter(rowHasInput);
    this.usedLists.add(region);
    const rows: CellInput[][] =
      stored.length > 0
        ? stored.map((cells) => cells.slice(0, this.width).map((c, i) => (options.inputCols.includes(i + 1) ? carry(c) : null)))
        : (options.starters ?? []).map((r) => [...r]);
    while (rows.length < (options.minRows ?? 1)) rows.push([]);
    const first = this.rowCount + 1;
    rows.forEach((row, i) => {
      const fixed = options.fixed?.(i) ?? {};
      const values: CellInput[] = [];
      for (let c = 1; c <= this.width; c++) values.push(c in fixed ? fixed[c]! : options.inputCols.includes(c) ? row[c - 1] ?? null : null);
      this.hintHeight(this.push(`L|${region}`, values), values, options.minHeight);
    });
    this.styles.push({ range: rect(first, 2, rows.length, this.width), style: { wrap: true, vAlign: "top" } });
    return { first, count: rows.length };
  }

  header(labels: string[]): number {
    const r = this.push("", labels);
    this.styles.push({ range: rect(r, 2, 1, labels.length), style: { bold: true, background: COLOURS.header, wrap: true, hAlign: "center", vAlign: "middle" } });
    return r;
  }

  pageBreak(): void {
    if (this.rowCount > 0) this.rowBreaks.push(this.rowCount);
  }

  /**
   * Everything stored that this generation did not place and that holds input: shown under a
   * marked heading, keyed as before.
   */
  keptSection(heading: string, labelOf: (region: string) => string): void {
    const lists = [...this.store.lists].filter(([region, rows]) => !this.usedLists.has(region) && rows.some(rowHasInput));
    const singles = [...this.store.singles].filter(([id, cells]) => !this.usedSingles.has(id) && rowHasInput(cells));
    if (lists.length === 0 && singles.length === 0) return;
    this.blank();
    const r = this.push("K", [heading]);
    this.styles.push({ range: rect(r, 2, 1, this.width), style: { wrap: false, bold: true, fontColor: "#c5221f", background: "#fce8e6" } });
    for (const [region, rows] of lists) {
      this.title(region, this.store.titles.get(region) || labelOf(region), { bold: true, italic: true });
      for (const cells of rows.filter(rowHasInput)) this.push(`L|${region}`, cells.slice(0, this.width).map(carry));
    }
    for (const [id, cells] of singles) {
      this.push(`S|${id}`, cells.slice(0, this.width).map(carry));
      this.styles.push({ range: rect(this.rowCount, 2, 1, this.width), style: { wrap: true } });
    }
  }

  /** The finished tab: column A (the keys) is hidden. */
  render(name: string, extra: Partial<TabRender>): TabRender {
    return {
      name,
      cells: this.cells,
      styles: this.styles,
      merges: this.merges,
      mergeAcross: this.mergeAcross,
      rowHeights: this.rowHeights,
      rowHeightHints: this.rowHeightHints,
      rowBreaks: this.rowBreaks,
      hiddenColumns: [1],
      ...extra,
    };
  }
}

export function breakLines(text: string, maxChars: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > maxChars) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}
