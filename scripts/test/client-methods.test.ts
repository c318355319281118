// Every operation gets a generated, typed method grouped by tag; hand-written behaviour lives in
// one extension file per operationId. These tests regenerate a copy of the repository from a
// changed spec and type-check client code against the copy, so what they prove is what a spec
// update gives consumers without a hand edit.
import { readFile, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runGenerate } from "../generate.js";
import { SpecContentError, SpecProblemsError } from "../lib/errors.js";
import { LAYOUT } from "../lib/layout.js";
import { generateInMemory } from "../lib/pipeline.js";
import { specUpdate } from "../lib/spec-update.js";
import { captureOutput, copyRepo, fixturePath } from "./helpers/repo-copy.js";
import { typecheckClient } from "./helpers/typecheck.js";

let repo: Awaited<ReturnType<typeof copyRepo>>;
beforeEach(async () => {
  repo = await copyRepo();
});
afterEach(() => repo.dispose());

const file = (relative: string) => path.join(repo.root, relative);

describe("extensions", () => {
  test("an extension for an operationId the spec no longer has fails generation, naming the file", async () => {
    const extension = `${LAYOUT.clientExtensionsDir}/delete-business-public-key.ts`;
    await writeFile(
      file(extension),
      'import { defineExtension } from "../operation/extension.js";\nexport default defineExtension("delete-business-public-key", (call) => call);\n',
    );
    const run = generateInMemory(repo.root);
    await expect(run).rejects.toBeInstanceOf(SpecContentError);
    await expect(run).rejects.toThrow(
      `${extension} extends operationId "delete-business-public-key", which the spec no longer has.`,
    );
  });

  test("an extension must name the operationId of its file", async () => {
    const extension = `${LAYOUT.clientExtensionsDir}/get-business-public-key.ts`;
    const text = await readFile(file(extension), "utf8");
    await writeFile(file(extension), text.replace('"get-business-public-key",', '"get-key",'));
    await expect(generateInMemory(repo.root)).rejects.toThrow(
      `${extension} must \`export default defineExtension("get-business-public-key", …)\``,
    );
  });

  test("every malformed extension is reported at once, an operation's and a tag's", async () => {
    const operation = `${LAYOUT.clientExtensionsDir}/get-business-public-key.ts`;
    const text = await readFile(file(operation), "utf8");
    await writeFile(file(operation), text.replace('"get-business-public-key",', '"get-key",'));
    const tag = `${LAYOUT.clientExtensionsDir}/tags/media.ts`;
    const tagText = await readFile(file(tag), "utf8");
    await writeFile(
      file(tag),
      tagText.replace("export default function media(", "export default function medium("),
    );
    const run = generateInMemory(repo.root);
    await expect(run).rejects.toBeInstanceOf(SpecProblemsError);
    await expect(run).rejects.toThrow(`${operation} must`);
    await expect(run).rejects.toThrow(`${tag} must \`export default function media(`);
  });
});

test("a generated client file the spec no longer calls for (a tag that went away) is stale, and generate removes it", async () => {
  const leftover = "packages/client/src/generated/old-tag.ts";
  await writeFile(file(leftover), "export const gone = 1;\n");
  const check = captureOutput();
  expect(await runGenerate(["--check"], { root: repo.root, output: check.output })).not.toBe(0);
  expect(check.err.join("\n")).toContain(leftover);
  expect(await runGenerate([], { root: repo.root, output: captureOutput().output })).toBe(0);
  await expect(readFile(file(leftover), "utf8")).rejects.toThrow(/ENOENT/);
  expect(await runGenerate(["--check"], { root: repo.root, output: captureOutput().output })).toBe(
    0,
  );
});

