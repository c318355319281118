/**
 * The projection of Meta's Cloud API document onto 360dialog's Messaging API.
 *
 * 360dialog serves Meta's Cloud API under its own base URL with `D360-API-KEY`
 * instead of a bearer token, and without Meta's `/{Version}/{Phone-Number-ID}`
 * path prefix (spec/vendor-reference.md). The committed table
 * (spec/projection.yaml) says which operations; this module turns Meta's
 * document and that table into an OpenAPI document of those operations as
 * 360dialog serves them. Pure: no file system, no clock; the caller reads the
 * inputs and writes the result.
 */
import { SpecPipelineError } from "./errors.js";
import { isJsonObject, type JsonObject, type JsonValue } from "./json.js";
import { eachOperation, HTTP_METHODS } from "./operations.js";
import { templateShape } from "./spec-checks.js";

const METHODS = new Set<string>(HTTP_METHODS);

/** `METHOD /path` of one operation, as the table writes it. */
export interface OperationKey {
  /** Upper-case HTTP method. */
  method: string;
  path: string;
}

/** One row of the table: a vendor operation and the Meta operation it serves. */
export interface ProjectionRow {
  vendor: OperationKey;
  meta: OperationKey;
  /** The vendor's tag (reference page) of the operation. */
  tag: string;
  /** The vendor's operationId, where its page shows one. */
  operationId?: string;
  reason: string;
}

/** A vendor operation that is not projected, and why. */
export interface NotTypedEntry {
  vendor: string;
  tag: string;
  reason: string;
}

/** The parsed table (spec/projection.yaml). */
export interface ProjectionTable {
  /** Meta's document the rows refer to, repo-relative. */
  metaDocument: string;
  /** Top-level fields of the derived document shared with the vendor's documents. */
  document: {
    info: JsonObject;
    servers: JsonValue[];
    security: JsonValue[];
    securitySchemes: JsonObject;
  };
  rows: ProjectionRow[];
  notTyped: NotTypedEntry[];
}

/** The table is malformed: every problem of the file in one message. */
export class ProjectionTableError extends SpecPipelineError {
  override name = "ProjectionTableError";
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${file}: ${problems.length} problem(s) in the projection table:\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        "\nCorrect the table (the comment at its top describes the columns).",
    );
  }
}

/**
 * Rows of the table whose Meta operation does not exist in Meta's document (or
 * does not fit the vendor path): Meta removed or renamed it, or the row is wrong.
 */
export class ProjectionRowError extends SpecPipelineError {
  override name = "ProjectionRowError";
  constructor(
    /** The Meta document's name. */
    readonly metaSource: string,
    /** One entry per failing row: the row's vendor operation and what is wrong. */
    readonly rows: readonly { row: string; problem: string }[],
  ) {
    super(
      `${rows.length} row(s) of the projection table do not fit ${metaSource}:\n` +
        rows.map((r) => `  - ${r.row}: ${r.problem}`).join("\n") +
        "\nIf Meta removed or renamed the operation, update or remove the row in " +
        "spec/projection.yaml (and list it under notTyped with the reason).",
    );
  }
}

function parseKey(value: unknown, where: string, problems: string[]): OperationKey | undefined {
  const match = typeof value === "string" ? /^([A-Za-z]+) (\/\S*)$/.exec(value.trim()) : null;
  if (!match?.[1] || !match[2] || !METHODS.has(match[1].toLowerCase())) {
    problems.push(`${where} must be "METHOD /path", got ${JSON.stringify(value)}`);
    return undefined;
  }
  return { method: match[1].toUpperCase(), path: match[2] };
}

/** `METHOD /path`. */
export function formatKey(key: OperationKey): string {
  return `${key.method} ${key.path}`;
}

/**
 * Reads the table's parsed YAML into a {@link ProjectionTable}, reporting every
 * problem at once ({@link ProjectionTableError}).
 */
