/**
 * Checks the Sheets API v4 requests the product sends against Google's own discovery document, so a
 * body the real API would refuse fails a test even where our fakes (tests/fakes/) are lenient.
 *
 * Sources:
 *  - the discovery document, https://sheets.googleapis.com/$discovery/rest?version=v4, revision
 *    20240730, vendored unchanged as ./discovery/sheets.v4.rev20240730.json;
 *  - field masks: https://developers.google.com/sheets/api/guides/field-masks
 *  - batchUpdate: https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/batchUpdate
 *
 * Everything is driven by the document ($ref, items, additionalProperties, enum, format). It is
 * compiled once, at import, into a graph of nodes (one per named schema, shared by every $ref), so
 * a check walks each value once with a Map lookup per key: ~100k cells take tens of milliseconds.
 *
 * Messages follow Google's wording where it is known ("Unknown name … Cannot find field.",
 * "Invalid value at '…' (TYPE_…)", "oneof field … is already set", "Cannot bind query parameter",
 * "Error expanding 'fields' parameter", "Must specify at least one request."); the wording for a bad
 * mask path inside a request and for a request of no kind is ours, in the API's "Invalid
 * requests[i].kind: …" form.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface DiscoveryProblem {
  path: string;
  message: string;
}

// ---- the document ---------------------------------------------------------------------------------

interface Prop {
  type?: string;
  format?: string;
  $ref?: string;
  items?: Prop;
  additionalProperties?: Prop;
  enum?: string[];
  description?: string;
  properties?: Record<string, Prop>;
  repeated?: boolean;
  location?: string;
}
interface Method {
  id: string;
  parameters?: Record<string, Prop>;
  response?: { $ref: string };
}
interface Resource {
  methods?: Record<string, Method>;
  resources?: Record<string, Resource>;
}
interface Doc {
  revision: string;
  schemas: Record<string, Prop>;
  parameters: Record<string, Prop>;
  resources: Record<string, Resource>;
}

// Read with fs rather than imported: tsc would otherwise infer a type for 600 KB of JSON.
/** The vendored document, found from this file's folder (or, bundled into the bench, from the repository's root above it). */
function discoveryPath(): string {
  const name = "sheets.v4.rev20240730.json";
  for (let dir = __dirname; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, "discovery", name), join(dir, "tests/google/discovery", name)]) if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${name} not found above ${__dirname}`);
  }
}

const doc = JSON.parse(readFileSync(discoveryPath(), "utf8")) as Doc;

/** One compiled schema or field. */
interface Node {
  /** The doc's JSON type: string, boolean, integer, number, array, object, or any. */
  type: string;
  format?: string;
  enum?: ReadonlySet<string>;
  /** The proto enum's name for messages (Google's own name is not in the doc: ours is Schema.Field). */
  enumName?: string;
  items?: Node;
  /** A named schema's fields. */
  props?: Map<string, Node>;
  /** A map's values (additionalProperties). */
  values?: Node;
  /** The named schema. */
  id?: string;
  /** Members of which at most (or exactly, if required) one may be set: proto oneofs, which the doc does not describe. */
  oneof?: { name: string; required: boolean };
  /** A request with a `fields` mask of format google-fieldmask: the object the mask is relative to. */
  mask?: { root: Node; required: boolean };
}

const ANY: Node = { type: "any" };
const pascal = (s: string) => s[0].toUpperCase() + s.slice(1);

const named = new Map<string, Node>();
for (const id of Object.keys(doc.schemas)) named.set(id, { type: "object", id, props: new Map() });
const schema = (id: string): Node => {
  const node = named.get(id);
  if (!node) throw new Error(`discovery: no schema ${id}`);
  return node;
};

function compile(p: Prop, enumName: string): Node {
  if (p.$ref) return schema(p.$ref);
  const node: Node = { type: p.type ?? "any", format: p.format };
  if (p.enum) {
    node.enum = new Set(p.enum);
    node.enumName = enumName;
  }
  if (p.items) node.items = compile(p.items, enumName);
  if (p.additionalProperties) node.values = compile(p.additionalProperties, enumName);
  return node;
}

for (const [id, s] of Object.entries(doc.schemas)) {
  const props = named.get(id)!.props!;
  for (const [name, p] of Object.entries(s.properties ?? {})) props.set(name, compile(p, `${id}.${pascal(name)}`));
}

// The doc lists a oneof's members as plain optional fields; the protos (and the JSON parser) allow one.
schema("Request").oneof = { name: "kind", required: true };
schema("ExtendedValue").oneof = { name: "value", required: false };

/**
 * The object each request's `fields` mask is relative to, where the doc's description does not say
 * it in a form read below (it does for all 16 kinds in revision 20240730: the table is the fallback
 * for a later revision, and a check at import that the two agree).
 */
const MASK_ROOTS: Record<string, string> = {
  updateCells: "CellData",
  appendCells: "CellData",
  repeatCell: "CellData",
  updateSheetProperties: "SheetProperties",
  updateDimensionProperties: "DimensionProperties",
  updateSpreadsheetProperties: "SpreadsheetProperties",
  updateProtectedRange: "ProtectedRange",
  updateNamedRange: "NamedRange",
  updateDeveloperMetadata: "DeveloperMetadata",
};

const requestKinds = schema("Request").props!;
for (const [kind, requestNode] of requestKinds) {
  const fields = doc.schemas[requestNode.id!]?.properties?.fields;
  if (fields?.format !== "google-fieldmask") continue;
  const description = fields.description ?? "";
  // "The root `properties` is implied", "The root is the CellData", "The root `newPosition.overlayPosition`".
  const said = /The root (?:is the )?[`']?([\w.]+)/.exec(description)?.[1];
  let root: Node | undefined;
  if (said) {
    root = said.split(".").reduce<Node | undefined>((n, name) => n?.props?.get(name), requestNode) ?? named.get(said);
  }
  const table = MASK_ROOTS[kind] ? schema(MASK_ROOTS[kind]) : undefined;
  if (root && table && root !== table) throw new Error(`discovery: ${kind}.fields is relative to ${root.id} per the doc, ${table.id} per MASK_ROOTS`);
  // Last resort: the request's only object field besides the mask.
  const siblings = [...requestNode.props!].filter(([name, n]) => name !== "fields" && n.props);
  root ??= table ?? (siblings.length === 1 ? siblings[0][1] : undefined);
  if (!root) throw new Error(`discovery: cannot tell what ${kind}.fields is relative to`);
  // "At least one field must be specified." opens a sentence where the mask is always required (not
  // in updateEmbeddedObjectPosition's "…, in which case at least one field must be specified").
  requestNode.mask = { root, required: /(?:^|\.\s+)At least one field must be specified/.test(description) };
}

