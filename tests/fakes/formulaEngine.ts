/**
 * Formulas for the fakes as Google Sheets reads and computes them: parsed in the spreadsheet's
 * locale and evaluated by HyperFormula (a test-only dependency, GPL-3.0-only, hence
 * licenseKey "gpl-v3"), so a test can read what a cell shows.
 *
 * Google's rules modelled here:
 * - Sheets parses a formula in the spreadsheet's locale. ru_RU writes decimals with "," and
 *   separates function arguments with ";", so "=IF(A1=1,2,3)" is a parse error there while
 *   "=IF(A1=1;2;3)" is not, and "=1,5*2" is 3. en_US uses "." decimals and "," separators.
 * - Sheets also accepts ";" as the argument separator in every locale (since 2019) and
 *   autocorrects it to the locale's own, so en_US takes "=IF(A1=1;2;3)" and stores
 *   "=IF(A1=1,2,3)"; "," is no separator in a ";" locale:
 *   https://github.com/mricon/ingress-fieldplan/issues/5 (last comment),
 *   https://github.com/axemonk/Spreadsheet-Formula/issues/19,
 *   https://github.com/googleapis/google-api-nodejs-client/issues/1994 ("," failing in a ";" locale).
 * - A formula read back (getFormulas, valueRenderOption FORMULA) is in the locale's form:
 *   ru_RU keeps ";" and "," decimals, en_US shows "," and "." decimals. Sheets also upper-cases
 *   function names and cell references as it stores a formula.
 * - Array literals: en_US writes {1,2;3,4}; a "," decimal locale writes {1\2;3\4} ("\" between
 *   columns, ";" between rows).
 * - A formula that does not parse shows "#ERROR!" ("Formula parse error."); an unknown function
 *   shows "#NAME?" ("Unknown function: 'FOO'.").
 *
 * The only text handling of our own is a small tokenizer that knows strings ("…" with ""
 * escapes), quoted sheet names ('…' with '' escapes), numbers, references and separators: it turns
 * en_US's ";" into ",", maps ru_RU's array separators onto HyperFormula's, writes a "" inside a
 * string and TRUE/FALSE in forms HyperFormula reads, and moves the relative references of a
 * conditional-format rule. Parsing proper is HyperFormula's, configured with the
 * locale's separators.
 */
import {
  CellError,
  DetailedCellError,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
  type CellValue,
  type ConfigParams,
  type RawCellContent,
} from "hyperformula";

export type SheetsLocale = "ru_RU" | "en_US";

export type ParsedFormula =
  | { ok: true; stored: string }
  /** `shows` is what the cell displays: "#ERROR!" for a parse error, "#NAME?" for an unknown function. */
  | { ok: false; error: string; shows: "#ERROR!" | "#NAME?" };

export interface SheetCells {
  name: string;
  /**
   * Cells by 1-based row and column: a value (string, number, boolean, Date, "" for empty) or a
   * formula (with or without its leading "=") in `locale`'s stored form; a non-empty formula wins.
   */
  cells: Iterable<{ row: number; col: number; value: unknown; formula: string }>;
}

/**
 * HyperFormula set up to compute as Sheets does:
 * - caseSensitive false, accentSensitive true: Sheets' "=" ignores case ("abc"="ABC") but not
 *   accents ("é"<>"e"). HyperFormula's MATCH and VLOOKUP ignore both whatever the setting (it
 *   strips diacritics, so "й" matches "и"): not modelled.
 * - evaluateNullToZero false: a formula reading an empty cell shows empty (Sheets), not 0 (Excel).
 * - nullDate 1899-12-30 with leapYear1900 false: Sheets' serial numbers (DATE(1900,1,1) is 2).
 * - smartRounding with precisionRounding 14: values come out to 15 significant digits, the
 *   precision Sheets shows (1/3 is 0.333333333333333, 0.1+0.2 is 0.3), and "=" tolerates the last
 *   bit of float noise (=0.1+0.2=0.3 is TRUE in Sheets).
 * - matchWholeCell true, useWildcards true, no regular expressions: COUNTIF/MATCH criteria as in
 *   Sheets.
 * - useColumnIndex: MATCH(…,'tab'!$A:$A,0) from every row of a 13,000-row tab stays fast
 *   (without it the 600-staff demo's agreement tab takes some 7 s more).
 * - Whole-column and whole-row ranges ('tab'!$A:$Z, $4:$4) end at the sheet's data, not its grid:
 *   INDEX past the last written row is #NUM! where Sheets shows an empty cell (both "" through
 *   the product's IFERROR).
 * - maxRows 200,000: HyperFormula's 40,000 is less than the agreement tab at 2,000 staff (44,000
 *   rows); a limit near Sheets' own (10 million cells) makes each whole-column range cost several
 *   times more to build. maxColumns stays ZZZ, as in Sheets.
 * - undoLimit 0: the workbook is built once and only read.
 */