export function parseProjectionTable(document: JsonObject, file: string): ProjectionTable {
  const problems: string[] = [];
  const metaDocument = document.metaDocument;
  if (typeof metaDocument !== "string" || metaDocument === "") {
    problems.push(`"metaDocument" must name Meta's document (a repo-relative path)`);
  }
  const shared = isJsonObject(document.document) ? document.document : undefined;
  if (!shared)
    problems.push(`"document" must be an object (info, servers, security, securitySchemes)`);
  const info = shared && isJsonObject(shared.info) ? shared.info : undefined;
  const servers = shared && Array.isArray(shared.servers) ? shared.servers : undefined;
  const security = shared && Array.isArray(shared.security) ? shared.security : undefined;
  const securitySchemes =
    shared && isJsonObject(shared.securitySchemes) ? shared.securitySchemes : undefined;
  if (shared && !info) problems.push(`document.info must be an object`);
  if (shared && !servers) problems.push(`document.servers must be a list`);
  if (shared && !security) problems.push(`document.security must be a list`);
  if (shared && !securitySchemes) problems.push(`document.securitySchemes must be an object`);

  const rows: ProjectionRow[] = [];
  const seen = new Map<string, number>();
  const rawRows = Array.isArray(document.rows) ? document.rows : [];
  if (!Array.isArray(document.rows) || rawRows.length === 0) {
    problems.push(`"rows" must be a non-empty list`);
  }
  rawRows.forEach((raw, index) => {
    const at = `rows[${index}]`;
    if (!isJsonObject(raw)) {
      problems.push(`${at} is not an object`);
      return;
    }
    const vendor = parseKey(raw.vendor, `${at}.vendor`, problems);
    const meta = parseKey(raw.meta, `${at}.meta`, problems);
    const label = vendor ? `${at} (${formatKey(vendor)})` : at;
    if (typeof raw.tag !== "string" || raw.tag === "") problems.push(`${label} needs a "tag"`);
    if (typeof raw.reason !== "string" || raw.reason.trim() === "") {
      problems.push(`${label} needs a "reason"`);
    }
    if (raw.operationId !== undefined && typeof raw.operationId !== "string") {
      problems.push(`${label}: "operationId" must be a string`);
    }
    if (vendor) {
      const key = operationIdentity(vendor.method, vendor.path);
      const first = seen.get(key);
      if (first !== undefined) problems.push(`${label} repeats rows[${first}]`);
      else seen.set(key, index);
    }
    if (vendor && meta && typeof raw.tag === "string" && typeof raw.reason === "string") {
      rows.push({
        vendor,
        meta,
        tag: raw.tag,
        reason: raw.reason.trim(),
        ...(typeof raw.operationId === "string" ? { operationId: raw.operationId } : {}),
      });
    }
  });

  const notTyped: NotTypedEntry[] = [];
  const rawNotTyped = document.notTyped ?? [];
  if (!Array.isArray(rawNotTyped)) problems.push(`"notTyped" must be a list`);
  else {
    rawNotTyped.forEach((raw, index) => {
      const at = `notTyped[${index}]`;
      if (
        !isJsonObject(raw) ||
        typeof raw.vendor !== "string" ||
        typeof raw.tag !== "string" ||
        typeof raw.reason !== "string"
      ) {
        problems.push(`${at} needs "vendor", "tag" and "reason" strings`);
        return;
      }
      notTyped.push({ vendor: raw.vendor, tag: raw.tag, reason: raw.reason.trim() });
    });
  }

  if (
    problems.length > 0 ||
    typeof metaDocument !== "string" ||
    !info ||
    !servers ||
    !security ||
    !securitySchemes
  ) {
    throw new ProjectionTableError(file, problems);
  }
  return { metaDocument, document: { info, servers, security, securitySchemes }, rows, notTyped };
}

/**
 * Method and path with parameter names erased: OpenAPI treats `/{a}` and
 * `/{b}` as the same path, so a vendor document at `/{mediaId}` serves the
 * operation a row maps to `/{media_id}`.
 */
export function operationIdentity(method: string, path: string): string {
  return `${method.toUpperCase()} ${templateShape(path)}`;
}

