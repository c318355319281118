import { readdir, readFile } from "node:fs/promises";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { SpecMergeConflictError, UnmatchedOverlayTargetError } from "../lib/errors.js";
import { LAYOUT } from "../lib/layout.js";
import { generateInMemory, staleFiles } from "../lib/pipeline.js";
import { specUpdate } from "../lib/spec-update.js";
import { runSpecUpdate } from "../spec-update.js";
import { captureOutput, copyRepo, fixturePath, snapshot } from "./helpers/repo-copy.js";

let repo: Awaited<ReturnType<typeof copyRepo>>;
beforeEach(async () => {
  repo = await copyRepo();
});
afterEach(() => repo.dispose());

const fixtures = fixturePath("spec-update");
const read = (relative: string) => readFile(path.join(repo.root, relative), "utf8");

describe("spec:update", () => {
  test("a new vendor release: upstream replaced, regenerated, changeset with the bump and one line per change", async () => {
    const result = await specUpdate({
      root: repo.root,
      cwd: fixtures,
      inputs: ["v1.42.0/set-business-public-key.json", "v1.42.0/get-business-public-key.yaml"],
    });

    // REVOKED is a value the API can now send back: every exhaustive switch over the status
    // (this repository's CLI has one) stops compiling, so the update is major.
    expect(result.diff.bump).toBe("major");
    const changeset = await read(result.changeset ?? "(none)");
    expect(changeset).toMatch(
      /^---\n"@d360-messaging\/types": major\n"@d360-messaging\/client": major\n---\n/,
    );
    expect(changeset.split("\n").filter((line) => line.startsWith("- "))).toEqual([
      '- major: schema whatsapp_business_encryption.BusinessEncryptionInfo.business_public_key_signature_status: enum value added: "REVOKED" (response)',
      '- patch: spec version "1.41.0" → "1.42.0"',
      "- patch: GET /whatsapp_business_encryption: summary changed",
    ]);
    expect(result.changeset).toMatch(/^\.changeset\/spec-update-1-42-0-[0-9a-f]{8}\.md$/);

    // spec/upstream/ now holds exactly the new documents; the YAML one byte for byte.
    expect((await readdir(path.join(repo.root, LAYOUT.upstreamDir))).sort()).toEqual([
      "get-business-public-key.yaml",
      "set-business-public-key.json",
    ]);
    expect(result.removed).toEqual([`${LAYOUT.upstreamDir}/get-business-public-key.json`]);
    expect(await read(`${LAYOUT.upstreamDir}/get-business-public-key.yaml`)).toBe(
      await readFile(path.join(fixtures, "v1.42.0/get-business-public-key.yaml"), "utf8"),
    );

    // The regenerated files follow the new spec, overlays included, and are fresh.
    expect(await read(LAYOUT.typesVersion)).toContain('SPEC_VERSION = "1.42.0"');
    expect(await read(LAYOUT.typesSchema)).toContain('"VALID" | "MISMATCH" | "REVOKED"');
    expect(await read(LAYOUT.effectiveSpec)).toContain('"x-idempotent": true');
    expect(await staleFiles(repo.root, await generateInMemory(repo.root))).toEqual([]);
  });

  test("documents of different versions: Encryption at 1.41.0 with Messages at 1.44.0 give SPEC_VERSION 1.44.0 and a minor changeset", async () => {
    const result = await specUpdate({
      root: repo.root,
      cwd: repo.root,
      inputs: [
        "spec/upstream/get-business-public-key.json",
        "spec/upstream/set-business-public-key.json",
        path.join(fixtures, "messages-1.44.0/send-message.json"),
      ],
    });
    expect(result.diff.bump).toBe("minor");
    const changeset = await read(result.changeset ?? "(none)");
    expect(changeset).toMatch(
      /^---\n"@d360-messaging\/types": minor\n"@d360-messaging\/client": minor\n---\n/,
    );
    expect(changeset).toContain("from 1.41.0 to 1.44.0");
    expect(changeset).toContain("- minor: added path /messages");
    expect(result.changeset).toMatch(/^\.changeset\/spec-update-1-44-0-[0-9a-f]{8}\.md$/);

    expect(await read(LAYOUT.typesVersion)).toContain('SPEC_VERSION = "1.44.0"');
    // Every generated file lists each source document with its own version.
    for (const file of [LAYOUT.typesVersion, LAYOUT.typesSchema, LAYOUT.clientOperations]) {
      expect(await read(file)).toContain(
        [
          "// Source documents:",
          "//   spec/upstream/get-business-public-key.json 1.41.0",
          "//   spec/upstream/send-message.json 1.44.0",
          "//   spec/upstream/set-business-public-key.json 1.41.0",
        ].join("\n"),
      );
    }
    expect(await read(LAYOUT.clientOperations)).toMatch(
      /sendMessage: \{ operationId: "send-message", method: "POST", path: "\/messages", idempotent: false,/,
    );
    // The mock answers the new operation from the spec it is generated with.
    expect(await read(LAYOUT.mockSpec)).toContain('"operationId": "send-message"');
    // What was written is what `pnpm generate` makes of spec/upstream/ now.
    expect(await staleFiles(repo.root, await generateInMemory(repo.root))).toEqual([]);
  });

  test("an overlay target the new spec no longer has: error naming overlay and targets, nothing written", async () => {
    const before = await snapshot(repo.root);
    const run = specUpdate({
      root: repo.root,
      cwd: fixtures,
      inputs: [
        "form-body-dropped/get-business-public-key.json",
        "form-body-dropped/set-business-public-key.json",
      ],
    });
    await expect(run).rejects.toBeInstanceOf(UnmatchedOverlayTargetError);
    await expect(run).rejects.toMatchObject({
      overlayFile: "spec/overlays/10-set-business-public-key-form-body.yaml",
      targets: [
        "$.paths['/whatsapp_business_encryption'].post.requestBody.content['application/x-www-form-urlencoded'].schema",
        "$.paths['/whatsapp_business_encryption'].post.requestBody.content['application/x-www-form-urlencoded']",
      ],
    });
    expect(await snapshot(repo.root)).toEqual(before);
  });

  test("conflicting vendor documents: error naming both inputs and the pointer, nothing written", async () => {
    const before = await snapshot(repo.root);
    const run = specUpdate({
      root: repo.root,
      cwd: fixtures,
      inputs: ["conflict/get-business-public-key.json", "conflict/set-business-public-key.json"],
    });
    await expect(run).rejects.toBeInstanceOf(SpecMergeConflictError);
    await expect(run).rejects.toMatchObject({
      pointer: "/components/schemas/utils.ErrorResp",
      firstSource: "conflict/get-business-public-key.json",
      secondSource: "conflict/set-business-public-key.json",
    });
    expect(await snapshot(repo.root)).toEqual(before);
  });

  test("the same documents again: no changeset, and the CLI says so", async () => {
    const before = await snapshot(repo.root);
    const run = captureOutput();
    const code = await runSpecUpdate(
      ["spec/upstream/get-business-public-key.json", "spec/upstream/set-business-public-key.json"],
      { root: repo.root, cwd: repo.root, output: run.output },
    );
    expect(code).toBe(0);
    expect(run.out.join("\n")).toContain(
      "The effective spec did not change: no changeset written.",
    );
    expect(await readdir(path.join(repo.root, LAYOUT.changesetDir))).toEqual([]);
    expect(await snapshot(repo.root)).toEqual(before);
  });

  test("the CLI reports a failure with exit code 1 and says nothing was written", async () => {
    const run = captureOutput();
    const code = await runSpecUpdate(["missing.json"], {
      root: repo.root,
      cwd: fixtures,
      output: run.output,
    });
    expect(code).toBe(1);
    expect(run.err.join("\n")).toMatch(
      /^SpecLoadError: missing\.json: cannot be read: .*\nNothing was written\.$/s,
    );
    const none = captureOutput();
    expect(await runSpecUpdate([], { root: repo.root, cwd: fixtures, output: none.output })).toBe(
      1,
    );
    expect(none.err.join("\n")).toContain("Usage: pnpm spec:update");
  });

  test("two inputs with the same file name are rejected (they would overwrite each other)", async () => {
    await expect(
      specUpdate({
        root: repo.root,
        cwd: fixtures,
        inputs: [
          "conflict/get-business-public-key.json",
          "form-body-dropped/get-business-public-key.json",
        ],
      }),
    ).rejects.toThrow(/has the same file name as conflict\/get-business-public-key\.json/);
  });
});