function config(locale: SheetsLocale): Partial<ConfigParams> {
  const common: Partial<ConfigParams> = {
    licenseKey: "gpl-v3",
    caseSensitive: false,
    accentSensitive: true,
    evaluateNullToZero: false,
    nullDate: { year: 1899, month: 12, day: 30 },
    leapYear1900: false,
    smartRounding: true,
    precisionRounding: 14,
    matchWholeCell: true,
    useWildcards: true,
    useRegularExpressions: false,
    useColumnIndex: true,
    maxRows: 200_000,
    maxColumns: 18_278,
    undoLimit: 0,
    thousandSeparator: "",
  };
  common.functionPlugins = [...HyperFormula.getAllFunctionPlugins(), ReadOneCellIndex];
  return locale === "ru_RU"
    ? {
        ...common,
        functionArgSeparator: ";",
        decimalSeparator: ",",
        // HyperFormula has no "\": ru_RU's {1\2;3\4} reaches it as {1;2|3;4} (see `translate`).
        arrayColumnSeparator: ";",
        arrayRowSeparator: "|",
        localeLang: "ru",
        dateFormats: ["DD.MM.YYYY", "DD.MM.YY"],
      }
    : {
        ...common,
        functionArgSeparator: ",",
        decimalSeparator: ".",
        arrayColumnSeparator: ",",
        arrayRowSeparator: ";",
        localeLang: "en",
        dateFormats: ["MM/DD/YYYY", "MM/DD/YY"],
      };
}

// ---------------------------------------------------------------------------------------------
// Two changes to HyperFormula 3.5.0 (pinned) for speed, neither changing a result.

/**
 * INDEX as HyperFormula computes it, but reading the one cell it returns: HyperFormula's copies the
 * whole range first, so 4 INDEXes per row into '2.1 …'!$A:$Z over 13,000 rows copy the rating tab
 * 52,000 times. Also like Sheets, a fractional row or column is truncated (HyperFormula would fall
 * back to the range's top-left cell).
 */
class ReadOneCellIndex extends FunctionPlugin {
  static override implementedFunctions = {
    INDEX: {
      method: "index",
      parameters: [
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 },
      ],
    },
  };

  // HyperFormula exports no types for a function's AST and state.
  index(ast: { args: never[] }, state: never) {
    return this.runFunction(ast.args, state, this.metadata("INDEX"), (range: SimpleRangeValue, rowArg: number, colArg: number) => {
      const row = Math.trunc(rowArg);
      const col = Math.trunc(colArg);
      if (col < 1 || row < 1) return new CellError(ErrorType.VALUE, "Value cannot be less than 1.");
      if (col > range.width() || row > range.height()) return new CellError(ErrorType.NUM, "Value too large.");
      if (!range.range) return range.data[row - 1][col - 1];
      const start = range.range.start;
      const value = this.dependencyGraph.getCellValue({ sheet: start.sheet, row: start.row + row - 1, col: start.col + col - 1 });
      return value instanceof SimpleRangeValue ? new CellError(ErrorType.VALUE, "A value, not a range, was expected.") : value;
    });
  }
}

/**
 * HyperFormula links every cell of a range to the range's vertex each time a formula names the
 * range, even when the vertex exists already and so is linked: 26,000 formulas naming
 * '2.1 …'!$A:$Z add its 18,000 links 26,000 times. A range whose vertex exists only gets the edge
 * to the formula, which is all the repeat adds. Patched on the prototype once; left alone if a
 * HyperFormula without these methods comes (then only slower).
 */
function linkKnownRangesOnce(): void {
  interface Graph {
    processCellDependencies(deps: unknown[], end: { idInGraph?: number }): void;
    getRange(start: unknown, end: unknown): { idInGraph?: number } | undefined;
    graph: { addEdge(from: number, to: number): void };
  }
  const proto = Object.getPrototypeOf(HyperFormula.buildEmpty({ licenseKey: "gpl-v3" }).dependencyGraph) as Graph & { linksKnownRangesOnce?: true };
  const original = proto.processCellDependencies;
  if (proto.linksKnownRangesOnce || typeof original !== "function" || typeof proto.getRange !== "function") return;
  proto.processCellDependencies = function (this: Graph, deps, end) {
    for (const dep of deps) {
      const range = dep as { start?: unknown; end?: unknown; effectiveEndRow?: unknown };
      if (typeof range.effectiveEndRow === "function") {
        const vertex = this.getRange(range.start, range.end);
        if (vertex?.idInGraph !== undefined && end.idInGraph !== undefined) {
          this.graph.addEdge(vertex.idInGraph, end.idInGraph);
          continue;
        }
      }
      original.call(this, [dep], end);
    }
  };
  proto.linksKnownRangesOnce = true;
}
linkKnownRangesOnce();

