/**
 * The little XML the streaming xlsx path needs beyond ExcelJS: entity decoding and escaping,
 * attributes of one tag, and a small element tree for the workbook's small parts (workbook.xml,
 * relationships, content types, comments), built with saxes, the parser ExcelJS itself uses.
 */
import { SaxesParser } from "saxes";

/** Decodes XML character and entity references; the text is returned as is when it has none. */
export function decodeXml(text: string): string {
  let amp = text.indexOf("&");
  if (amp < 0) return text;
  // A plain loop: sheet formulas are full of &apos; and &quot;, and a regex callback per entity is slow.
  let out = "";
  let last = 0;
  while (amp >= 0) {
    const semi = text.indexOf(";", amp);
    if (semi < 0) break;
    const name = text.slice(amp + 1, semi);
    let ch: string | undefined;
    switch (name) {
      case "apos":
        ch = "'";
        break;
      case "quot":
        ch = '"';
        break;
      case "amp":
        ch = "&";
        break;
      case "lt":
        ch = "<";
        break;
      case "gt":
        ch = ">";
        break;
      default:
        if (name[0] === "#") {
          const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
          if (Number.isFinite(code) && code >= 0 && code <= 0x10ffff) ch = String.fromCodePoint(code);
        }
    }
    if (ch !== undefined) {
      out += text.slice(last, amp) + ch;
      last = semi + 1;
      amp = text.indexOf("&", last);
    } else amp = text.indexOf("&", amp + 1);
  }
  return out + text.slice(last);
}

const ESCAPES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" };

/**
 * Escapes text for an element or an attribute. Characters XML 1.0 cannot hold (control characters
 * other than tab, newline and carriage return) are dropped, as ExcelJS does.
 */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[<>&"']|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (c) => ESCAPES[c] ?? "");
}

/**
 * Escapes the text of an element: only &, < and > need it there (quotes do not), so formulas full
 * of quotes are written, and read back, as they are. Characters XML cannot hold are dropped.
 */
export function escapeText(text: string): string {
  return TEXT_SPECIAL.test(text) ? text.replace(TEXT_SPECIALS, (c) => ESCAPES[c] ?? "") : text;
}
// eslint-disable-next-line no-control-regex
const TEXT_SPECIAL = /[<>&\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/;
const TEXT_SPECIALS = new RegExp(TEXT_SPECIAL.source, "g");

/** The attributes of one start tag's attribute text (`r="A1" s="3"`), namespace prefixes kept. */
export function attributesOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out[m[1]] = decodeXml(m[2] ?? m[3] ?? "");
  return out;
}

export interface XmlElement {
  /** Local name, without a namespace prefix. */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** A whole small XML document as a tree (do not use for sheet data: that is read by scanning). */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser();
  const root: XmlElement = { name: "#document", attributes: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  parser.on("opentag", (node) => {
    const element: XmlElement = {
      name: node.name.includes(":") ? node.name.slice(node.name.indexOf(":") + 1) : node.name,
      attributes: node.attributes as Record<string, string>,
      children: [],
      text: "",
    };
    stack[stack.length - 1].children.push(element);
    stack.push(element);
  });
  parser.on("text", (text) => {
    stack[stack.length - 1].text += text;
  });
  parser.on("cdata", (text) => {
    stack[stack.length - 1].text += text;
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  parser.write(xml).close();
  return root.children[0] ?? root;
}

export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

export function childNamed(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** Every text under an element, in order (a comment's runs, a rich string). */
export function textOf(element: XmlElement): string {
  return element.text + element.children.map(textOf).join("");
}
