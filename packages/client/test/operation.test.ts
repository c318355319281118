// The generic call behind every generated method without an extension: parameters by spec name
// into the path, query and headers, the body in the operation's media type, the success body
// returned, an ApiError otherwise. The real spec's two operations both have extensions, so a
// made-up operation spec drives it here (the Messages operation of issue 11 is exercised through
// a regenerated copy in scripts/test/client-methods.test.ts).
import { readFile } from "node:fs/promises";
import { createMockHandler, DEFAULT_API_KEY } from "@d360-messaging/mock-server";
import type { paths } from "@d360-messaging/types";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../src/index.js";
import {
  createCaller,
  type OperationSpec,
  operationMethod,
  serializeQuery,
} from "../src/operation/call.js";
import { safePathSerializer } from "../src/operation/path.js";
import { type Recorder, startRecorder } from "./support/recorder.js";
import { API_KEY } from "./support/secrets.js";

let recorder: Recorder;
beforeAll(async () => {
  recorder = await startRecorder();
});
afterAll(() => recorder.close());

const SEND: OperationSpec = {
  operationId: "send-thing",
  method: "POST",
  path: "/things/{thing_id}/messages",
  query: ["mode", "tags"],
  pathParams: ["thing_id"],
  header: ["X-Trace"],
  body: "application/json",
  json: true,
};

function caller() {
  const headers = { "d360-api-key": API_KEY };
  const core = createClient<paths>({
    baseUrl: recorder.url,
    headers,
    pathSerializer: safePathSerializer(),
  });
  return createCaller(core, { baseUrl: recorder.url, headers, apiKey: API_KEY, redact: [] });
}

describe("a generated method without an extension", () => {
  it("a form body repeats the name of an array field, urlencoded and multipart (OpenAPI's form, explode)", async () => {
    for (const body of ["application/x-www-form-urlencoded", "multipart/form-data"]) {
      recorder.queue.push({
        status: 200,
        headers: { "content-type": "application/json" },
        body: '{"success":true}',
      });
      const assign = operationMethod(caller(), {
        ...SEND,
        operationId: "assign-user",
        path: "/things/{thing_id}/assigned_users",
        query: [],
        header: [],
        body,
      });
      await assign({ user: "u1", tasks: ["MANAGE", "DEVELOP"] }, { thing_id: "t" });
      const request = recorder.requests.at(-1);
      const parsed = await new Request("http://x/", {
        method: "POST",
        body: request?.body,
        headers: { "content-type": String(request?.headers["content-type"]) },
      }).formData();
      expect(parsed.getAll("tasks")).toEqual(["MANAGE", "DEVELOP"]);
      expect(parsed.getAll("user")).toEqual(["u1"]);
    }
  });

  it("sends path, query and header parameters by spec name and the JSON body; resolves the body", async () => {
    recorder.queue.push({
      status: 200,
      headers: { "content-type": "application/json" },
      body: '{"messages":[{"id":"wamid.1"}]}',
    });
    const send = operationMethod(caller(), SEND);
    const result = await send(
      { to: "491234", type: "text" },
      { thing_id: "a/b", mode: "x,y z", tags: ["1", "2"], "X-Trace": "t1" },
    );
    expect(result).toEqual({ messages: [{ id: "wamid.1" }] });
    const request = recorder.requests.at(-1);
    expect(request?.method).toBe("POST");
    expect(request?.target).toBe("/things/a%2Fb/messages?mode=x,y%20z&tags=1&tags=2");
    expect(request?.headers["x-trace"]).toBe("t1");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual({ to: "491234", type: "text" });
  });

  it("an option the spec does not declare is a TypeError naming it, and nothing is sent", async () => {
    const sent = recorder.requests.length;
    const send = operationMethod(caller(), SEND);
    await expect(send({}, { thing_id: "t", unknown: "x" })).rejects.toThrow(
      new TypeError(
        'send-thing (POST /things/{thing_id}/messages): "unknown" not among the parameters the spec declares',
      ),
    );
    // An operation without parameters (the vendor's getMediaAttachments has none).
    const bare = operationMethod(caller(), {
      ...SEND,
      query: [],
      pathParams: [],
      header: [],
      body: null,
    });
    await expect(bare({ mid: "1", ext: "jpg" })).rejects.toThrow(
      /: "mid", "ext" not among the parameters the spec declares/,
    );
    // A required path parameter left out is refused too, not sent as a literal `{thing_id}`.
    await expect(send({}, {})).rejects.toThrow(/The path parameter "thing_id" is required/);
    expect(recorder.requests.length).toBe(sent);
  });

  it("a path parameter of `.` or `..` is refused: it would address another path", async () => {
    const sent = recorder.requests.length;
    const send = operationMethod(caller(), SEND);
    for (const value of ["..", ".", "%2e%2E", ""]) {
      await expect(send({}, { thing_id: value })).rejects.toThrow(
        /The path parameter "thing_id" cannot be/,
      );
    }
    expect(recorder.requests.length).toBe(sent);
  });

  it("without a body, the first argument is the options", async () => {
    const list = operationMethod(caller(), {
      ...SEND,
      method: "GET",
      path: "/things",
      pathParams: [],
      body: null,
    });
    await expect(list({ mode: "all" })).resolves.toEqual({ data: [] });
    expect(recorder.requests.at(-1)?.target).toBe("/things?mode=all");
    await list();
    expect(recorder.requests.at(-1)?.target).toBe("/things");
  });

  it("an error status is an ApiError with the vendor's body, the URL and method", async () => {
    recorder.queue.push({
      status: 400,
      headers: { "content-type": "application/json" },
      body: '{"error":"to is required"}',
    });
    const error = (await operationMethod(caller(), SEND)({}, { thing_id: "1" }).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      body: { error: "to is required" },
      method: "POST",
      url: `${recorder.url}/things/1/messages`,
    });
    expect(error.request?.headers.get("d360-api-key")).toBe("[REDACTED]");
  });

  it("a success that is not JSON is an ApiError; one without JSON content resolves undefined", async () => {
    recorder.queue.push({
      status: 200,
      headers: { "content-type": "text/html" },
      body: "<p>ok</p>",
    });
    await expect(operationMethod(caller(), SEND)({}, { thing_id: "1" })).rejects.toThrow(
      /Unexpected response with status 200.*expected a JSON object/,
    );
    recorder.queue.push({ status: 204, body: "" });
    await expect(
      operationMethod(caller(), { ...SEND, json: false })({}, { thing_id: "1" }),
    ).resolves.toBeUndefined();
  });
});

