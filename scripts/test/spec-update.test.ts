import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { SpecMergeConflictError, UnmatchedOverlayTargetError } from "../lib/errors.js";
import { LAYOUT, REPO_ROOT } from "../lib/layout.js";
import { generateInMemory, staleFiles } from "../lib/pipeline.js";
import { specUpdate } from "../lib/spec-update.js";
import { runSpecUpdate } from "../spec-update.js";
import {
  captureOutput,
  copyRepo,
  fixturePath,
  snapshot,
  upstreamNamesByKind,
} from "./helpers/repo-copy.js";

let repo: Awaited<ReturnType<typeof copyRepo>>;
beforeEach(async () => {
  repo = await copyRepo();
});
afterEach(() => repo.dispose());

const fixtures = fixturePath("spec-update");
const read = (relative: string) => readFile(path.join(repo.root, relative), "utf8");

// Expectations come from the spec as it is (spec/upstream/, spec/openapi.json), not from a list
// of today's documents, so these tests keep passing as the vendor's pages are added.
const ENCRYPTION = ["get-business-public-key.json", "set-business-public-key.json"];
/**
 * The names of the vendor's documents under spec/upstream/ of the repository (the copy starts
 * equal); the derived document beside them is the projection's, not an input.
 */
const upstreamNames = async () => (await upstreamNamesByKind()).vendor;
/** The stored vendor documents as repo-relative inputs, without `except`. */
const upstreamInputs = async (except: readonly string[] = []) =>
  (await upstreamNames())
    .filter((name) => !except.includes(name))
    .map((name) => `${LAYOUT.upstreamDir}/${name}`);
/** The committed effective spec's info.version. */
const committedVersion = async () =>
  (
    JSON.parse(await readFile(path.join(REPO_ROOT, LAYOUT.effectiveSpec), "utf8")) as {
      info: { version: string };
    }
  ).info.version;
const SPEC_PACKAGES_FRONTMATTER = (bump: string) =>
  `---\n"@d360-messaging/types": ${bump}\n"@d360-messaging/client": ${bump}\n"@d360-messaging/mock-server": ${bump}\n---\n`;

