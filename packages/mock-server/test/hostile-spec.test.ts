// A user's spec and a hostile body must not take the mock down: a self-referencing schema with a
// deeply nested body is a 400 (not a stack overflow and a 500), and a `format` check cannot be
// made to backtrack for minutes.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { format } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { createMockHandler, DEFAULT_API_KEY, type SpecDocument } from "../src/index.js";
import { withLinearFormats } from "../src/spec/formats.js";
import { MAX_DEPTH } from "../src/spec/validate.js";

const run = promisify(execFile);

const NODE_SPEC: SpecDocument = {
  paths: {
    "/nodes": {
      post: {
        operationId: "create-node",
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/Node" } } },
        },
        responses: { "200": {} },
      },
    },
  },
  components: {
    schemas: {
      Node: {
        type: "object",
        properties: {
          name: { type: "string" },
          child: { $ref: "#/components/schemas/Node" },
          children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
        },
      },
    },
  },
};

function nested(depth: number): string {
  return `${'{"child":'.repeat(depth)}{}${"}".repeat(depth)}`;
}

function post(body: string, spec: SpecDocument = NODE_SPEC): Promise<Response> {
  return createMockHandler({ spec, maxBodyBytes: 2_000_000 })(
    new Request("http://mock.test/nodes", {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "D360-API-KEY": DEFAULT_API_KEY },
    }),
  );
}

describe("a self-referencing schema and a deeply nested body", () => {
  it("a body nested 100,000 levels is a 400 saying how deep the mock validates", async () => {
    const response = await post(nested(100_000));
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: string };
    expect(error).toMatch(
      new RegExp(
        `^Invalid request body \\(/child/[/a-z]+…: nested deeper than ${MAX_DEPTH} levels; the mock validates values up to that depth\\)$`,
      ),
    );
  });

  it("the same through arrays, and a body just within the bound validates", async () => {
    const arrays = `{"children":[${'{"children":['.repeat(50_000)}${"]}".repeat(50_000)}]}`;
    expect((await post(arrays)).status).toBe(400);
    expect((await post(nested(MAX_DEPTH - 1))).status).toBe(200);
    expect((await post(nested(MAX_DEPTH))).status).toBe(400);
  });

  it("a schema that recurses without consuming the value is a 400, not a stack overflow", async () => {
    const spec: SpecDocument = {
      ...NODE_SPEC,
      components: { schemas: { Node: { allOf: [{ $ref: "#/components/schemas/Node" }] } } },
    };
    const response = await post("{}", spec);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "Invalid request body (/: the schema recurses too deeply to validate this value)",
    });
  });
});

describe("format checks cannot backtrack", () => {
  const URLS: SpecDocument = {
    paths: {
      "/links": {
        post: {
          operationId: "create-link",
          requestBody: {
            content: {
              "application/json": {
                schema: { type: "object", properties: { url: { type: "string", format: "url" } } },
              },
            },
          },
          responses: { "200": {} },
        },
      },
    },
  };

  // In a child process, so that a backtracking check (which blocks the thread it runs on, where
  // no test timeout can interrupt it) is killed by the hang guard instead of hanging the suite.
  // It runs the built package, as a consumer gets it. The validator's own check takes 0.2 s on
  // 26 characters of this shape and doubles with every two more.
  it("a hostile url value is answered (built package, child process)", async () => {
    const dist = new URL("../dist/index.js", import.meta.url).href;
    const script = `
      import { createMockHandler, DEFAULT_API_KEY } from ${JSON.stringify(dist)};
      const handler = createMockHandler({ spec: ${JSON.stringify(URLS)} });
      const statuses = [];
      for (const url of ["http://a" + "-a".repeat(5000) + "_", "http://a" + "-a".repeat(5000) + "_ "]) {
        const response = await handler(new Request("http://mock.test/links", {
          method: "POST",
          body: JSON.stringify({ url }),
          headers: { "content-type": "application/json", "D360-API-KEY": DEFAULT_API_KEY },
        }));
        statuses.push(response.status + " " + (await response.text()));
      }
      console.log(JSON.stringify(statuses));
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
      timeout: 90_000,
    });
    expect(JSON.parse(stdout)).toEqual([
      // A valid URL for the WHATWG parser, which browsers and fetch use.
      "200 ",
      '400 {"error":"Invalid request body (/url: String does not match format \\"url\\".)"}',
    ]);
  });

  it.each([
    ["https://example.com/a?b=c#d", true],
    ["ftp://files.example.com/x", true],
    ["http://127.0.0.1:8080/", true],
    ["mailto:user@example.com", false],
    ["https://exa mple.com", false],
    [" https://example.com", false],
    ["https://", false],
    ["not a url", false],
    ["/relative/path", false],
  ])(
    "url %j: %s, as the linear check says (and the original table is put back)",
    (value, valid) => {
      const name = "url";
      const table = format as Record<string, (value: string) => boolean>;
      const own = table[name];
      expect(withLinearFormats(() => table[name]?.(value))).toBe(valid);
      // Put back afterwards.
      expect(table[name]).toBe(own);
    },
  );
});

describe("schemas as real documents write them", () => {
  // Meta's Cloud API document has examples with message ids in them; the validator read an `id`
  // anywhere as a schema id, and two equal ones refused the whole document.
  const message = (example: unknown) => ({
    type: "object",
    required: ["to"],
    properties: { to: { type: "string" }, id: { type: "string" } },
    example,
    "x-meta": { id: "wamid.SAME" },
  });
  const spec: SpecDocument = {
    paths: {
      // Not `/messages` (hand-written): a path and operationId only the spec serves.
      "/spec/messages": {
        post: {
          operationId: "spec-send-message",
          requestBody: {
            content: { "application/json": { schema: { $ref: "#/components/schemas/Message" } } },
          },
          responses: { "200": {} },
        },
      },
    },
    components: {
      schemas: {
        Message: message({ id: "wamid.SAME", to: "1" }),
        Reply: message({ id: "wamid.SAME", to: "2" }),
      },
    },
  };
  const send = (handler: ReturnType<typeof createMockHandler>, body: unknown) =>
    handler(
      new Request("http://mock.test/spec/messages", {
        method: "POST",
        body: JSON.stringify(body),
        headers: { "content-type": "application/json", "D360-API-KEY": DEFAULT_API_KEY },
      }),
    );

  it("examples and extensions holding equal ids do not stop validation", async () => {
    const handler = createMockHandler({ spec });
    expect((await send(handler, { to: "4915112345678" })).status).toBe(200);
    const refused = await send(handler, { id: "x" });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: 'Invalid request body (/: Instance does not have required property "to".)',
    });
  });

  it("a spec whose schemas cannot be compiled (two equal $id) answers 500 naming the spec, not the request", async () => {
    const broken: SpecDocument = {
      ...spec,
      components: {
        schemas: {
          Message: { $id: "https://example.com/same", type: "object" },
          Reply: { $id: "https://example.com/same", type: "string" },
        },
      },
    };
    const response = await send(createMockHandler({ spec: broken }), { to: "1" });
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /^The spec's schemas for this operation cannot be compiled \(Duplicate schema URI .*\): fix the spec handed to the mock$/,
    );
  });
});
