// The corrections of Meta's schema (spec/projection-overlays/) apply to the derived document,
// on the real table and Meta's real document: a vendor page that takes an operation over leaves
// its corrections reported, not failing; a target stale for any other reason still fails.
import { readFile, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runGenerate } from "../generate.js";
import { SpecLoadError, UnmatchedOverlayTargetError } from "../lib/errors.js";
import type { JsonObject } from "../lib/json.js";
import { LAYOUT } from "../lib/layout.js";
import { loadDirectory, type SourceDocument } from "../lib/load.js";
import { renderPullRequestBody, summarizeSpecUpdate } from "../lib/pr-body.js";
import { projectMetaDocument } from "../lib/projection.js";
import {
  isDerivedDocument,
  loadProjectionInputs,
  PROJECTION_LAYOUT,
  projectUpstream,
} from "../lib/projection-load.js";
import { notAppliedLines } from "../lib/projection-overlays.js";
import { specUpdate } from "../lib/spec-update.js";
import { runSpecPrBody } from "../spec-pr-body.js";
import { captureOutput, copyRepo, fixturePath, snapshot } from "./helpers/repo-copy.js";

let repo: Awaited<ReturnType<typeof copyRepo>>;
beforeEach(async () => {
  repo = await copyRepo();
});
afterEach(() => repo.dispose());

/** The vendor's Messages document (a page in the vendor's format, scripts/test/fixtures). */
const MESSAGES = fixturePath("spec-update/messages-1.44.0/send-message.json");
const vendorDocuments = async (): Promise<SourceDocument[]> =>
  (await loadDirectory(repo.root, LAYOUT.upstreamDir)).filter((d) => !isDerivedDocument(d));
const messagesDocument = async (): Promise<SourceDocument> => ({
  source: `${LAYOUT.upstreamDir}/send-message.json`,
  document: JSON.parse(await readFile(MESSAGES, "utf8")) as JsonObject,
});
/** A vendor-style document serving only GET /{mediaId} (a name of its own for the parameter). */
const mediaDocument = (): SourceDocument => ({
  source: `${LAYOUT.upstreamDir}/get-media-url.json`,
  document: {
    openapi: "3.1.0",
    info: { title: "Messaging API", version: "1.41.0" },
    paths: {
      "/{mediaId}": {
        get: {
          operationId: "get-media-url",
          parameters: [{ in: "path", name: "mediaId", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "OK" } },
        },
      },
    },
  },
});
/** Writes an extra overlay into the copy's spec/projection-overlays/. */
const addOverlay = (name: string, actions: JsonObject[]) =>
  writeFile(
    path.join(repo.root, PROJECTION_LAYOUT.overlaysDir, name),
    JSON.stringify({ overlay: "1.0.0", info: { title: "test", version: "1" }, actions }),
  );
const MESSAGES_OVERLAY = "spec/projection-overlays/30-meta-message-object.yaml";
const BIZ_OPAQUE_OVERLAY = "spec/projection-overlays/40-biz-opaque-callback-data.yaml";

