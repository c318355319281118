/**
 * packages/client/src/generated/: one typed method per operation, grouped by the operation's
 * first tag (`client.encryption.getBusinessPublicKey`), laid out so that a hundred operations
 * read like two:
 * - `operations.ts`: the ONE operations table (method, path, idempotence, parameter names by
 *   group, body media type, JSON success), with CLIENT_VERSION and DEFAULT_BASE_URL;
 * - `<tag>.ts`: the tag's `<Tag>Api` interface and the factory of its methods;
 * - `namespaces.ts`: the `Namespaces` interface (types only, re-exported by the package);
 * - `methods.ts`: `createNamespaces`, every tag's factory over one caller.
 * An operation with a file in packages/client/src/extensions/ named after its operationId gets
 * that file's hand-written method (and its doc comment); every other one gets the generic
 * method, typed from the spec. An extension whose operationId the spec no longer has fails
 * generation. A file in src/extensions/tags/ named after a tag's generated file (`media.ts`)
 * adds hand-written methods to that namespace beside its operations (`client.media.download`),
 * built from the client's call and URL fetch (`TagContext`).
 */
import { readdir, readFile } from "node:fs/promises";
import { SpecContentError, type SpecPipelineError, throwProblems } from "./errors.js";
import { isJsonObject, type JsonObject, resolveRef } from "./json.js";
import { inRoot, LAYOUT } from "./layout.js";
import { camelCase, listOperations } from "./operations.js";
import { header, type SpecStamp } from "./render.js";
import { extensionProblems } from "./spec-checks.js";

/** A hand-written extension: its file (repo-relative), the operationId it names, its doc comment. */
export interface ClientExtension {
  file: string;
  operationId: string;
  doc: string | undefined;
  /** For a tag extension (src/extensions/tags/<file>.ts): the generated file it adds methods to; `operationId` is then `""`. */
  tag?: string;
}

/**
 * Reads packages/client/src/extensions/: one `<operationId>.ts` per extended operation. Every
 * malformed file is reported at once (a `SpecProblemsError` for more than one), as the rest of
 * the pipeline does.
 */
export async function loadExtensions(root: string): Promise<ClientExtension[]> {
  const dir = LAYOUT.clientExtensionsDir;
  const names = await readdir(inRoot(root, dir)).catch(() => [] as string[]);
  const extensions: ClientExtension[] = [];
  const problems: SpecPipelineError[] = [];
  for (const name of names.filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts")).sort()) {
    const file = `${dir}/${name}`;
    const text = await readFile(inRoot(root, file), "utf8");
    const operationId = name.slice(0, -3);
    const declared = /export default defineExtension\(\s*"([^"]+)"/.exec(text)?.[1];
    if (declared !== operationId) {
      problems.push(
        new SpecContentError(
          `${file} must \`export default defineExtension("${operationId}", …)\`: the file name is the operationId it extends${declared ? ` (it names "${declared}")` : ""}.`,
        ),
      );
      continue;
    }
    const doc = /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)\s*export default defineExtension/.exec(text)?.[1];
    extensions.push({ file, operationId, doc });
  }
  const tagDir = `${dir}/tags`;
  const tagNames = await readdir(inRoot(root, tagDir)).catch(() => [] as string[]);
  for (const name of tagNames.filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts")).sort()) {
    const file = `${tagDir}/${name}`;
    const text = await readFile(inRoot(root, file), "utf8");
    const tag = name.slice(0, -3);
    // A function of the context, named after the tag's namespace: `export default function
    // media(context: TagContext): MediaMethods` (no wrapper: it costs the entry bytes).
    const declared = /export default function (\w+)\(\s*\w+: TagContext\)/.exec(text)?.[1];
    if (declared !== camelCase(tag)) {
      problems.push(
        new SpecContentError(
          `${file} must \`export default function ${camelCase(tag)}(context: TagContext): …\`: the file name is the tag file it extends${declared ? ` (it names "${declared}")` : ""}.`,
        ),
      );
      continue;
    }
    extensions.push({ file, operationId: "", doc: undefined, tag });
  }
  throwProblems(problems);
  return extensions;
}

const MEDIA_ORDER = [
  "application/json",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
];

function pascalCase(text: string): string {
  const camel = camelCase(text);
  return (camel[0]?.toUpperCase() ?? "") + camel.slice(1);
}

