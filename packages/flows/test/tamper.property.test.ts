// Property-based tampering: one valid request (one RSA encryption), mutated in many ways, must
// always get the status an independent oracle predicts, and the endpoint must never reject.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createFlowEndpoint, type FlowEndpointErrorEvent } from "../src/index.js";
import {
  encryptRequestWithNode,
  generateTestKeyPair,
  type NodeEncryptedRequest,
  postRequest,
  signWithNode,
} from "./helpers.js";

const FIELDS = ["encrypted_flow_data", "encrypted_aes_key", "initial_vector"] as const;
type Field = (typeof FIELDS)[number];
const APP_SECRET = "property-app-secret";
const MAX_BODY_BYTES = 4096;

let valid: NodeEncryptedRequest;
let endpoint: (request: Request) => Promise<Response>;
let signedEndpoint: (request: Request) => Promise<Response>;
const events: FlowEndpointErrorEvent[] = [];

beforeAll(() => {
  const pair = generateTestKeyPair();
  valid = encryptRequestWithNode({ version: "3.0", action: "ping" }, pair.publicKey);
  const common = {
    privateKey: pair.privatePem,
    maxBodyBytes: MAX_BODY_BYTES,
    handle: () => ({ data: {} }),
    onError: (event: FlowEndpointErrorEvent) => void events.push(event),
  };
  endpoint = createFlowEndpoint(common);
  signedEndpoint = createFlowEndpoint({ ...common, appSecret: APP_SECRET });
});

/** Node's own notion of canonical base64, independent of the package's decoder. */
const isCanonicalBase64 = (text: string) => Buffer.from(text, "base64").toString("base64") === text;

/** The status the protocol prescribes for a raw body, worked out without the package. */
function expectedStatus(raw: string): number {
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) return 413;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 400;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return 400;
  const body = value as Record<string, unknown>;
  if (!FIELDS.every((field) => typeof body[field] === "string")) return 400;
  if (!FIELDS.every((field) => isCanonicalBase64(body[field] as string))) return 421;
  // Same bytes in every field (e.g. reordered or re-spaced JSON) still decrypt; any change fails.
  const same = FIELDS.every((field) =>
    Buffer.from(body[field] as string, "base64").equals(Buffer.from(valid.body[field], "base64")),
  );
  return same ? 200 : 421;
}

const fieldArb = fc.constantFrom<Field>(...FIELDS);