/** Each method's parameters an optionalArgs object may carry: its query parameters and the standard ones. */
function methodParams(method: Method): { params: Map<string, Node>; response?: Node } {
  const params = new Map<string, Node>();
  for (const [name, p] of Object.entries({ ...doc.parameters, ...method.parameters })) {
    if (p.location !== "query") continue; // path parameters (spreadsheetId) are positional in Apps Script
    const node = compile(p, pascal(name));
    params.set(name, p.repeated ? { type: "array", items: node } : node);
  }
  return { params, response: method.response && schema(method.response.$ref) };
}
const spreadsheets = doc.resources.spreadsheets;
const GET = methodParams(spreadsheets.methods!.get);
const BATCH_GET = methodParams(spreadsheets.resources!.values.methods!.batchGet);

// ---- paths and messages ---------------------------------------------------------------------------

type Path = (string | number)[];
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** requests[3].updateCells.rows[0] (or, as the JSON parser prints it, requests[3].update_cells.rows[0]). */
function format(path: Path, asParser = false): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += (out ? "." : "") + (asParser ? snake(seg) : seg);
  }
  return out;
}

function typeName(node: Node): string {
  if (node.type === "array") return typeName(node.items!);
  if (node.enumName) return `type.googleapis.com/google.apps.sheets.v4.${node.enumName}`;
  if (node.id) return `type.googleapis.com/google.apps.sheets.v4.${node.id}`;
  if (node.type === "boolean") return "TYPE_BOOL";
  if (node.type === "number") return node.format === "float" ? "TYPE_FLOAT" : "TYPE_DOUBLE";
  if (node.type === "integer" || node.format === "int64" || node.format === "uint64") return `TYPE_${(node.format ?? "int32").toUpperCase()}`;
  return node.type === "string" ? "TYPE_STRING" : "map";
}