/** A doc comment from lines (`*\/` inside escaped), indented by `indent`. */
function docComment(lines: string[], indent: string): string {
  const body = lines.map((line) => line.replaceAll("*/", "*\\/"));
  return [
    `${indent}/**`,
    ...body.map((l) => `${indent} *${l ? ` ${l}` : ""}`),
    `${indent} */`,
  ].join("\n");
}

/** Re-indents an extension's doc comment. */
function reindent(doc: string, indent: string): string {
  return doc
    .split("\n")
    .map((line, i) => (i === 0 ? `${indent}${line.trim()}` : `${indent} ${line.trim()}`))
    .join("\n");
}

interface Method {
  key: string;
  operationId: string;
  namespace: string;
  /** The row of the operations table. */
  row: string;
  doc: string;
  extension: string | undefined;
}

interface Namespace {
  key: string;
  /** The file under src/generated/, without `.ts`. */
  file: string;
  type: string;
  description: string;
  methods: Method[];
}

/** Files of src/generated/ that are not tag files. */
const FIXED_FILES = ["operations", "namespaces", "methods"];

/** The generated directory of the client, repo-relative. */
export const CLIENT_GENERATED_DIR = "packages/client/src/generated";

/**
 * Every generated file of the client, keyed by repo-relative path.
 *
 * @param clientVersion - the client's package.json version, for CLIENT_VERSION (User-Agent)
 */
