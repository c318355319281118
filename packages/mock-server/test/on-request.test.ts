// The onRequest option: a live, redacted log of each request once it is answered.
import { describe, expect, it } from "vitest";
import { createMockHandler, DEFAULT_API_KEY, type RecordedRequest } from "../src/index.js";
import { PATH } from "./helpers.js";

const get = (key = DEFAULT_API_KEY) =>
  new Request(`http://mock.test${PATH}`, { headers: { "D360-API-KEY": key } });

describe("onRequest", () => {
  it("is called once per request, after the answer, with the redacted record", async () => {
    const seen: RecordedRequest[] = [];
    const statusAtCall: (number | undefined)[] = [];
    const handler = createMockHandler({
      onRequest: (record) => {
        seen.push(record);
        statusAtCall.push(record.status);
      },
    });
    await handler(get());
    await handler(get("not-a-key"));
    expect(seen).toHaveLength(2);
    expect(statusAtCall).toEqual([200, 401]);
    expect(seen[0]).toBe(handler.requests[0]);
    expect(seen[0]?.headers["d360-api-key"]).toBe("[REDACTED]");
    expect(JSON.stringify(seen)).not.toContain(DEFAULT_API_KEY);
  });

  it("also reports a dropped connection (no status) and works with an empty request log", async () => {
    const seen: RecordedRequest[] = [];
    const handler = createMockHandler({
      maxRecordedRequests: 0,
      onRequest: (record) => seen.push({ ...record }),
    });
    handler.faults.enqueue({ drop: true });
    await expect(handler(get())).rejects.toThrow(TypeError);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "GET", path: PATH, fault: true });
    expect(seen[0]?.status).toBeUndefined();
    expect(handler.requests).toEqual([]);
  });

  it("never changes the answer when it throws, and must be a function", async () => {
    const handler = createMockHandler({
      onRequest: () => {
        throw new Error("log failed");
      },
    });
    expect((await handler(get())).status).toBe(200);
    expect(() => createMockHandler({ onRequest: "log" as unknown as () => void })).toThrow(
      TypeError,
    );
  });
});