/** A mutation of one field's value. */
const valueMutation = fc.oneof(
  // flip bits at a position of the decoded bytes (ciphertext, tag, key or IV)
  fc.record({
    kind: fc.constant("flip" as const),
    at: fc.nat(),
    mask: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({ kind: fc.constant("truncate" as const), bytes: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant("append" as const),
    extra: fc.uint8Array({ minLength: 1, maxLength: 40 }),
  }),
  fc.record({ kind: fc.constant("replace" as const), bytes: fc.uint8Array({ maxLength: 300 }) }),
  fc.record({ kind: fc.constant("text" as const), text: fc.string({ maxLength: 40 }) }),
  fc.record({
    kind: fc.constant("edit" as const),
    at: fc.nat(),
    char: fc.constantFrom("=", "-", "_", " ", "\n", "é", "A", "/"),
  }),
);

type ValueMutation = typeof valueMutation extends fc.Arbitrary<infer T> ? T : never;

function mutateValue(value: string, mutation: ValueMutation): string {
  const bytes = Buffer.from(value, "base64");
  switch (mutation.kind) {
    case "flip": {
      const copy = Buffer.from(bytes);
      const at = mutation.at % copy.length;
      copy[at] = (copy[at] as number) ^ mutation.mask;
      return copy.toString("base64");
    }
    case "truncate":
      return bytes.subarray(0, Math.max(0, bytes.length - mutation.bytes)).toString("base64");
    case "append":
      return Buffer.concat([bytes, mutation.extra]).toString("base64");
    case "replace":
      return Buffer.from(mutation.bytes).toString("base64");
    case "text":
      return mutation.text;
    case "edit": {
      const at = mutation.at % (value.length + 1);
      return value.slice(0, at) + mutation.char + value.slice(at + 1);
    }
  }
}

/** A whole-body mutation. */
const bodyMutation = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("field" as const),
      field: fieldArb,
      mutation: valueMutation,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop" as const), field: fieldArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("retype" as const),
      field: fieldArb,
      value: fc.jsonValue({ maxDepth: 1 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("raw" as const), text: fc.string({ maxLength: 80 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("json" as const),
      value: fc.jsonValue({ maxDepth: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("pad" as const),
      spaces: fc.integer({ min: 0, max: MAX_BODY_BYTES }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("swap" as const), a: fieldArb, b: fieldArb }),
  },
);

type BodyMutation = typeof bodyMutation extends fc.Arbitrary<infer T> ? T : never;

function mutateBody(mutation: BodyMutation): string {
  const body: Record<string, unknown> = { ...valid.body };
  switch (mutation.kind) {
    case "field":
      body[mutation.field] = mutateValue(valid.body[mutation.field], mutation.mutation);
      return JSON.stringify(body);
    case "drop":
      delete body[mutation.field];
      return JSON.stringify(body);
    case "retype":
      body[mutation.field] = mutation.value;
      return JSON.stringify(body);
    case "raw":
      return mutation.text;
    case "json":
      return JSON.stringify(mutation.value) ?? "";
    case "pad":
      // Whitespace keeps the JSON and its fields intact; only the size changes (413 past the limit).
      return `${" ".repeat(mutation.spaces)}${JSON.stringify(body)}`;
    case "swap":
      [body[mutation.a], body[mutation.b]] = [body[mutation.b], body[mutation.a]];
      return JSON.stringify(body);
  }
}

describe("tampered requests get the documented status", () => {
  it("1,000 mutated bodies: 200/400/413/421 exactly as the oracle says, never a rejection", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(bodyMutation, async (mutation) => {
        const raw = mutateBody(mutation);
        const response = await endpoint(postRequest(raw));
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBe(expectedStatus(raw));
        if (response.status !== 200) {
          const text = await response.text();
          expect(text.length).toBeLessThan(40);
        }
      }),
      { numRuns: 1000 },
    );
    // The generator reached every class, so the property said something about each.
    for (const status of [200, 400, 413, 421]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
    expect(
      events.every((event) => event.status === 400 || event.status === 413 || event.status === 421),
    ).toBe(true);
  });

  it("1,000 mutated signatures: 432 unless the header is the body's HMAC", async () => {
    const raw = JSON.stringify(valid.body);
    const good = signWithNode(raw, APP_SECRET);
    const headerArb = fc.oneof(
      fc.record({
        kind: fc.constant("flip" as const),
        at: fc.integer({ min: 7, max: good.length - 1 }),
        char: fc.constantFrom(..."0123456789abcdefABCDEF"),
      }),
      fc.record({ kind: fc.constant("text" as const), text: fc.string({ maxLength: 80 }) }),
      fc.record({
        kind: fc.constant("secret" as const),
        secret: fc.string({ minLength: 1, maxLength: 20 }),
      }),
      fc.record({ kind: fc.constant("missing" as const) }),
      fc.record({
        kind: fc.constant("body" as const),
        at: fc.nat(),
        char: fc.constantFrom(" ", "x", "{"),
      }),
    );
    await fc.assert(
      fc.asyncProperty(headerArb, async (mutation) => {
        let body = raw;
        let header: string | undefined = good;
        let expected: number;
        switch (mutation.kind) {
          case "flip":
            header = good.slice(0, mutation.at) + mutation.char + good.slice(mutation.at + 1);
            expected = header.toLowerCase() === good ? 200 : 432;
            break;
          case "text":
            header = mutation.text;
            expected = header.trim() === good ? 200 : 432;
            break;
          case "secret":
            header = signWithNode(raw, mutation.secret);
            expected = mutation.secret === APP_SECRET ? 200 : 432;
            break;
          case "missing":
            header = undefined;
            expected = 432;
            break;
          case "body": {
            const at = mutation.at % raw.length;
            body = raw.slice(0, at) + mutation.char + raw.slice(at);
            expected = 432;
            break;
          }
        }
        const headers: Record<string, string> =
          header === undefined ? {} : { "x-hub-signature-256": header };
        let request: Request;
        try {
          request = postRequest(body, headers);
        } catch {
          return; // not a legal header value at all: no HTTP request could carry it
        }
        const response = await signedEndpoint(request);
        expect(response.status).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
