// The root README's Operations tables, derived from the effective spec (every operation, its
// client method, where its types come from) and from spec/projection.yaml (the vendor's
// operations not typed yet). UPDATE_FIXTURES=1 rewrites the README between its markers.
import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = new URL("../../../", import.meta.url);
const START = "<!-- operations:start -->";
const END = "<!-- operations:end -->";
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
// Hand-written methods beside an operation's own (src/extensions/tags/), by operationId.
const ALSO: Record<string, string> = {
  "send-message": "`client.messages.markAsRead` (read receipt)",
  "upload-media": "`client.media.upload` (limits checked)",
  "retrieve-media-url": "`client.media.download` (URL, then the file)",
};

type Json = Record<string, unknown>;

/** A Markdown table without the padding Biome's formatter aligns its columns with. */
const flat = (text: string) =>
  text
    .split("\n")
    .map((line) => line.replace(/ {2,}\|/g, " |").replace(/-{3,}/g, "---"))
    .join("\n");

const camel = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w, i) => (i === 0 ? w[0]?.toLowerCase() : w[0]?.toUpperCase()) + w.slice(1))
    .join("");
const cell = (text: string) => text.replace(/\s+/g, " ").replaceAll("|", "\\|").trim();

/** The Markdown between the README's markers. */
export function renderOperations(spec: Json, projection: Json): string {
  const rows: string[][] = [];
  for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const id = String(op.operationId);
      const tag = String((op.tags as string[])[0]);
      const meta = op["x-meta-operation"];
      rows.push([
        `\`${method.toUpperCase()} ${path}\``,
        [`\`client.${camel(tag)}.${camel(id)}\``, ALSO[id]].filter(Boolean).join(", "),
        typeof meta === "string"
          ? `projection of Meta's v23.0 (\`${meta}\`)`
          : "360dialog's document (`spec/upstream/`)",
      ]);
    }
  }
  rows.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
  const notTyped = (projection.notTyped as Json[]).map((row) => [
    cell(String(row.vendor)),
    cell(String(row.tag ?? "")),
    cell(String(row.reason)),
  ]);
  const table = (head: string[], body: string[][]) =>
    [
      `| ${head.join(" | ")} |`,
      `| ${head.map(() => "---").join(" | ")} |`,
      ...body.map((r) => `| ${r.join(" | ")} |`),
    ].join("\n");
  return [
    table(["Operation", "Client method", "Types from"], rows),
    "",
    "Not typed yet (`notTyped` in `spec/projection.yaml`): call them with the client's generic",
    "`client.GET` / `client.POST` once the vendor's page describes them.",
    "",
    table(["360dialog", "Tag", "Why not yet"], notTyped),
  ].join("\n");
}

describe("the root README's Operations tables", () => {
  it("list every operation of the spec with its source, and the projection's notTyped list", async () => {
    const spec = JSON.parse(await readFile(new URL("spec/openapi.json", ROOT), "utf8")) as Json;
    const projection = parse(await readFile(new URL("spec/projection.yaml", ROOT), "utf8")) as Json;
    const readmeUrl = new URL("README.md", ROOT);
    const readme = await readFile(readmeUrl, "utf8");
    const expected = `${START}\n${renderOperations(spec, projection)}\n${END}`;
    const actual = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    if (process.env.UPDATE_FIXTURES && flat(actual) !== flat(expected)) {
      // Biome aligns the columns afterwards (`pnpm biome format --write README.md`).
      await writeFile(readmeUrl, readme.replace(actual, expected));
      return;
    }
    expect(flat(actual), "run with UPDATE_FIXTURES=1 to rewrite the README's tables").toBe(
      flat(expected),
    );
    expect(expected).toContain("`POST /messages` | `client.messages.sendMessage`");
  });
});