const CHECK_OPTION = `import type { GetBusinessPublicKeyOptions } from "../src/index.js";
import { createD360Client } from "../src/index.js";
const client = createD360Client({ apiKey: "k" });
export const options: GetBusinessPublicKeyOptions = { phone_number_id: "1", fields: ["business_public_key"] };
export const call = client.encryption.getBusinessPublicKey({ phone_number_id: "1" });
// @ts-expect-error the spec's parameter is a string
client.encryption.getBusinessPublicKey({ phone_number_id: 1 });
`;

test("a new optional query parameter on the GET reaches getBusinessPublicKey's options, no hand edit", async () => {
  // Today's spec has no such parameter: the same code does not compile.
  expect((await typecheckClient(repo.root, CHECK_OPTION)).join("\n")).toContain("phone_number_id");

  const upstream = file(`${LAYOUT.upstreamDir}/get-business-public-key.json`);
  const document = JSON.parse(await readFile(upstream, "utf8"));
  document.paths["/whatsapp_business_encryption"].get.parameters.push({
    description: "Phone Number ID of the channel",
    in: "query",
    name: "phone_number_id",
    schema: { type: "string" },
  });
  await writeFile(upstream, JSON.stringify(document, null, 2));
  expect(await runGenerate([], { root: repo.root, output: captureOutput().output })).toBe(0);

  expect(await typecheckClient(repo.root, CHECK_OPTION)).toEqual([]);
  expect(await readFile(file(LAYOUT.clientOperations), "utf8")).toContain(
    'query: ["fields", "phone_number_id"]',
  );
}, 300_000); // two TypeScript programs over the client: a budget for a busy machine, not a speed check

test("after a spec update adding Messages, client.POST('/messages') and client.messages.sendMessage type-check, the required body field enforced", async () => {
  await specUpdate({
    root: repo.root,
    cwd: repo.root,
    inputs: [
      "spec/upstream/get-business-public-key.json",
      "spec/upstream/set-business-public-key.json",
      fixturePath("spec-update/messages-1.44.0/send-message.json"),
    ],
  });
  // Generated per tag: the Messages tag gets a file of its own, with the hand-written method of
  // send-message (src/extensions/send-message.ts) and the tag's own (src/extensions/tags/).
  const namespaces = await readFile(file("packages/client/src/generated/messages.ts"), "utf8");
  expect(namespaces).toContain(
    "export interface MessagesApi extends TagExtensionMethods<typeof messagesTagExtension> {",
  );
  expect(namespaces).toContain("sendMessage: ExtensionMethod<typeof sendMessageExtension>;");
  expect(namespaces).toContain("Send a message (`POST /messages`)");

  const diagnostics = await typecheckClient(
    repo.root,
    `import { createD360Client, type MessagesApi } from "../src/index.js";
const client = createD360Client({ apiKey: "k" });
const message = {
  messaging_product: "whatsapp",
  recipient_type: "individual",
  to: "4915112345678",
  type: "text",
  text: { body: "Hello" },
} as const;
export async function send(): Promise<string | undefined> {
  const { data } = await client.POST("/messages", { body: message });
  const sent = await client.messages.sendMessage(message, { signal: AbortSignal.timeout(1000) });
  const method: MessagesApi["sendMessage"] = client.messages.sendMessage;
  // @ts-expect-error \`to\` is required by the spec
  await client.messages.sendMessage({ messaging_product: "whatsapp", recipient_type: "individual", type: "text" });
  // @ts-expect-error \`to\` is required by the spec
  await client.POST("/messages", { body: { messaging_product: "whatsapp", recipient_type: "individual", type: "text" } });
  // @ts-expect-error recipient_type is "individual" or "group"
  await client.messages.sendMessage({ ...message, recipient_type: "everyone" });
  // @ts-expect-error the body is required
  await client.messages.sendMessage();
  return method === client.messages.sendMessage ? (data?.messages?.[0]?.id ?? sent.messages?.[0]?.id) : undefined;
}
`,
  );
  // An unused @ts-expect-error is itself an error: an empty list proves each line above fails.
  expect(diagnostics).toEqual([]);
}, 300_000);
