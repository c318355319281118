// Every request example Meta's document gives for POST /messages must type-check as the argument
// of `client.messages.sendMessage` (a read receipt example as Meta's `MarkAsReadRequest`, the
// body `markAsRead` sends). The examples are written, from spec/openapi.json, into
// test/generated/send-message-examples.ts, which the typecheck task compiles; this test keeps that
// file in step with the spec (UPDATE_FIXTURES=1 rewrites it).
import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

const SPEC = new URL("../../../spec/openapi.json", import.meta.url);
const FIXTURE = new URL("./generated/send-message-examples.ts", import.meta.url);

/**
 * Examples whose value is a placeholder where the schema has an enum (scripts/test/
 * projection-examples.test.ts lists the same): the fixture expects the type error, so the entry
 * goes when Meta fills the placeholder in.
 */
const PLACEHOLDERS: Record<string, string> = {
  "Send Multi-Product Message": '`"type": "<HEADER_TYPE>"` where the header type is an enum',
};

type Json = Record<string, unknown>;

/** The fixture's text for the spec's POST /messages examples. */
export function renderFixture(spec: Json): string {
  const post = (spec.paths as Record<string, Record<string, Json>>)["/messages"]?.post;
  const content = ((post?.requestBody as Json | undefined)?.content ?? {}) as Record<string, Json>;
  const examples = (content["application/json"]?.examples ?? {}) as Record<string, Json>;
  const names = Object.keys(examples).sort();
  const lines = [
    "// Generated from spec/openapi.json by test/send-message-examples.test.ts: do not edit; run",
    "// `UPDATE_FIXTURES=1 pnpm vitest run test/send-message-examples.test.ts` after a spec update.",
    "// Each of Meta's request examples for POST /messages, as the argument of sendMessage (a read",
    "// receipt as the body markAsRead sends). Compiled by the typecheck task; nothing runs.",
    'import type { components } from "@d360-messaging/types";',
    'import type { D360Client } from "../../src/index.js";',
    "",
    "declare const client: D360Client;",
    'type ReadReceipt = components["schemas"]["MarkAsReadRequest"];',
    "",
  ];
  for (const name of names) {
    const value = examples[name]?.value as Json | undefined;
    if (value === undefined) continue;
    const text = JSON.stringify(value, null, 2);
    lines.push(`// ${JSON.stringify(name)}`);
    if (PLACEHOLDERS[name]) {
      // On one line: the directive covers the next line only, where the error is reported.
      lines.push(
        `// @ts-expect-error Meta's placeholder: ${PLACEHOLDERS[name]}`,
        `client.messages.sendMessage(${JSON.stringify(value)});`,
        "",
      );
      continue;
    }
    lines.push(
      value.status === "read"
        ? `export const readReceipt${names.indexOf(name)}: ReadReceipt = ${text};`
        : `client.messages.sendMessage(${text});`,
      "",
    );
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

describe("Meta's POST /messages examples", () => {
  it("are all in the typed fixture, which matches the spec", async () => {
    const spec = JSON.parse(await readFile(SPEC, "utf8")) as Json;
    const expected = renderFixture(spec);
    if (process.env.UPDATE_FIXTURES) await writeFile(FIXTURE, expected);
    const actual = await readFile(FIXTURE, "utf8").catch(() => "");
    expect(actual, "run with UPDATE_FIXTURES=1 to regenerate the fixture").toBe(expected);
    // Meta gives dozens; a fixture with none would type-check nothing.
    expect(expected.match(/client\.messages\.sendMessage\(/g)?.length).toBeGreaterThan(40);
    expect(expected).toContain("ReadReceipt = {");
  });
});