export function renderClient(
  spec: JsonObject,
  stamp: SpecStamp,
  extensions: readonly ClientExtension[],
  clientVersion: string,
): Map<string, string> {
  const servers = spec.servers;
  const first = Array.isArray(servers) ? servers[0] : undefined;
  const baseUrl = isJsonObject(first) ? first.url : undefined;
  if (typeof baseUrl !== "string" || baseUrl === "") {
    throw new SpecContentError(
      "the effective spec has no servers[0].url; DEFAULT_BASE_URL comes from it. Add one with an overlay in spec/overlays/.",
    );
  }
  const operations = listOperations(spec);
  const tagExtensions = new Map(
    extensions.filter((e) => e.tag !== undefined).map((e) => [e.tag as string, e]),
  );
  const operationExtensions = extensions.filter((e) => e.tag === undefined);
  // The pipeline reports these with the spec's other problems (buildEffectiveSpec); checked
  // again here, by the same function, for a caller that renders without it.
  throwProblems(extensionProblems(spec, operationExtensions));
  const byId = new Map(operationExtensions.map((e) => [e.operationId, e]));
  const tags = new Map<string, string>();
  for (const tag of Array.isArray(spec.tags) ? spec.tags : []) {
    if (isJsonObject(tag) && typeof tag.name === "string") {
      tags.set(tag.name, typeof tag.description === "string" ? tag.description : "");
    }
  }
  const namespaces = new Map<string, Namespace>();
  const paths = isJsonObject(spec.paths) ? spec.paths : {};
  for (const op of operations) {
    const item = isJsonObject(paths[op.path]) ? (paths[op.path] as JsonObject) : {};
    const operation = item[op.method.toLowerCase()] as JsonObject;
    const where = `${op.method} ${op.path} (${op.operationId})`;
    const tag = Array.isArray(operation.tags) ? operation.tags[0] : undefined;
    if (typeof tag !== "string") {
      throw new SpecContentError(
        `${where} has no tag; the client groups its methods by tag. Add one with an overlay in spec/overlays/.`,
      );
    }
    const key = camelCase(tag);
    if (["request", "use", "eject"].includes(key) || !/^[A-Za-z_$][\w$]*$/.test(key)) {
      throw new SpecContentError(
        `tag "${tag}" would become the client property "${key}", which is taken or not an identifier; rename the tag with an overlay in spec/overlays/.`,
      );
    }
    const file = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/^-/, "");
    if (FIXED_FILES.includes(file)) {
      throw new SpecContentError(
        `tag "${tag}" would be generated into src/generated/${file}.ts, which the client's own generated files use; rename the tag with an overlay in spec/overlays/.`,
      );
    }
    const namespace = namespaces.get(key) ?? {
      key,
      file,
      type: `${pascalCase(tag)}Api`,
      description: tags.get(tag) ?? "",
      methods: [],
    };
    namespaces.set(key, namespace);

    const groups: Record<string, string[]> = { query: [], path: [], header: [] };
    const parameters = [
      ...(Array.isArray(item.parameters) ? item.parameters : []),
      ...(Array.isArray(operation.parameters) ? operation.parameters : []),
    ];
    for (const entry of parameters) {
      const parameter = resolveRef(spec, entry);
      const group = typeof parameter?.in === "string" ? groups[parameter.in] : undefined;
      if (group && typeof parameter?.name === "string" && !group.includes(parameter.name)) {
        group.push(parameter.name);
      }
    }
    const content = resolveRef(spec, operation.requestBody)?.content;
    const media = isJsonObject(content) ? Object.keys(content) : [];
    const body = MEDIA_ORDER.find((m) => media.includes(m)) ?? media[0] ?? null;
    const responses = isJsonObject(operation.responses) ? operation.responses : {};
    const json = Object.entries(responses).some(([status, response]) => {
      const success = /^2(\d\d|XX)$/.test(status);
      const responseContent = resolveRef(spec, response)?.content;
      return success && isJsonObject(responseContent) && "application/json" in responseContent;
    });
    const list = (names: string[]) => `[${names.map((n) => JSON.stringify(n)).join(", ")}]`;
    const extension = byId.get(op.operationId);
    const summary = typeof operation.summary === "string" ? operation.summary : op.key;
    const description = typeof operation.description === "string" ? operation.description : "";
    namespace.methods.push({
      key: op.key,
      operationId: op.operationId,
      namespace: key,
      row: `${op.key}: { operationId: ${JSON.stringify(op.operationId)}, method: ${JSON.stringify(op.method)}, path: ${JSON.stringify(op.path)}, idempotent: ${op.idempotent}, query: ${list(groups.query ?? [])}, pathParams: ${list(groups.path ?? [])}, header: ${list(groups.header ?? [])}, body: ${JSON.stringify(body)}, json: ${json} }`,
      doc:
        extension?.doc !== undefined
          ? reindent(extension.doc, "  ")
          : docComment(
              [
                `${summary} (\`${op.method} ${op.path}\`, operationId \`${op.operationId}\`).`,
                ...(description ? ["", ...description.split("\n")] : []),
                "",
                "@throws {ApiError} on an error status (after retries) or a success body that is not JSON",
                "@throws {TimeoutError} when `timeout` or `totalTimeout` ran out",
                "@throws {NetworkError} when no response arrived",
              ],
              "  ",
            ),
      extension: extension ? `${op.key}Extension` : undefined,
    });
  }

  const all = [...namespaces.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  for (const [tag, extension] of tagExtensions) {
    if (!all.some((n) => n.file === tag)) {
      throw new SpecContentError(
        `${extension.file} adds methods to the namespace of src/generated/${tag}.ts, which the spec no longer has. Delete it, or rename it after the tag's new file.`,
      );
    }
  }
  const tagExtension = (n: Namespace) =>
    tagExtensions.has(n.file) ? `${camelCase(n.file)}TagExtension` : undefined;
  const files = new Map<string, string>();
  // The table in the spec's order (path, then method), as before.
  const order = operations.map((op) => op.key);
  const at = (name: string) => `${CLIENT_GENERATED_DIR}/${name}.ts`;
  const lines = (...parts: (string | false)[]) => parts.filter(Boolean).join("\n");

  files.set(
    at("operations"),
    `${header(stamp)}
import type { OperationSpec } from "../operation/spec.js";

/** Version of @d360-messaging/client, copied from its package.json at generation time (for the User-Agent). */
export const CLIENT_VERSION = ${JSON.stringify(clientVersion)};
/** The spec's first server URL. */
export const DEFAULT_BASE_URL = ${JSON.stringify(baseUrl)};
/**
 * Every operation in the spec, keyed by camelCased operationId: the one table the methods and
 * the retry policy read. \`idempotent\` comes from the \`x-idempotent\` extension (overlay);
 * without it, only safe methods (GET, HEAD, OPTIONS) are idempotent. Parameter names by group,
 * the body's media type (null without one), whether a success is JSON.
 */
export const OPERATIONS = {
${all
  .flatMap((n) => n.methods)
  .sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key))
  .map((m) => `  ${m.row},`)
  .join("\n")}
} as const satisfies Record<string, OperationSpec & { readonly idempotent: boolean }>;
`,
  );

  for (const n of all) {
    const extra = tagExtension(n);
    const extended = n.methods.filter((m) => m.extension);
    const generic = n.methods.length > extended.length;
    const memberType = (m: Method) =>
      m.extension
        ? `ExtensionMethod<typeof ${m.extension}>`
        : `OperationMethod<operations[${JSON.stringify(m.operationId)}]>`;
    files.set(
      at(n.file),
      `${header(stamp)}
${lines(
  'import type { operations } from "@d360-messaging/types";',
  ...extended.map((m) => `import ${m.extension} from "../extensions/${m.operationId}.js";`),
  extra !== undefined && `import ${extra} from "../extensions/tags/${n.file}.js";`,
  generic
    ? 'import { type Caller, operationMethod } from "../operation/call.js";'
    : 'import type { Caller } from "../operation/call.js";',
  (extended.length > 0 || extra !== undefined) &&
    `import type { ${[extended.length > 0 && "ExtensionMethod", extra !== undefined && "TagContext", extra !== undefined && "TagExtensionMethods"].filter(Boolean).join(", ")} } from "../operation/extension.js";`,
  `import type { ${[extended.length > 0 && "OperationCall", generic && "OperationMethod"].filter(Boolean).join(", ")} } from "../operation/types.js";`,
  'import { OPERATIONS } from "./operations.js";',
)}

${docComment([`${n.type.slice(0, -3)}: ${n.description || "the operations of this tag."}`, "", "Method names are the spec's operationIds in camelCase."], "")}
export interface ${n.type}${extra !== undefined ? ` extends TagExtensionMethods<typeof ${extra}>` : ""} {
${n.methods.map((m) => `${m.doc}\n  ${m.key}: ${memberType(m)};`).join("\n")}
}

/** The methods of {@link ${n.type}} over one caller. */
export function create${n.type}(call: Caller${extra !== undefined ? ", context: TagContext" : ""}): ${n.type} {
  return {
${extra !== undefined ? `    ...${extra}(context),\n` : ""}${n.methods
  .map((m) =>
    m.extension
      ? `    ${m.key}: ${m.extension}.create(((request) => call(OPERATIONS.${m.key}, request as never)) as OperationCall<operations[${JSON.stringify(m.operationId)}]>),`
      : `    ${m.key}: operationMethod(call, OPERATIONS.${m.key}) as OperationMethod<operations[${JSON.stringify(m.operationId)}]>,`,
  )
  .join("\n")}
  };
}
`,
    );
  }

  files.set(
    at("namespaces"),
    `${header(stamp)}
${all.map((n) => `import type { ${n.type} } from "./${n.file}.js";`).join("\n")}

${all.map((n) => `export type { ${n.type} } from "./${n.file}.js";`).join("\n")}

/** The client's namespaces, one per spec tag. */
export interface Namespaces {
${all.map((n) => `${docComment([`${n.type.slice(0, -3)}: ${n.description || "the operations of this tag."}`], "  ")}\n  readonly ${n.key}: ${n.type};`).join("\n")}
}
`,
  );

  files.set(
    at("methods"),
    `${header(stamp)}
import type { Caller } from "../operation/call.js";
import type { TagContext } from "../operation/extension.js";
${all.map((n) => `import { create${n.type} } from "./${n.file}.js";`).join("\n")}
import type { Namespaces } from "./namespaces.js";

/** Every namespace over one caller (and, for the hand-written methods of a tag, the context). */
export function createNamespaces(call: Caller, context: TagContext): Namespaces {
  return {
${all.map((n) => `    ${n.key}: create${n.type}(call${tagExtension(n) !== undefined ? ", context" : ""}),`).join("\n")}
  };
}
`,
  );
  return files;
}

/** Files under src/generated/ of the client that `files` does not hold: left from an earlier spec. */
export async function staleClientFiles(
  root: string,
  files: ReadonlyMap<string, string>,
): Promise<string[]> {
  const names = await readdir(inRoot(root, CLIENT_GENERATED_DIR)).catch(() => [] as string[]);
  return names
    .filter((name) => name.endsWith(".ts"))
    .map((name) => `${CLIENT_GENERATED_DIR}/${name}`)
    .filter((file) => !files.has(file));
}