/** Every operation of an OpenAPI document, in the document's path order. */
export function listOperations(document: JsonObject): OperationKey[] {
  return [...eachOperation(document, "document")].map(({ method, path }) => ({
    method: method.toUpperCase(),
    path,
  }));
}

/** A row the projection left out because a vendor document has the operation. */
export interface SkippedRow {
  row: ProjectionRow;
}

/** What {@link projectMetaDocument} returns. */
export interface ProjectionResult {
  /** The derived OpenAPI document. */
  document: JsonObject;
  /** Rows left out because a vendor document serves the same method and path. */
  skipped: SkippedRow[];
}

/** Inputs of {@link projectMetaDocument}. */
export interface ProjectionInput {
  /** Meta's OpenAPI document, parsed. Not modified. */
  meta: JsonObject;
  /** The name of Meta's document, recorded in `x-derived-from.file` (repo-relative). */
  metaSource: string;
  table: ProjectionTable;
  /** Operations the vendor's own documents define: these rows are skipped. */
  vendorOperations?: readonly OperationKey[];
}

/**
 * Header parameters the projection removes from Meta's operations.
 * `Authorization`, `Content-Type` and `Accept`: OpenAPI 3.1 says a header
 * parameter with one of these names "SHALL be ignored" (Parameter Object,
 * https://spec.openapis.org/oas/v3.1.0#fixed-fields-9); the credential is the
 * `D360-API-KEY` security scheme instead. `User-Agent`: Meta's parameter
 * identifies Meta's own SDK (a pattern and default "Meta-Business-Messaging-OpenAPI/…");
 * the client sends its own.
 */
const DROPPED_HEADERS = new Set(["authorization", "content-type", "accept", "user-agent"]);

/**
 * Derives the document of the table's operations from Meta's document:
 * - paths: the vendor's path for each row; the parameters of Meta's dropped
 *   prefix (`{Version}`, then `{Phone-Number-ID}` or `{WABA-ID}`) removed, the
 *   others renamed to the vendor's names in order (there must be as many on
 *   both sides);
 * - security and servers: the table's (360dialog's), Meta's removed from every
 *   operation, and Meta's credential and SDK headers removed;
 * - operationId: the vendor's where the row has one, else derived from Meta's
 *   (`retrieveMediaUrl` → `retrieve-media-url`, the vendor's style); Meta's is
 *   kept in `x-meta-operation-id`;
 * - tags: the row's tag;
 * - components: only those the operations reach, transitively, as Meta has them.
 *
 * Rows whose vendor operation is in `vendorOperations` are skipped and reported.
 * Rows whose Meta operation is missing or does not fit the vendor path are
 * reported all at once as a {@link ProjectionRowError}.
 */
export function projectMetaDocument(input: ProjectionInput): ProjectionResult {
  const { meta, metaSource, table } = input;
  const vendorTaken = new Set(
    (input.vendorOperations ?? []).map((op) => operationIdentity(op.method, op.path)),
  );
  const metaPaths = isJsonObject(meta.paths) ? meta.paths : {};
  const problems: { row: string; problem: string }[] = [];
  const skipped: SkippedRow[] = [];
  const paths: JsonObject = {};
  const usedIds = new Map<string, string>();

  for (const row of table.rows) {
    const label = formatKey(row.vendor);
    const item = metaPaths[row.meta.path];
    const operation = isJsonObject(item) ? item[row.meta.method.toLowerCase()] : undefined;
    if (!isJsonObject(item) || !isJsonObject(operation)) {
      problems.push({
        row: label,
        problem: `Meta's document has no operation ${formatKey(row.meta)}`,
      });
      continue;
    }
    if (vendorTaken.has(operationIdentity(row.vendor.method, row.vendor.path))) {
      skipped.push({ row });
      continue;
    }
    const projected = projectOperation(meta, item, operation, row);
    if (typeof projected === "string") {
      problems.push({ row: label, problem: projected });
      continue;
    }
    const id = projected.operationId as string;
    const clash = usedIds.get(id);
    if (clash !== undefined) {
      problems.push({ row: label, problem: `operationId "${id}" is also given to ${clash}` });
      continue;
    }
    usedIds.set(id, label);
    const existing = paths[row.vendor.path];
    const target: JsonObject = isJsonObject(existing) ? existing : {};
    target[row.vendor.method.toLowerCase()] = projected;
    paths[row.vendor.path] = target;
  }
  if (problems.length > 0) throw new ProjectionRowError(metaSource, problems);

  const info = isJsonObject(meta.info) ? meta.info : {};
  const document: JsonObject = {
    openapi: typeof meta.openapi === "string" ? meta.openapi : "3.1.0",
    // No info.version: Meta's "v23.0" is not on the vendor's version scale, and the
    // effective spec's version is the vendor's (scripts/lib/merge.ts). Meta's
    // version is recorded in x-derived-from instead.
    info: structuredClone(table.document.info),
    servers: structuredClone(table.document.servers),
    security: structuredClone(table.document.security),
    "x-derived-from": {
      file: metaSource,
      version: typeof info.version === "string" ? info.version : null,
      title: typeof info.title === "string" ? info.title : null,
    },
    paths,
  };
  document.components = {
    securitySchemes: structuredClone(table.document.securitySchemes),
    ...reachableComponents(meta, paths),
  };
  return { document, skipped };
}