const show = (value: unknown) => {
  const text = value === undefined ? "null" : typeof value === "number" && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

class Walk {
  readonly problems: DiscoveryProblem[] = [];
  readonly path: Path = [];

  add(message: string, path: Path = this.path): void {
    this.problems.push({ path: format(path), message });
  }

  unknown(name: string): void {
    const at = format(this.path, true);
    this.path.push(name);
    this.add(`Invalid JSON payload received. Unknown name "${name}"${at ? ` at '${at}'` : ""}: Cannot find field.`);
    this.path.pop();
  }

  invalid(node: Node, value: unknown): void {
    const at = format(this.path, true);
    const last = this.path[this.path.length - 1];
    if (Array.isArray(value) && typeof last === "string") {
      const parent = format(this.path.slice(0, -1), true);
      this.add(`Invalid JSON payload received. Unknown name "${last}"${parent ? ` at '${parent}'` : ""}: Proto field is not repeating, cannot start list.`);
    } else if (value !== null && typeof value === "object" && !node.props && !node.values && node.type !== "array") {
      this.add(`Invalid value at '${at}' (${typeName(node)}), Starting an object on a scalar field`);
    } else {
      this.add(`Invalid value at '${at}' (${typeName(node)}), ${show(value)}`);
    }
  }

  value(value: unknown, node: Node): void {
    // JSON.stringify drops undefined; the proto JSON parser reads null as "not set".
    if (value === undefined || value === null) return;
    switch (node.type) {
      case "any":
        return;
      case "array": {
        if (!Array.isArray(value)) return this.invalid(node, value);
        const items = node.items!;
        for (let i = 0; i < value.length; i++) {
          this.path.push(i);
          const item: unknown = value[i];
          // A hole or null inside a list is not "not set": the parser refuses it.
          if (item === undefined || item === null) this.invalid(items, item);
          else this.value(item, items);
          this.path.pop();
        }
        return;
      }
      case "object":
        if (typeof value !== "object" || Array.isArray(value)) return this.invalid(node, value);
        if (node.props) return this.message(value as Record<string, unknown>, node);
        for (const key of Object.keys(value)) {
          this.path.push(key);
          this.value((value as Record<string, unknown>)[key], node.values ?? ANY);
          this.path.pop();
        }
        return;
      default:
        if (!scalarOk(value, node)) this.invalid(node, value);
    }
  }

  message(obj: Record<string, unknown>, node: Node): void {
    const props = node.props!;
    let set: string | undefined;
    let unknown = false;
    for (const key in obj) {
      const v = obj[key];
      if (v === undefined) continue;
      const field = props.get(key);
      if (!field) {
        this.unknown(key);
        unknown = true;
        continue;
      }
      if (node.oneof && v !== null) {
        if (set === undefined) set = key;
        else this.add(`Invalid value at '${format(this.path, true)}' (oneof), oneof field '${node.oneof.name}' is already set. Cannot set '${key}'`);
      }
      this.path.push(key);
      this.value(v, field);
      this.path.pop();
    }
    if (node.oneof?.required && set === undefined && !unknown) this.add(`Invalid ${format(this.path)}: No request set.`);
    if (node.mask) this.requestMask(obj.fields, node.mask);
  }

  requestMask(fields: unknown, mask: NonNullable<Node["mask"]>): void {
    if (typeof fields !== "string" || fields === "") {
      // A wrong type was reported by the walk; a missing mask is the API's own refusal.
      if ((fields === undefined || fields === null || fields === "") && mask.required) this.add(`Invalid ${format(this.path)}: At least one field must be updated.`);
      return;
    }
    const where = [...this.path, "fields"];
    for (const bad of maskProblems(fields, mask.root)) {
      this.add(`Invalid ${format(this.path)}: Invalid field mask '${fields}': '${bad}' is not a field of ${mask.root.id}.`, where);
    }
  }
}

const INT_RANGE: Record<string, [number, number]> = { int32: [-(2 ** 31), 2 ** 31 - 1], uint32: [0, 2 ** 32 - 1] };

function scalarOk(value: unknown, node: Node): boolean {
  switch (node.type) {
    case "boolean":
      return typeof value === "boolean";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer": {
      // Google's parser takes "5" for an int32 too, but the product has no reason to send one.
      if (typeof value !== "number" || !Number.isInteger(value)) return false;
      const range = INT_RANGE[node.format ?? "int32"];
      return !range || (value >= range[0] && value <= range[1]);
    }
    case "string": {
      // 64-bit integers are strings in JSON (a whole number is accepted too); an enum or a text field
      // given a number is refused.
      const wide = node.format === "int64" || node.format === "uint64";
      if (typeof value === "number") return wide && Number.isInteger(value) && (node.format === "int64" || value >= 0);
      if (typeof value !== "string") return false;
      if (wide) return (node.format === "int64" ? /^-?\d+$/ : /^\d+$/).test(value);
      return !node.enum || node.enum.has(value);
    }
  }
  return true;
}

// ---- field masks ----------------------------------------------------------------------------------

/**
 * The paths of `mask` that name no field under `root`, written out in full (a(b,c) gives a.b, a.c).
 * Grammar: list := item (',' item)* ; item := name ('.' name)* ('(' list ')')? ; "*" is every field.
 * A list's items name fields through repeated fields (sheets.properties is each sheet's properties).
 * Spaces are part of a name, as the Sheets parser reads them: "a, b" names " b".
 */
