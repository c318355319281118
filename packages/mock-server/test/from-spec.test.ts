// Operations without hand-written behaviour are answered from the spec: the request validated
// against its schemas (ErrorResp 400 on a mismatch), the first 2xx response built from its
// example or schema. Driven with the Messages document of issue 11 (a fixture in the vendor's
// style at 1.44.0), handed to the mock as `spec`, and with a made-up operation for parameters.
import { readFileSync } from "node:fs";
import { Validator } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { HAND_WRITTEN } from "../src/app/routes/hand-written.js";
import { SPEC } from "../src/generated/spec.js";
import { createMockHandler, DEFAULT_API_KEY, type SpecDocument } from "../src/index.js";

// `POST /messages` is hand-written (routes/messages.ts), so the fixture's operation is served
// here at a path and operationId of its own: these tests keep driving the answers built from a
// spec. Two segments, so no root-level template (`/{media_id}`) matches the path either.
const FIXTURE_PATH = "/fixture/messages";
const MESSAGES = moved(
  JSON.parse(
    readFileSync(
      new URL(
        "../../../scripts/test/fixtures/spec-update/messages-1.44.0/send-message.json",
        import.meta.url,
      ),
      "utf8",
    ),
  ),
) as SpecDocument & { components: { schemas: Record<string, object> } };

function moved(document: SpecDocument): SpecDocument {
  const { "/messages": item, ...paths } = document.paths ?? {};
  const post = { ...(item?.post as object), operationId: "fixture-send-message" };
  return { ...document, paths: { ...paths, [FIXTURE_PATH]: { ...item, post } } };
}

const BASE = "http://mock.test";
const TEXT = {
  messaging_product: "whatsapp",
  recipient_type: "individual",
  to: "4915112345678",
  type: "text",
  text: { body: "Hello" },
};