/** Meta's parameter with `$ref` resolved (parameters are inlined so they can be renamed). */
function resolveParameter(meta: JsonObject, parameter: JsonValue): JsonObject | undefined {
  if (!isJsonObject(parameter)) return undefined;
  if (typeof parameter.$ref !== "string") return parameter;
  const target = resolvePointer(meta, parameter.$ref);
  return isJsonObject(target) ? target : undefined;
}

/** Meta's API version segment, the first of every Meta path; 360dialog has none. */
const VERSION_PARAMETER = "Version";

/**
 * The account node after the version that 360dialog's API key stands for: paths
 * drop Meta's `/{Version}/{Phone-Number-ID}` prefix (spec/vendor-reference.md).
 * A WhatsApp Business Account's operations (`/{WABA-ID}/…`) are reached the same
 * way with the key of one of its numbers.
 */
const ACCOUNT_PARAMETERS = new Set(["Phone-Number-ID", "WABA-ID"]);

/**
 * The parameters of Meta's path prefix that the vendor path drops: `Version`,
 * then the account node if one follows; undefined when the path does not start
 * with `/{Version}`. Other nodes (`/{Version}/{Media-ID}`) keep their parameter,
 * which the vendor path names in its own way.
 */
function droppedPrefix(metaPath: string): string[] | undefined {
  const segments = metaPath.split("/").slice(1);
  if (segments[0] !== `{${VERSION_PARAMETER}}`) return undefined;
  const account = /^\{([^}]+)\}$/.exec(segments[1] ?? "")?.[1];
  return account !== undefined && ACCOUNT_PARAMETERS.has(account)
    ? [VERSION_PARAMETER, account]
    : [VERSION_PARAMETER];
}

/** The template parameter names of a path, in order. */
function templateNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
}