describe("corrections of Meta's schema, applied to the derived document", () => {
  test("applied before the derived document is written: it carries them, the raw projection does not", async () => {
    const projection = await projectUpstream(repo.root, await vendorDocuments());
    expect(projection?.notApplied).toEqual([]);
    if (!projection) throw new Error("the repository has spec/projection.yaml");
    const schemas = (projection.derived.document.components as { schemas: JsonObject }).schemas;
    // Action 2 of overlay 30: only messaging_product and to stay required.
    expect((schemas.BaseMessageProperties as JsonObject).required).toEqual([
      "messaging_product",
      "to",
    ]);
    // Meta's own schema, as the projection takes it, requires more.
    const { table, meta } = await loadProjectionInputs(repo.root);
    const raw = projectMetaDocument({ meta: meta.document, metaSource: meta.source, table });
    const rawSchemas = (raw.document.components as { schemas: JsonObject }).schemas;
    expect((rawSchemas.BaseMessageProperties as JsonObject).required).toContain("recipient_type");
    // The committed derived document is this one, corrections included.
    expect(await readFile(path.join(repo.root, PROJECTION_LAYOUT.derived), "utf8")).toBe(
      projection?.text,
    );
  });

  test("a vendor Messages document wins POST /messages: the corrections left without their schema are reported, naming overlay, action and operation", async () => {
    const projection = await projectUpstream(repo.root, [
      ...(await vendorDocuments()),
      await messagesDocument(),
    ]);
    const paths = projection?.derived.document.paths as JsonObject;
    expect(paths["/messages"]).toBeUndefined();
    const notApplied = projection?.notApplied ?? [];
    // Overlay 30's actions on schemas only POST /messages reaches are reported; those on schemas
    // other projected operations still use (MediaObject, TemplateComponent...) still apply.
    const overlay = (await loadDirectory(repo.root, PROJECTION_LAYOUT.overlaysDir)).find(
      (o) => o.source === MESSAGES_OVERLAY,
    );
    const actions = overlay?.document.actions as { target: string }[];
    const fromMessages = notApplied.filter((n) => n.overlay === MESSAGES_OVERLAY);
    const targets = fromMessages.map((n) => n.target);
    expect(targets).toContain("$.components.schemas.BaseMessageProperties.required");
    expect(targets).toContain(
      "$.paths['/messages'].post.requestBody.content['application/json'].schema",
    );
    expect(targets).not.toContain("$.components.schemas");
    expect(targets.length).toBeLessThan(actions.length);
    for (const n of fromMessages) {
      expect(actions[n.action - 1]?.target).toBe(n.target);
    }
    // Overlay 40 (biz_opaque_callback_data on BaseMessageProperties) goes with the message object.
    expect(notApplied.map((n) => n.overlay)).toEqual(
      expect.arrayContaining([MESSAGES_OVERLAY, BIZ_OPAQUE_OVERLAY]),
    );
    for (const n of notApplied) {
      expect([MESSAGES_OVERLAY, BIZ_OPAQUE_OVERLAY]).toContain(n.overlay);
      expect(n.operations).toEqual([{ method: "POST", path: "/messages" }]);
    }
    const lines = notAppliedLines(notApplied);
    expect(lines[0]).toBe(
      `overlay ${MESSAGES_OVERLAY} action ${notApplied[0]?.action} (\`${notApplied[0]?.target}\`) no longer applies: POST /messages now comes from the vendor's page`,
    );
  });

  test("two operations taken over: each correction names the one it was written for", async () => {
    await addOverlay("90-media-url.json", [
      { target: "$.paths['/{media_id}'].get", update: { summary: "Retrieve a media URL" } },
    ]);
    const projection = await projectUpstream(repo.root, [
      ...(await vendorDocuments()),
      await messagesDocument(),
      mediaDocument(),
    ]);
    const notApplied = projection?.notApplied ?? [];
    const media = notApplied.filter((n) => n.overlay.endsWith("90-media-url.json"));
    expect(media).toEqual([
      {
        overlay: `${PROJECTION_LAYOUT.overlaysDir}/90-media-url.json`,
        action: 1,
        target: "$.paths['/{media_id}'].get",
        operations: [{ method: "GET", path: "/{media_id}" }],
      },
    ]);
    const messages = notApplied.filter((n) => n.overlay === MESSAGES_OVERLAY);
    expect(messages.length).toBeGreaterThan(0);
    for (const n of messages) expect(n.operations).toEqual([{ method: "POST", path: "/messages" }]);
  });

  test("a target that matches nothing for another reason still fails, naming the overlay file and target, even when a row was skipped", async () => {
    await addOverlay("91-stale.json", [
      { target: "$.components.schemas.MessageResponsePayload", update: { title: "ok" } },
      { target: "$.components.schemas.NoSuchSchemaInMetasDocument", update: { title: "stale" } },
    ]);
    for (const extra of [[], [await messagesDocument()]]) {
      const run = projectUpstream(repo.root, [...(await vendorDocuments()), ...extra]);
      await expect(run).rejects.toBeInstanceOf(UnmatchedOverlayTargetError);
      await expect(run).rejects.toMatchObject({
        overlayFile: `${PROJECTION_LAYOUT.overlaysDir}/91-stale.json`,
        targets: ["$.components.schemas.NoSuchSchemaInMetasDocument"],
      });
      await expect(run).rejects.toThrow(/matches nothing in the document derived from Meta's/);
    }
  });

  test("pnpm generate: the reported lines in its output, exit 0, and --check agrees", async () => {
    await writeFile(
      path.join(repo.root, LAYOUT.upstreamDir, "send-message.json"),
      await readFile(MESSAGES, "utf8"),
    );
    const run = captureOutput();
    expect(await runGenerate([], { root: repo.root, output: run.output })).toBe(0);
    expect(run.err).toEqual([]);
    const out = run.out.join("\n");
    expect(out).toMatch(
      /^overlay spec\/projection-overlays\/30-meta-message-object\.yaml action 1 \(`[^`]+`\) no longer applies: POST \/messages now comes from the vendor's page$/m,
    );
    const check = captureOutput();
    expect(await runGenerate(["--check"], { root: repo.root, output: check.output })).toBe(0);
  });

  test("the spec-update pull request body lists them under Notes", async () => {
    const before = path.join(repo.root, "before-openapi.json");
    await writeFile(before, await readFile(path.join(repo.root, LAYOUT.effectiveSpec), "utf8"));
    const result = await specUpdate({
      root: repo.root,
      cwd: repo.root,
      inputs: [
        ...(await vendorDocuments()).map((d) => d.source),
        path.relative(repo.root, MESSAGES),
      ],
    });
    expect(result.notes.length).toBeGreaterThan(0);
    const run = captureOutput();
    expect(await runSpecPrBody([before], { root: repo.root, output: run.output })).toBe(0);
    const body = run.out.join("\n");
    expect(body).toContain(`## Notes\n\n${result.notes.map((n) => `- ${n}`).join("\n")}\n`);
    // No notes, no section.
    const plain = renderPullRequestBody(summarizeSpecUpdate({}, {}));
    expect(plain).not.toContain("## Notes");
  });

  test("spec:update refuses the derived document as a vendor input, naming it; nothing written", async () => {
    const before = await snapshot(repo.root);
    const run = specUpdate({
      root: repo.root,
      cwd: repo.root,
      inputs: [PROJECTION_LAYOUT.derived],
    });
    await expect(run).rejects.toBeInstanceOf(SpecLoadError);
    await expect(run).rejects.toThrow(
      /^spec\/upstream\/meta-cloud-api\.derived\.json: is derived from Meta's document .*Pass only the vendor's documents\.$/,
    );
    expect(await snapshot(repo.root)).toEqual(before);
  });
});