function send(body: string, headers: Record<string, string> = {}, spec: SpecDocument = MESSAGES) {
  return createMockHandler({ spec })(
    new Request(`${BASE}${FIXTURE_PATH}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "D360-API-KEY": DEFAULT_API_KEY, ...headers },
    }),
  );
}

describe("an operation answered from the spec (the Messages fixture's POST)", () => {
  it("a valid message: 200 with a body built from the schema and its examples, valid against it", async () => {
    const response = await send(JSON.stringify(TEXT));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body).toEqual({
      contacts: [{ input: "string", wa_id: "string" }],
      messages: [{ id: "wamid.HBgLMTIzNDU2Nzg5MDEVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA" }],
      messaging_product: "whatsapp",
    });
    const schema = { $ref: "#/components/schemas/messages.SendMessageResponse", ...MESSAGES };
    expect(new Validator(schema, "2020-12").validate(body).valid).toBe(true);
  });

  const refused: [string, string, Record<string, string>, string][] = [
    [
      "a required field missing",
      JSON.stringify({ ...TEXT, to: undefined }),
      {},
      'Invalid request body (/: Instance does not have required property "to".)',
    ],
    [
      "a value outside the enum",
      JSON.stringify({ ...TEXT, recipient_type: "everyone" }),
      {},
      "Invalid request body (/recipient_type: Instance does not match any of [",
    ],
    [
      "a nested required field missing",
      JSON.stringify({ ...TEXT, text: {} }),
      {},
      'Invalid request body (/text: Instance does not have required property "body".)',
    ],
    ["a body that is not JSON", "{to:", {}, "The request body is not valid JSON"],
    ["no body at all", "", {}, "Missing request body: send application/json"],
    [
      "another media type",
      "to=1",
      { "content-type": "application/x-www-form-urlencoded" },
      'Unsupported Content-Type "application/x-www-form-urlencoded": this operation takes application/json',
    ],
  ];
  it.each(refused)(
    "%s: 400 with the spec's ErrorResp naming what is wrong",
    async (_, body, headers, error) => {
      const response = await send(body, headers);
      expect(response.status).toBe(400);
      const json = (await response.json()) as { error: string };
      expect(Object.keys(json)).toEqual(["error"]);
      expect(json.error.startsWith(error)).toBe(true);
    },
  );

  it("authentication comes first, and another method on the path is 405", async () => {
    expect((await send(JSON.stringify(TEXT), { "D360-API-KEY": "wrong" })).status).toBe(401);
    const handler = createMockHandler({ spec: MESSAGES });
    const get = await handler(
      new Request(`${BASE}${FIXTURE_PATH}`, { headers: { "D360-API-KEY": DEFAULT_API_KEY } }),
    );
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    // The request log records it like any other.
    await handler(
      new Request(`${BASE}${FIXTURE_PATH}`, {
        method: "POST",
        body: JSON.stringify(TEXT),
        headers: { "content-type": "application/json", "D360-API-KEY": DEFAULT_API_KEY },
      }),
    );
    expect(handler.requests.at(-1)).toMatchObject({
      method: "POST",
      path: FIXTURE_PATH,
      status: 200,
    });
  });

  it("the hand-written Encryption operations keep their behaviour beside spec routes", async () => {
    const handler = createMockHandler({ spec: MESSAGES });
    const response = await handler(
      new Request(`${BASE}/whatsapp_business_encryption`, {
        headers: { "D360-API-KEY": DEFAULT_API_KEY },
      }),
    );
    expect(await response.json()).toEqual({ data: [] });
  });
});

describe("parameters and examples", () => {
  const spec: SpecDocument = {
    paths: {
      "/things/{thing_id}": {
        parameters: [{ $ref: "#/components/parameters/ThingId" }],
        get: {
          operationId: "get-thing",
          parameters: [
            {
              name: "limit",
              in: "query",
              required: true,
              schema: { type: "integer", maximum: 10 },
            },
            { name: "tags", in: "query", schema: { type: "array", items: { type: "string" } } },
          ],
          responses: {
            "200": {
              content: { "application/json": { example: { id: "thing-1", from: "example" } } },
            },
          },
        },
        delete: { operationId: "delete-thing", responses: { "204": {} } },
      },
    },
    components: {
      parameters: {
        ThingId: { name: "thing_id", in: "path", required: true, schema: { pattern: "^t\\d+$" } },
      },
    },
  };
  const call = (target: string, method = "GET") =>
    createMockHandler({ spec })(
      new Request(`${BASE}${target}`, { method, headers: { "D360-API-KEY": DEFAULT_API_KEY } }),
    );

  it("valid path and query parameters (coerced from strings as their schemas type them) get the example", async () => {
    const response = await call("/things/t1?limit=3&tags=a&tags=b");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: "thing-1", from: "example" });
    expect((await call("/things/t1", "DELETE")).status).toBe(204);
  });

  it.each([
    [
      "/things/t1",
      'Invalid query parameters (/: Instance does not have required property "limit".)',
    ],
    [
      "/things/t1?limit=abc",
      'Invalid query parameters (/limit: Instance type "string" is invalid. Expected "integer".)',
    ],
    ["/things/t1?limit=11", "Invalid query parameters (/limit: 11 is greater than 10.)"],
    ["/things/x?limit=1", "Invalid path parameters (/thing_id: String does not match pattern."],
  ])("%s: 400 %s", async (target, error) => {
    const response = await call(target);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error.startsWith(error)).toBe(true);
  });
});

describe("the generated spec", () => {
  it("holds every hand-written operation (a vendor rename would leave a hand-written route dead)", () => {
    const ids = Object.values(SPEC.paths ?? {}).flatMap((item) =>
      Object.values(item).map((op) => (op as { operationId?: string }).operationId),
    );
    const handWritten = HAND_WRITTEN.flatMap((tag) => tag.routes({} as never, SPEC));
    expect(handWritten.length).toBeGreaterThan(0);
    for (const route of handWritten) expect(ids).toContain(route.operationId);
  });

  it("without a spec option, an operation the generated spec lacks is 404", async () => {
    expect((await send(JSON.stringify(TEXT), {}, SPEC)).status).toBe(404);
  });
});