// ---------------------------------------------------------------------------------------------
// The tokenizer

type TokenKind = "string" | "sheet" | "ref" | "func" | "name" | "bool" | "number" | "space" | "punct";
interface Token {
  kind: TokenKind;
  text: string;
}

const NON_ASCII_WORD = /[\p{L}\p{N}]/u;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
/** A character of a name: ASCII letters and digits, "_", ".", "$", and any other letter or digit. */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isLetter(c) || isDigit(c) || c === 95 || c === 46 || c === 36;
  return NON_ASCII_WORD.test(text[i]);
}

/** The end of "$?letters{1,3}$?digits" (either part optional, not both) at `i`, with what it has. */
function endpoint(text: string, i: number): { end: number; col: boolean; row: boolean } | null {
  let j = i;
  if (text.charCodeAt(j) === 36) j++;
  const letters = j;
  while (j < text.length && isLetter(text.charCodeAt(j))) j++;
  const col = j > letters;
  if (j - letters > 3) return null;
  let k = j;
  if (text.charCodeAt(k) === 36) k++;
  const digits = k;
  while (k < text.length && isDigit(text.charCodeAt(k))) k++;
  if (k > digits) return { end: k, col, row: true };
  return col && k === j ? { end: j, col, row: false } : null;
}

/** The end of a reference at `i` (A1, $A$1, A1:B2, A:A, $A:$Z, 4:4, $4:$4), or -1. */
function referenceEnd(text: string, i: number): number {
  const a = endpoint(text, i);
  if (!a) return -1;
  let end = a.end;
  if (text.charCodeAt(end) === 58) {
    const b = endpoint(text, end + 1);
    if (b && b.col === a.col && b.row === a.row) end = b.end;
    else if (!(a.col && a.row)) return -1;
  } else if (!(a.col && a.row)) return -1;
  // Not part of a longer name, a function (LOG10(…) or a sheet name (A1!…).
  if (end < text.length && (isWordChar(text, end) || text.charCodeAt(end) === 33)) return -1;
  let k = end;
  while (k < text.length && isSpace(text.charCodeAt(k))) k++;
  return text.charCodeAt(k) === 40 ? -1 : end;
}