describe("against the mock answering from the spec", () => {
  it("send-message of the Messages fixture: the mock validates the body, the method resolves its answer", async () => {
    const spec = JSON.parse(
      await readFile(
        new URL(
          "../../../scripts/test/fixtures/spec-update/messages-1.44.0/send-message.json",
          import.meta.url,
        ),
        "utf8",
      ),
    );
    const mock = createMockHandler({ spec });
    const headers = { "d360-api-key": DEFAULT_API_KEY };
    const core = createClient<paths>({ baseUrl: "http://mock.test", headers, fetch: mock });
    const call = createCaller(core, {
      baseUrl: "http://mock.test",
      headers,
      apiKey: DEFAULT_API_KEY,
      redact: [],
    });
    const sendMessage = operationMethod(call, {
      operationId: "send-message",
      method: "POST",
      path: "/messages",
      query: [],
      pathParams: [],
      header: [],
      body: "application/json",
      json: true,
    });
    const message = { messaging_product: "whatsapp", recipient_type: "individual", type: "text" };
    await expect(sendMessage({ ...message, to: "4915112345678" })).resolves.toMatchObject({
      messages: [{ id: expect.stringMatching(/^wamid\./) }],
    });
    await expect(sendMessage(message)).rejects.toMatchObject({
      name: "ApiError",
      status: 400,
      // The mock's messages route answers in Meta's Graph error envelope, naming the field.
      body: {
        error: {
          code: 100,
          error_data: { details: expect.stringContaining('required property "to"') },
        },
      },
    });
  });
});

describe("serializeQuery", () => {
  it("percent-encodes names and values but keeps commas, repeats arrays, drops undefined", () => {
    expect(
      serializeQuery({ fields: "a,b", q: "é&=", n: 3, skip: undefined, list: ["x", "y"] }),
    ).toBe("fields=a,b&q=%C3%A9%26%3D&n=3&list=x&list=y");
  });
});