function maskProblems(mask: string, root: Node): string[] {
  const bad: string[] = [];
  let i = 0;
  const DEAD: Node = { type: "any" }; // below a bad name: reported once, not again for its children
  const step = (node: Node, name: string, path: string): Node => {
    if (node === DEAD) return DEAD;
    while (node.type === "array") node = node.items!;
    if (name === "*" || node.type === "any" || node.values) return ANY;
    const next = name ? node.props?.get(name) : undefined;
    if (next) return next;
    bad.push(path);
    return DEAD;
  };
  const list = (node: Node, prefix: string): void => {
    for (;;) {
      let cur = node;
      let path = prefix;
      for (;;) {
        const start = i;
        while (i < mask.length && !",.()".includes(mask[i])) i++;
        const name = mask.slice(start, i);
        path = path ? `${path}.${name}` : name;
        cur = step(cur, name, path);
        if (mask[i] !== ".") break;
        i++;
      }
      if (mask[i] === "(") {
        i++;
        list(cur, path);
        if (mask[i] === ")") i++;
        else bad.push(`${path}(`); // unclosed parenthesis
      }
      if (mask[i] !== ",") return;
      i++;
    }
  };
  list(root, "");
  if (i < mask.length) bad.push(mask.slice(i)); // a stray ")"
  return bad;
}

// ---- the checks -----------------------------------------------------------------------------------

/** Body of spreadsheets.batchUpdate (schema BatchUpdateSpreadsheetRequest). */
export function checkBatchUpdate(body: unknown): DiscoveryProblem[] {
  const walk = new Walk();
  walk.value(body, schema("BatchUpdateSpreadsheetRequest"));
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (walk.problems.length === 0 && (!Array.isArray(requests) || requests.length === 0)) walk.add("Must specify at least one request.", ["requests"]);
  return walk.problems;
}

function checkParams(method: { params: Map<string, Node>; response?: Node }, optionalArgs: unknown): DiscoveryProblem[] {
  const walk = new Walk();
  if (optionalArgs === undefined || optionalArgs === null) return [];
  if (typeof optionalArgs !== "object" || Array.isArray(optionalArgs)) {
    walk.add(`optionalArgs must be an object, not ${show(optionalArgs)}`);
    return walk.problems;
  }
  for (const [name, value] of Object.entries(optionalArgs)) {
    if (value === undefined) continue;
    const node = method.params.get(name);
    walk.path.push(name);
    if (!node) walk.add(`Invalid JSON payload received. Unknown name "${name}": Cannot bind query parameter. Field '${name}' could not be found in request message.`);
    else walk.value(value, node);
    // A partial-response mask is relative to the method's response.
    if (node && name === "fields" && typeof value === "string" && value !== "" && method.response) {
      for (const bad of maskProblems(value, method.response)) walk.add(`Error expanding 'fields' parameter. Cannot find matching fields for path '${bad}'.`);
    }
    walk.path.pop();
  }
  return walk.problems;
}

/** The optionalArgs of Sheets.Spreadsheets.Values.batchGet(id, optionalArgs): the method's query parameters and the standard ones. */
export function checkBatchGet(optionalArgs: unknown): DiscoveryProblem[] {
  return checkParams(BATCH_GET, optionalArgs);
}

/** The optionalArgs of Sheets.Spreadsheets.get(id, optionalArgs); `fields` is a partial-response mask over Spreadsheet. */
export function checkGet(optionalArgs: unknown): DiscoveryProblem[] {
  return checkParams(GET, optionalArgs);
}

/** A field mask (comma-separated dot paths, with a(b,c(d)) and "*") checked against a schema by name. */
export function checkFieldMask(mask: string, schemaName: string): DiscoveryProblem[] {
  if (mask === "") return [];
  return maskProblems(mask, schema(schemaName)).map((path) => ({ path, message: `Cannot find matching fields for path '${path}'.` }));
}

/**
 * The error Apps Script throws for such a request. The JSON parser reports every problem it meets,
 * a line each, before any request is looked at; past it, the API names only the first bad request.
 */
export function discoveryError(method: "sheets.spreadsheets.batchUpdate" | "sheets.spreadsheets.values.batchGet" | "sheets.spreadsheets.get", problems: DiscoveryProblem[]): Error {
  const parser = problems.filter((p) => /^(Invalid JSON payload received\.|Invalid value at ')/.test(p.message));
  const text = parser.length > 0 ? parser.map((p) => p.message).join("\n") : (problems[0]?.message ?? "Request contains an invalid argument.");
  return Object.assign(new Error(`API call to ${method} failed with error: ${text}`), { problems });
}