/** Splits a formula (without its "=") into tokens; `error` when a string or quoted name is not closed. */
function tokenize(body: string, locale: SheetsLocale): { tokens: Token[]; error?: string } {
  const decimal = locale === "ru_RU" ? 44 : 46;
  const tokens: Token[] = [];
  const n = body.length;
  let i = 0;
  while (i < n) {
    const c = body.charCodeAt(i);
    if (c === 34 || c === 39) {
      // "…" is text, '…' a sheet name; a doubled quote inside is the quote itself.
      let j = i + 1;
      for (;;) {
        if (j >= n) return { tokens, error: c === 34 ? "A string is not closed." : "A quoted sheet name is not closed." };
        if (body.charCodeAt(j) === c) {
          if (body.charCodeAt(j + 1) === c) j += 2;
          else break;
        } else j++;
      }
      tokens.push({ kind: c === 34 ? "string" : "sheet", text: body.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    if (isSpace(c)) {
      let j = i + 1;
      while (j < n && isSpace(body.charCodeAt(j))) j++;
      tokens.push({ kind: "space", text: body.slice(i, j) });
      i = j;
      continue;
    }
    if (c === 36 || isLetter(c) || isDigit(c)) {
      const end = referenceEnd(body, i);
      if (end > 0) {
        tokens.push({ kind: "ref", text: body.slice(i, end) });
        i = end;
        continue;
      }
    }
    if (isDigit(c)) {
      let j = i + 1;
      while (j < n && isDigit(body.charCodeAt(j))) j++;
      if (body.charCodeAt(j) === decimal) for (j++; j < n && isDigit(body.charCodeAt(j)); ) j++;
      const e = body.charCodeAt(j);
      if (e === 69 || e === 101) {
        let k = j + 1;
        if (body.charCodeAt(k) === 43 || body.charCodeAt(k) === 45) k++;
        if (isDigit(body.charCodeAt(k))) for (j = k; j < n && isDigit(body.charCodeAt(j)); ) j++;
      }
      tokens.push({ kind: "number", text: body.slice(i, j) });
      i = j;
      continue;
    }
    if (isWordChar(body, i)) {
      let j = i + 1;
      while (j < n && isWordChar(body, j)) j++;
      let k = j;
      while (k < n && isSpace(body.charCodeAt(k))) k++;
      const word = body.slice(i, j);
      const next = body.charCodeAt(k);
      const bool = next !== 33 && /^(?:true|false)$/i.test(word);
      tokens.push({ kind: next === 40 ? "func" : bool ? "bool" : "name", text: word });
      i = j;
      continue;
    }
    tokens.push({ kind: "punct", text: body[i] });
    i++;
  }
  return { tokens };
}

/**
 * The formula Sheets stores (`stored`), the same formula as HyperFormula set up with the locale's
 * separators reads it (`engine`), and its `shape`: the engine's text with each reference reduced
 * to its form ("$C$R", "C:C"…) and each string emptied, which decides whether it parses.
 */
function translate(tokens: Token[], locale: SheetsLocale): { stored: string; engine: string; shape: string } {
  let stored = "";
  let engine = "";
  let shape = "";
  const open: string[] = [];
  for (const token of tokens) {
    let text = token.text;
    let forEngine: string | undefined;
    let forShape: string | undefined;
    if (token.kind === "func") text = text.toUpperCase();
    else if (token.kind === "bool") {
      // Sheets' TRUE and FALSE; HyperFormula knows them only as functions.
      text = text.toUpperCase();
      forEngine = `${text}()`;
    } else if (token.kind === "ref") {
      text = text.toUpperCase();
      forShape = text.replace(/[A-Z]+/g, "C").replace(/[0-9]+/g, "R");
    } else if (token.kind === "string") {
      forShape = '""';
      if (text.length > 2 && text.slice(1, -1).includes('""')) {
        // HyperFormula has no "" inside a string: "say ""hi""" reaches it as ("say "&CHAR(34)&"hi"&CHAR(34)&"").
        forEngine = `(${text.slice(1, -1).split('""').map((part) => `"${part}"`).join("&CHAR(34)&")})`;
        forShape = '("")';
      }
    } else if (token.kind === "punct") {
      const inArray = open[open.length - 1] === "{";
      if (text === "(" || text === "{") open.push(text);
      else if (text === ")" || text === "}") open.pop();
      else if (locale === "en_US" && text === ";" && !inArray) text = ",";
      else if (locale === "ru_RU" && inArray && text === ";") forEngine = "|";
      else if (locale === "ru_RU" && inArray && text === "\\") forEngine = ";";
    }
    stored += text;
    engine += forEngine ?? text;
    shape += forShape ?? forEngine ?? text;
  }
  return { stored, engine, shape };
}

// ---------------------------------------------------------------------------------------------
// Parsing

const KNOWN = new Set(HyperFormula.getRegisteredFunctionNames("enGB"));
/** Functions Sheets has and HyperFormula lacks (or, like SPLIT, means otherwise): the fakes cannot compute them, so they throw. */
const SHEETS_ONLY = new Set([
  "INDIRECT", "QUERY", "IMPORTRANGE", "IMPORTDATA", "IMPORTHTML", "IMPORTXML", "IMPORTFEED", "GOOGLEFINANCE",
  "GOOGLETRANSLATE", "REGEXMATCH", "REGEXEXTRACT", "REGEXREPLACE", "SPLIT", "JOIN", "SORTN", "FLATTEN", "LAMBDA",
  "LET", "MAP", "BYROW", "BYCOL", "REDUCE", "SPARKLINE", "IMAGE", "DETECTLANGUAGE",
]);

interface Checker {
  hf: HyperFormula;
  /** Whether formulas of a shape parse: HyperFormula is asked once per shape, not per row. */
  shapes: Map<string, boolean>;
}
const checkers = new Map<SheetsLocale, Checker>();
function checker(locale: SheetsLocale): Checker {
  let c = checkers.get(locale);
  if (!c) {
    c = { hf: HyperFormula.buildEmpty(config(locale)), shapes: new Map() };
    checkers.set(locale, c);
  }
  return c;
}

interface Prepared {
  parsed: ParsedFormula;
  /** The text HyperFormula reads, with its "=". */
  engine: string;
  tokens: Token[];
}

function prepare(formula: string, locale: SheetsLocale): Prepared {
  const fail = (error: string, shows: "#ERROR!" | "#NAME?" = "#ERROR!"): Prepared => ({ parsed: { ok: false, error, shows }, engine: "", tokens: [] });
  if (!formula.startsWith("=")) return fail(`Not a formula (no leading "="): ${formula}`);
  const { tokens, error } = tokenize(formula.slice(1), locale);
  if (error) return fail(`Formula parse error. ${error}`);
  const { stored, engine, shape } = translate(tokens, locale);
  const { hf, shapes } = checker(locale);
  let parses = shapes.get(shape);
  if (parses === undefined) {
    parses = hf.validateFormula(`=${engine}`);
    // A row past HyperFormula's limit (or row 0) is not told by the shape: such a formula is asked alone.
    const plain = tokens.every((t) => t.kind !== "ref" || /^[^0-9]*(?:[1-9][0-9]{0,6}[^0-9]*)*$/.test(t.text));
    if (plain) shapes.set(shape, parses);
  }
  if (!parses) {
    const comma = locale === "ru_RU" && tokens.some((t) => t.kind === "punct" && t.text === ",");
    return fail(`Formula parse error.${comma ? ` (${locale} separates arguments with ";": "," is its decimal separator.)` : ""} ${formula}`);
  }
  for (const t of tokens) {
    if (t.kind !== "func") continue;
    const name = t.text.toUpperCase();
    if (SHEETS_ONLY.has(name)) throw new Error(`${name} is a Sheets function the fakes' formula engine (HyperFormula) does not compute as Sheets does: ${formula}`);
    if (KNOWN.has(name)) continue;
    return fail(`Unknown function: '${t.text}'.`, "#NAME?");
  }
  return { parsed: { ok: true, stored: `=${stored}` }, engine: `=${engine}`, tokens };
}

/** Answers for formulas seen lately, by locale: the fakes ask again about every formula cell they read. */
const parsedCache: Record<SheetsLocale, Map<string, ParsedFormula>> = { ru_RU: new Map(), en_US: new Map() };

/**
 * Parses `formula` (with its leading "=") as Sheets in `locale` would: the text Sheets stores and
 * shows back, or why it does not parse. Throws for a function Sheets has but the engine lacks
 * (QUERY, REGEXMATCH…), which the fakes cannot model.
 */
export function parseFormula(formula: string, locale: SheetsLocale): ParsedFormula {
  const cache = parsedCache[locale];
  let parsed = cache.get(formula);
  if (!parsed) {
    parsed = prepare(formula, locale).parsed;
    // The same text as given is kept once, not twice.
    if (parsed.ok && parsed.stored === formula) parsed = { ok: true, stored: formula };
    if (cache.size >= 200_000) cache.clear();
    cache.set(formula, parsed);
  }
  return parsed;
}

/** Whether a string in the formula has a "" for a quote in it. */
function hasEscapedQuote(formula: string): boolean {
  let quote = 0;
  for (let i = 0; i < formula.length; i++) {
    const c = formula.charCodeAt(i);
    if (c !== 34 && c !== 39) continue;
    if (quote === 0) quote = c;
    else if (c === quote && formula.charCodeAt(i + 1) === c) {
      if (c === 34) return true;
      i++;
    } else if (c === quote) quote = 0;
  }
  return false;
}

/** The text HyperFormula reads for a formula as the fake stores it; most need no tokenizing at all. */
function engineText(formula: string, locale: SheetsLocale): string {
  const f = formula.startsWith("=") ? formula : `=${formula}`;
  const needs = (locale === "en_US" ? f.includes(";") : f.includes("{")) || /true|false/i.test(f) || hasEscapedQuote(f);
  if (!needs) return f;
  const { tokens, error } = tokenize(f.slice(1), locale);
  // A string that is not closed stays as it is: HyperFormula shows #ERROR! for it as Sheets does.
  return error ? f : `=${translate(tokens, locale).engine}`;
}

// ---------------------------------------------------------------------------------------------
// Evaluating

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(1899, 11, 30);

/** A date's Sheets serial number: days since 1899-12-30, by its local calendar day. */
export function serialOf(date: Date): number {
  return Math.round((Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) - EPOCH) / DAY_MS);
}

function rawOf(value: unknown): RawCellContent {
  if (value === "" || value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return serialOf(value);
  // The apostrophe keeps text as text: HyperFormula would otherwise read "1.1" as a number.
  return `'${String(value)}`;
}

/** What Sheets shows for an error HyperFormula names differently. */
const ERROR_TEXT: Record<string, string> = {
  CYCLE: "#REF!", // Sheets: #REF! "Circular dependency detected".
  SPILL: "#REF!", // Sheets: #REF! "Array result was not expanded because it would overwrite data".
  LIC: "#ERROR!",
};

function shown(value: CellValue): unknown {
  if (value === null) return "";
  if (value instanceof DetailedCellError) return ERROR_TEXT[value.type] ?? value.value;
  return value;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

function columnLetters(n: number): string {
  let s = "";
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A reference moved by (dr, dc), its "$" parts fixed; null when it leaves the sheet. */
function shiftRef(ref: string, dr: number, dc: number): string | null {
  const ends: string[] = [];
  for (const end of ref.split(":")) {
    const m = /^(\$?)([A-Za-z]*)(\$?)([0-9]*)$/.exec(end)!;
    let [, colAbs, letters, rowAbs, digits] = m;
    if (!letters) [rowAbs, colAbs] = [colAbs, ""];
    let out = "";
    if (letters) {
      const col = colAbs ? columnNumber(letters) : columnNumber(letters) + dc;
      if (col < 1) return null;
      out += colAbs + columnLetters(col);
    }
    if (digits) {
      const row = rowAbs ? Number(digits) : Number(digits) + dr;
      if (row < 1) return null;
      out += rowAbs + row;
    }
    ends.push(out);
  }
  return ends.join(":");
}

/**
 * Adds the sheets a formula names ('…'!, Name!) to `into`, lower-cased; false when it may reach any
 * sheet (INDIRECT, SHEET, SHEETS). A "!" inside a string may add a name that is no sheet: harmless.
 */
function sheetsNamed(formula: string, into: Set<string>): boolean {
  if (/\b(?:INDIRECT|SHEETS?)\s*\(/i.test(formula)) return false;
  for (let bang = formula.indexOf("!"); bang > 0; bang = formula.indexOf("!", bang + 1)) {
    let start = bang - 1;
    if (formula.charCodeAt(start) === 39) {
      // Back to the opening quote: a quote with another before it is an escaped one.
      for (start--; start >= 0; start--) {
        if (formula.charCodeAt(start) !== 39) continue;
        if (formula.charCodeAt(start - 1) === 39) start--;
        else break;
      }
      if (start >= 0) into.add(formula.slice(start + 1, bang - 1).replace(/''/g, "'").toLowerCase());
    } else {
      while (start >= 0 && isWordChar(formula, start)) start--;
      if (start < bang - 1) into.add(formula.slice(start + 1, bang).toLowerCase());
    }
  }
  return true;
}

/** A cell's value read straight from what HyperFormula would be given, for sheets without formulas. */
function plainValue(raw: RawCellContent | undefined): unknown {
  if (raw === null || raw === undefined) return "";
  if (typeof raw === "string") return raw.startsWith("'") ? raw.slice(1) : raw;
  return raw;
}

function grid(sheet: SheetCells, locale: SheetsLocale): Grid {
  const content: RawCellContent[][] = [];
  const formulas: string[] = [];
  for (const cell of sheet.cells) {
    let raw: RawCellContent;
    if (cell.formula) {
      raw = engineText(cell.formula, locale);
      formulas.push(raw);
    } else raw = rawOf(cell.value);
    if (raw === null) continue;
    (content[cell.row - 1] ??= [])[cell.col - 1] = raw;
  }
  for (let r = 0; r < content.length; r++) content[r] ??= [];
  return { name: sheet.name, content, formulas };
}

interface Grid {
  name: string;
  content: RawCellContent[][];
  formulas: string[];
  /** Sheets its formulas name (lower-cased), or "all". */
  reaches?: Set<string> | "all";
}

/**
 * All sheets of one spreadsheet, every formula evaluated as Sheets would. The cells are copied when
 * built; the formulas are computed on the first read, and only on the sheets that read can reach
 * (reading one agreement tab computes it and the two rating tabs it reads, not the other tabs); a
 * later read outside those computes them all.
 */
export class FormulaWorkbook {
  private readonly grids = new Map<string, Grid>();
  private engines: { sheets: Set<string>; hf: HyperFormula }[] = [];
  /** Each sheet read so far: its engine, or null when neither it nor any sheet it reaches has a formula. */
  private readonly engineOf = new Map<string, { hf: HyperFormula; id: number } | null>();
  private readonly rules = new Map<string, boolean>();
  private readonly prepared = new Map<string, Prepared>();

  private constructor(readonly locale: SheetsLocale) {}

  static build(locale: SheetsLocale, sheets: SheetCells[]): FormulaWorkbook {
    const book = new FormulaWorkbook(locale);
    for (const sheet of sheets) book.grids.set(sheet.name.toLowerCase(), grid(sheet, locale));
    return book;
  }

  /**
   * A sheet's cells taken anew (it was rewritten, cleared or resized): the engines that computed it
   * go, and are built again when a sheet they held is read; every other engine stays as it is (a
   * generated tab rewritten does not make the agreement tab computed again).
   */
  replaceSheet(name: string, cells: SheetCells["cells"]): void {
    const key = name.toLowerCase();
    this.grids.set(key, grid({ name, cells }, this.locale));
    const gone = this.engines.filter((e) => e.sheets.has(key));
    if (gone.length === 0) {
      // Read before without an engine (no formula reached it): it may have one now.
      this.engineOf.delete(key);
      return;
    }
    for (const e of gone) e.hf.destroy();
    this.engines = this.engines.filter((e) => !gone.includes(e));
    this.engineOf.clear();
    this.rules.clear();
  }

  /**
   * A sheet added, removed or renamed (`cells` null: removed): only the engines that held it, or
   * whose formulas name it, are built again.
   */
  renameOrAdd(oldName: string | null, name: string | null, cells: SheetCells["cells"] | null): void {
    const names = [oldName, name].filter((n): n is string => n !== null).map((n) => n.toLowerCase());
    if (oldName) this.grids.delete(oldName.toLowerCase());
    if (name && cells) this.grids.set(name.toLowerCase(), grid({ name, cells }, this.locale));
    const gone = this.engines.filter((e) => [...e.sheets].some((k) => names.includes(k) || this.reachesAny(k, names)));
    for (const e of gone) e.hf.destroy();
    this.engines = this.engines.filter((e) => !gone.includes(e));
    this.engineOf.clear();
    this.rules.clear();
  }

  private reachesAny(sheet: string, names: string[]): boolean {
    const reaches = this.grids.get(sheet)?.reaches;
    return reaches === "all" || (reaches !== undefined && names.some((n) => reaches.has(n)));
  }

  private grid(sheet: string): Grid {
    const grid = this.grids.get(sheet.toLowerCase());
    if (!grid) throw new Error(`No sheet named ${sheet}`);
    return grid;
  }

  /** The engine computing `sheet` and every sheet its formulas reach, built when first needed. */
  private engine(sheet: string, extra: Iterable<string> = [], force = false): { hf: HyperFormula; id: number } | null {
    const name = this.grid(sheet).name;
    const known = this.engineOf.get(name.toLowerCase());
    if (known !== undefined && !force) return known;
    const want = new Set<string>();
    const queue = [name.toLowerCase(), ...extra];
    let all = false;
    while (queue.length > 0 && !all) {
      const key = queue.pop()!;
      const grid = this.grids.get(key);
      if (!grid || want.has(key)) continue;
      want.add(key);
      if (!grid.reaches) {
        const reaches = new Set<string>();
        grid.reaches = grid.formulas.every((f) => sheetsNamed(f, reaches)) ? reaches : "all";
      }
      if (grid.reaches === "all") all = true;
      else queue.push(...grid.reaches);
    }
    if (all) for (const key of this.grids.keys()) want.add(key);
    if (!force && [...want].every((k) => this.grids.get(k)!.formulas.length === 0)) {
      this.engineOf.set(name.toLowerCase(), null);
      return null;
    }
    let found = this.engines.find((e) => [...want].every((k) => e.sheets.has(k)));
    if (!found) {
      // An engine holds only the sheets its formulas reach: one of every sheet would index the
      // generated tabs' thousands of text cells for nothing.
      const content: Record<string, RawCellContent[][]> = {};
      for (const key of want) content[this.grids.get(key)!.name] = this.grids.get(key)!.content;
      found = { sheets: want, hf: HyperFormula.buildFromSheets(content, config(this.locale)) };
      // An engine whose sheets the new one has is not needed any more.
      for (const e of this.engines) if ([...e.sheets].every((k) => want.has(k))) e.hf.destroy();
      this.engines = [...this.engines.filter((e) => ![...e.sheets].every((k) => want.has(k))), found];
      this.engineOf.clear();
    }
    const engine = { hf: found.hf, id: found.hf.getSheetId(name)! };
    if (!force) this.engineOf.set(name.toLowerCase(), engine);
    return engine;
  }

  /** What the cell shows: number, string, boolean, "" for empty, or the error's text ("#N/A", "#REF!", "#ERROR!" …, as getValues returns them). */
  valueAt(sheet: string, row: number, col: number): unknown {
    const engine = this.engine(sheet);
    if (!engine) return plainValue(this.grid(sheet).content[row - 1]?.[col - 1]);
    return shown(engine.hf.getCellValue({ sheet: engine.id, row: row - 1, col: col - 1 }));
  }

  /**
   * A conditional-format formula (with or without its "=") written for `anchor` (the top-left cell
   * of the rule's range), evaluated at (row, col): its relative references move by the offset,
   * $-anchored ones do not; true when the rule applies (TRUE or a non-zero number; an error or
   * text does not). Throws when Sheets would not parse the formula in this locale.
   */
  ruleAppliesAt(sheet: string, formula: string, anchor: { row: number; col: number }, row: number, col: number): boolean {
    const text = formula.startsWith("=") ? formula : `=${formula}`;
    let prepared = this.prepared.get(text);
    if (!prepared) {
      prepared = prepare(text, this.locale);
      this.prepared.set(text, prepared);
    }
    if (!prepared.parsed.ok) throw new Error(`Sheets would not take this rule's formula in ${this.locale}: ${prepared.parsed.error}`);
    const dr = row - anchor.row;
    const dc = col - anchor.col;
    let moved = prepared.engine;
    if (dr !== 0 || dc !== 0) {
      // Only references change, so the separators stay the engine's.
      const tokens = prepared.tokens.map((t): Token => (t.kind === "ref" ? { kind: "ref", text: shiftRef(t.text, dr, dc) ?? "#REF!" } : t));
      moved = `=${translate(tokens, this.locale).engine}`;
    }
    const key = `${sheet.toLowerCase()}\u0000${moved}`;
    let applies = this.rules.get(key);
    if (applies === undefined) {
      const named = new Set<string>();
      const { hf, id } = this.engine(sheet, sheetsNamed(moved, named) ? named : this.grids.keys(), true)!;
      let value: unknown;
      try {
        value = hf.calculateFormula(moved, id);
      } catch {
        value = null; // a moved reference HyperFormula cannot read: no colour, as for an error
      }
      while (Array.isArray(value)) value = value[0];
      applies = value === true || (typeof value === "number" && value !== 0);
      this.rules.set(key, applies);
    }
    return applies;
  }

  /**
   * Cells changed since the build, applied in place so that only what depends on them is computed
   * again (a save of one row does not rebuild a 13,000-row agreement tab). False when they cannot
   * be (a sheet it does not know, a formula naming a sheet outside its engine): then build anew.
   */
  update(changes: { sheet: string; row: number; col: number; value: unknown; formula: string }[]): boolean {
    const planned: { engine: HyperFormula; id: number; row: number; col: number; raw: RawCellContent }[] = [];
    for (const change of changes) {
      const grid = this.grids.get(change.sheet.toLowerCase());
      if (!grid) return false;
      const raw = change.formula ? engineText(change.formula, this.locale) : rawOf(change.value);
      if (typeof raw === "string" && raw.startsWith("=")) {
        const named = new Set<string>();
        if (!sheetsNamed(raw, named)) return false;
        // A formula reaching a sheet its engine lacks, or the first of a sheet read without one.
        const engines = this.engines.filter((e) => e.sheets.has(grid.name.toLowerCase()));
        if (this.engineOf.get(grid.name.toLowerCase()) === null) return false;
        if (engines.some((e) => [...named].some((n) => !e.sheets.has(n)))) return false;
        grid.formulas.push(raw);
        if (grid.reaches && grid.reaches !== "all") for (const n of named) grid.reaches.add(n);
      }
      (grid.content[change.row - 1] ??= [])[change.col - 1] = raw;
      for (const e of this.engines) {
        if (!e.sheets.has(grid.name.toLowerCase())) continue;
        planned.push({ engine: e.hf, id: e.hf.getSheetId(grid.name)!, row: change.row - 1, col: change.col - 1, raw });
      }
    }
    for (const e of new Set(planned.map((p) => p.engine))) {
      e.batch(() => {
        for (const p of planned) if (p.engine === e) e.setCellContents({ sheet: p.id, row: p.row, col: p.col }, [[p.raw]]);
      });
    }
    this.rules.clear();
    return true;
  }

  /** Frees the engines' memory. */
  destroy(): void {
    for (const e of this.engines) e.hf.destroy();
    this.engines = [];
  }
}