/** One projected operation, or a problem description. */
function projectOperation(
  meta: JsonObject,
  item: JsonObject,
  operation: JsonObject,
  row: ProjectionRow,
): JsonObject | string {
  const metaNames = templateNames(row.meta.path);
  const vendorNames = templateNames(row.vendor.path);
  const prefix = droppedPrefix(row.meta.path);
  if (prefix === undefined) {
    return `Meta's path ${row.meta.path} does not start with /{${VERSION_PARAMETER}}, the prefix 360dialog drops`;
  }
  const kept = metaNames.slice(prefix.length);
  if (kept.length !== vendorNames.length) {
    return (
      `once the prefix {${prefix.join("}/{")}} is dropped, Meta's path parameters ` +
      `(${kept.join(", ") || "none"}) do not match the vendor's (${vendorNames.join(", ") || "none"}): ` +
      "the shapes differ, so the row belongs under notTyped"
    );
  }
  const dropped = new Set(prefix);
  const renames = new Map(kept.map((name, i) => [name, vendorNames[i]]));

  // Path-item parameters apply to every operation; an operation's own parameter
  // with the same name and location overrides them (OpenAPI 3.1, Path Item Object).
  // They are folded into the operation so that the derived path item has only
  // methods, which merge one by one with the vendor's documents.
  const byKey = new Map<string, JsonObject>();
  const all = [
    ...(Array.isArray(item.parameters) ? item.parameters : []),
    ...(Array.isArray(operation.parameters) ? operation.parameters : []),
  ];
  for (const raw of all) {
    const parameter = resolveParameter(meta, raw);
    if (!parameter || typeof parameter.name !== "string") {
      return `a parameter of Meta's operation cannot be resolved: ${JSON.stringify(raw)}`;
    }
    const name = parameter.name;
    if (parameter.in === "header" && DROPPED_HEADERS.has(name.toLowerCase())) continue;
    if (parameter.in === "path" && dropped.has(name)) continue;
    let kept = structuredClone(parameter);
    if (parameter.in === "path") {
      const renamed = renames.get(name);
      if (renamed === undefined) {
        return `Meta's path parameter ${name} is not in its path ${row.meta.path}`;
      }
      kept = { ...kept, name: renamed };
    }
    byKey.set(`${kept.in as string}:${kept.name as string}`, kept);
  }
  for (const name of vendorNames) {
    if (!byKey.has(`path:${name}`)) {
      return `Meta's operation does not describe the path parameter {${name}}`;
    }
  }

  const {
    security: _security,
    servers: _servers,
    parameters: _parameters,
    tags: _tags,
    operationId: metaId,
    ...rest
  } = structuredClone(operation);
  const projected: JsonObject = {
    ...rest,
    operationId: row.operationId ?? deriveOperationId(metaId, row.vendor),
    tags: [row.tag],
    "x-meta-operation": formatKey(row.meta),
  };
  if (typeof metaId === "string") projected["x-meta-operation-id"] = metaId;
  if (byKey.size > 0) projected.parameters = [...byKey.values()];
  return projected;
}

/**
 * A readable operationId in the vendor's kebab-case style from Meta's camelCase
 * one. Meta writes some plurals with a capital S (`blockUserS`): a lone
 * capital letter at the end joins the word before it (`block-users`). Without a
 * Meta operationId, the method and the vendor path make one.
 */
export function deriveOperationId(metaId: JsonValue | undefined, vendor: OperationKey): string {
  if (typeof metaId === "string" && metaId !== "") {
    // Meta spells the brand "WhatsApp" in camel case; it is one word.
    const words = metaId
      .replace(/WhatsApp/g, "Whatsapp")
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
      .split(/[\s_-]+/)
      .filter(Boolean)
      .map((w) => w.toLowerCase());
    const last = words.at(-1);
    if (words.length > 1 && last !== undefined && last.length === 1) {
      words.pop();
      words[words.length - 1] += last;
    }
    return words.join("-");
  }
  const segments = vendor.path
    .split("/")
    .filter(Boolean)
    .map((s) => s.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+/g, "-"));
  return [vendor.method.toLowerCase(), ...segments].join("-").toLowerCase();
}

/** Decodes a local JSON pointer (`#/a/b~1c`) and returns its target in `root`. */
function resolvePointer(root: JsonObject, ref: string): JsonValue | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let node: JsonValue | undefined = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isJsonObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

/**
 * Every local reference inside a value: `$ref` strings, and the values of a
 * discriminator's `mapping`, which name schemas by reference too (OpenAPI 3.1,
 * Discriminator Object).
 */
function collectRefs(value: JsonValue, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, into);
  } else if (isJsonObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string") into.add(v);
      else if (key === "discriminator" && isJsonObject(v) && isJsonObject(v.mapping)) {
        for (const target of Object.values(v.mapping)) {
          if (typeof target === "string" && target.startsWith("#/")) into.add(target);
        }
      } else collectRefs(v, into);
    }
  }
}