describe("spec:update", () => {
  test("a new vendor release: upstream replaced, regenerated, changeset naming every package with the bump and one line per change", async () => {
    const others = await upstreamInputs(ENCRYPTION);
    const before = await committedVersion();
    const result = await specUpdate({
      root: repo.root,
      cwd: repo.root,
      inputs: [
        path.join(fixtures, "v1.42.0/set-business-public-key.json"),
        path.join(fixtures, "v1.42.0/get-business-public-key.yaml"),
        ...others,
      ],
    });

    // REVOKED is a value the API can now send back: every exhaustive switch over the status
    // (this repository's CLI has one) stops compiling, so the update is major.
    expect(result.diff.bump).toBe("major");
    const changeset = await read(result.changeset ?? "(none)");
    // The mock-server bundles the spec (it answers every operation from it): it is named too.
    expect(changeset.startsWith(SPEC_PACKAGES_FRONTMATTER("major"))).toBe(true);
    expect(result.packages).toEqual([
      "@d360-messaging/types",
      "@d360-messaging/client",
      "@d360-messaging/mock-server",
    ]);
    const bullets = changeset.split("\n").filter((line) => line.startsWith("- "));
    expect(bullets).toEqual(
      expect.arrayContaining([
        '- major: schema whatsapp_business_encryption.BusinessEncryptionInfo.business_public_key_signature_status: enum value added: "REVOKED" (response)',
        "- patch: GET /whatsapp_business_encryption: summary changed",
      ]),
    );
    const after = (await read(LAYOUT.typesVersion)).match(/SPEC_VERSION = "([^"]+)"/)?.[1];
    if (after === before) expect(changeset).toContain(`(still at ${before})`);
    else expect(changeset).toContain(`from ${before} to ${after}`);

    // spec/upstream/ now holds exactly the new documents (and the derived one, projected
    // anew); the YAML one byte for byte.
    expect((await readdir(path.join(repo.root, LAYOUT.upstreamDir))).sort()).toEqual(
      [
        ...(await upstreamNamesByKind()).derived,
        ...others.map((o) => path.basename(o)),
        ...ENCRYPTION.map((n) =>
          n.replace("get-business-public-key.json", "get-business-public-key.yaml"),
        ),
      ].sort(),
    );
    expect(result.removed).toEqual([`${LAYOUT.upstreamDir}/get-business-public-key.json`]);
    expect(await read(`${LAYOUT.upstreamDir}/get-business-public-key.yaml`)).toBe(
      await readFile(path.join(fixtures, "v1.42.0/get-business-public-key.yaml"), "utf8"),
    );

    // The regenerated files follow the new spec, overlays included, and are fresh.
    expect(await read(LAYOUT.typesSchema)).toContain('"VALID" | "MISMATCH" | "REVOKED"');
    expect(await read(LAYOUT.effectiveSpec)).toContain('"x-idempotent": true');
    expect(await staleFiles(repo.root, await generateInMemory(repo.root))).toEqual([]);
  });

  test("documents of different versions: a Messages document at 1.44.0 beside the rest gives SPEC_VERSION 1.44.0 and a changeset", async () => {
    const current = await upstreamInputs();
    const before = await committedVersion();
    const committed = JSON.parse(
      await readFile(path.join(REPO_ROOT, LAYOUT.effectiveSpec), "utf8"),
    ) as { paths: Record<string, Record<string, unknown>> };
    const result = await specUpdate({
      root: repo.root,
      cwd: repo.root,
      inputs: [...current, path.join(fixtures, "messages-1.44.0/send-message.json")],
    });
    const changeset = await read(result.changeset ?? "(none)");
    if (committed.paths["/messages"]?.post === undefined) {
      // No POST /messages yet: the vendor's document adds it.
      expect(result.diff.bump).toBe("minor");
      expect(changeset).toContain("- minor: added path /messages");
    } else {
      // Projected from Meta's document until now: the vendor's (smaller) message replaces it,
      // and the changeset says how, with the bump that follows.
      expect(changeset).toMatch(/^- \w+: POST \/messages: /m);
    }
    expect(changeset.startsWith(SPEC_PACKAGES_FRONTMATTER(result.diff.bump ?? "none"))).toBe(true);
    expect(changeset).toContain(`from ${before} to 1.44.0`);
    expect(result.changeset).toMatch(/^\.changeset\/spec-update-1-44-0-[0-9a-f]{8}\.md$/);

    expect(await read(LAYOUT.typesVersion)).toContain('SPEC_VERSION = "1.44.0"');
    // Every generated file lists each source document with its own version (the derived one
    // has none of its own: x-derived-from names Meta's file and version).
    const version = async (input: string) =>
      (
        JSON.parse(await readFile(path.join(REPO_ROOT, input), "utf8")) as {
          info: { version?: string };
        }
      ).info.version ?? "(no version)";
    const derived = (await upstreamNamesByKind()).derived.map((n) => `${LAYOUT.upstreamDir}/${n}`);
    const line = async (input: string) => `//   ${input} ${await version(input)}`;
    // The vendor's documents by name, then the derived one (merged last: a vendor's wins).
    const sources = [
      ...[
        ...(await Promise.all(current.map(line))),
        `//   ${LAYOUT.upstreamDir}/send-message.json 1.44.0`,
      ].sort(),
      ...(await Promise.all(derived.map(line))),
    ];
    for (const file of [LAYOUT.typesVersion, LAYOUT.typesSchema, LAYOUT.clientOperations]) {
      expect(await read(file)).toContain(["// Source documents:", ...sources].join("\n"));
    }
    expect(await read(LAYOUT.clientOperations)).toMatch(
      /sendMessage: \{ operationId: "send-message", method: "POST", path: "\/messages", idempotent: false,/,
    );
    // The mock answers the new operation from the spec it is generated with.
    expect(await read(LAYOUT.mockSpec)).toContain('"operationId": "send-message"');
    // The vendor's Messages document wins POST /messages: the projection leaves it out, and the
    // corrections of Meta's message schema (spec/projection-overlays/) are reported as no
    // longer applying, in the changeset and the result, rather than failing the update.
    const projected = JSON.parse(
      await read(`${LAYOUT.upstreamDir}/${(await upstreamNamesByKind()).derived[0]}`),
    ) as { paths: Record<string, Record<string, unknown>> };
    expect(projected.paths["/messages"]?.post).toBeUndefined();
    expect(changeset).toMatch(
      /`POST \/messages` \(\S+\) now comes from the vendor's page instead of /,
    );
    expect(result.notes.length).toBeGreaterThan(0);
    for (const note of result.notes) {
      expect(note).toMatch(
        /^overlay spec\/projection-overlays\/\S+ action \d+ \(`\$[^`]+`\) no longer applies: POST \/messages now comes from the vendor's page$/,
      );
      expect(changeset).toContain(`- ${note}`);
    }
    // What was written is what `pnpm generate` makes of spec/upstream/ now.
    expect(await staleFiles(repo.root, await generateInMemory(repo.root))).toEqual([]);
  });

  test("one naming rule: a document is stored under its operationId whatever the input file was called", async () => {
    // A browser download of the vendor's get-business-public-key document.
    const download = path.join(repo.root, "downloads", "openapi (1).json");
    await mkdir(path.dirname(download), { recursive: true });
    await writeFile(
      download,
      await readFile(path.join(REPO_ROOT, LAYOUT.upstreamDir, "get-business-public-key.json")),
    );
    const before = await snapshot(repo.root);
    const run = captureOutput();
    const code = await runSpecUpdate(
      [download, ...(await upstreamInputs(["get-business-public-key.json"]))],
      { root: repo.root, cwd: repo.root, output: run.output },
    );
    expect(run.err).toEqual([]);
    expect(code).toBe(0);
    expect(run.out.join("\n")).toContain("The effective spec did not change");
    // Nothing renamed, nothing removed: spec/upstream/ is as it was.
    expect(await snapshot(repo.root)).toEqual(before);
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
    const code = await runSpecUpdate(await upstreamInputs(), {
      root: repo.root,
      cwd: repo.root,
      output: run.output,
    });
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

  test("two documents of one operation are rejected (they would be stored under one name)", async () => {
    await expect(
      specUpdate({
        root: repo.root,
        cwd: fixtures,
        inputs: [
          "conflict/get-business-public-key.json",
          "form-body-dropped/get-business-public-key.json",
        ],
      }),
    ).rejects.toThrow(
      /would be stored as get-business-public-key\.json, as conflict\/get-business-public-key\.json would/,
    );
  });
});