/**
 * The components of Meta's document that the projected paths reach, following
 * `$ref`s transitively, by component type (schemas, headers, responses, …).
 */
function reachableComponents(meta: JsonObject, paths: JsonObject): JsonObject {
  const pending = new Set<string>();
  collectRefs(paths, pending);
  const done = new Set<string>();
  const components: Record<string, JsonObject> = {};
  while (pending.size > 0) {
    const ref = pending.values().next().value as string;
    pending.delete(ref);
    if (done.has(ref)) continue;
    done.add(ref);
    const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
    const target = resolvePointer(meta, ref);
    if (!match?.[1] || !match[2] || target === undefined) continue;
    const type = match[1];
    const name = decodeURIComponent(match[2]).replace(/~1/g, "/").replace(/~0/g, "~");
    components[type] ??= {};
    (components[type] as JsonObject)[name] = structuredClone(target);
    const inner = new Set<string>();
    collectRefs(target, inner);
    for (const r of inner) if (!done.has(r)) pending.add(r);
  }
  return components;
}

/** Every local `$ref` of a document that points at nothing. */
export function danglingRefs(document: JsonObject): string[] {
  const refs = new Set<string>();
  collectRefs(document, refs);
  return [...refs].filter((ref) => resolvePointer(document, ref) === undefined).sort();
}

/** An operation of a derived document, for {@link projectionChanges}. */
export interface ProjectedOperation extends OperationKey {
  operationId: string | undefined;
}

/** What changed between two derived documents. */
export interface ProjectionChanges {
  added: ProjectedOperation[];
  /** Operations that left the projection and are not served by a vendor document. */
  removed: ProjectedOperation[];
  /** Operations that left the projection because a vendor document now has them. */
  nowFromVendor: ProjectedOperation[];
}

function projectedOperations(document: JsonObject | undefined): Map<string, ProjectedOperation> {
  const result = new Map<string, ProjectedOperation>();
  if (!document) return result;
  for (const { method, path, operation } of eachOperation(document, "document")) {
    const id = operation.operationId;
    result.set(operationIdentity(method, path), {
      method: method.toUpperCase(),
      path,
      operationId: typeof id === "string" ? id : undefined,
    });
  }
  return result;
}

/**
 * Operations added to and removed from the projection between two derived
 * documents. A removed operation that a vendor document now defines is listed
 * in `nowFromVendor` (the changeset says it "now comes from the vendor's page").
 */
export function projectionChanges(
  before: JsonObject | undefined,
  after: JsonObject | undefined,
  vendorOperations: readonly OperationKey[] = [],
): ProjectionChanges {
  const old = projectedOperations(before);
  const now = projectedOperations(after);
  const vendor = new Set(vendorOperations.map((op) => operationIdentity(op.method, op.path)));
  const byKey = (a: ProjectedOperation, b: ProjectedOperation) =>
    a.path === b.path ? a.method.localeCompare(b.method) : a.path.localeCompare(b.path);
  const added = [...now].filter(([k]) => !old.has(k)).map(([, op]) => op);
  const gone = [...old].filter(([k]) => !now.has(k));
  return {
    added: added.sort(byKey),
    removed: gone
      .filter(([k]) => !vendor.has(k))
      .map(([, op]) => op)
      .sort(byKey),
    nowFromVendor: gone
      .filter(([k]) => vendor.has(k))
      .map(([, op]) => op)
      .sort(byKey),
  };
}

/** Changeset lines for {@link ProjectionChanges}, one per operation. */
export function projectionChangeLines(changes: ProjectionChanges, metaFile: string): string[] {
  const name = (op: ProjectedOperation) =>
    `\`${op.method} ${op.path}\`${op.operationId ? ` (${op.operationId})` : ""}`;
  return [
    ...changes.nowFromVendor.map(
      (op) => `${name(op)} now comes from the vendor's page instead of ${metaFile}.`,
    ),
    ...changes.added.map((op) => `${name(op)} added, typed from ${metaFile}.`),
    ...changes.removed.map((op) => `${name(op)} removed from the projection of ${metaFile}.`),
  ];
}
