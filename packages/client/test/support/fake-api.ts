// An in-process stand-in for POST /messages, used as the client's `fetch` under fake timers: it
// enforces a per-number limit (GCRA, answering Meta's 130429 in Meta's envelope with HTTP 400)
// and the pair limit (131056), records every request it receives with its time, and can fail
// chosen requests after recording them (a reset: the message counts as received).

import { apiLimits, mostInWindow } from "./api-limits.js";

export interface Received {
  at: number;
  to: string;
  key: string | undefined;
  body: Record<string, unknown>;
  /** What was answered: "ok", a Meta code, or "reset". */
  answer: "ok" | number | "reset";
}

export interface FakeApiOptions {
  /** Messages per second the number accepts (0 = no limit). */
  limit?: number;
  /** Burst on top of the limit. */
  burst?: number;
  /** Milliseconds between two messages to one recipient (0 = no pair limit). */
  pairInterval?: number;
  /** Decide a fault for a request (after the limits passed): a Meta code, "reset", or undefined. */
  fault?: (body: Record<string, unknown>, index: number) => number | "reset" | undefined;
}

export function fakeApi(options: FakeApiOptions = {}) {
  const { fault } = options;
  const received: Received[] = [];
  const refusal = apiLimits(options);
  let wamids = 0;

  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  const meta = (code: number) =>
    json(400, {
      error: { message: `(#${code}) refused`, type: "OAuthException", code, fbtrace_id: "F" },
    });

  async function fetch(request: Request): Promise<Response> {
    const body = (await request.json()) as Record<string, unknown>;
    const now = Date.now();
    const to = String(body.to);
    const entry: Received = {
      at: now,
      to,
      key: body.biz_opaque_callback_data as string | undefined,
      body,
      answer: "ok",
    };
    received.push(entry);
    const refused = refusal(to, now);
    if (refused) {
      entry.answer = refused;
      return meta(refused);
    }
    const failure = fault?.(body, received.length - 1);
    if (failure === "reset") {
      entry.answer = "reset";
      throw Object.assign(new TypeError("fetch failed"), {
        cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
      });
    }
    if (typeof failure === "number") {
      entry.answer = failure;
      return meta(failure);
    }
    return json(200, {
      messaging_product: "whatsapp",
      contacts: [{ input: to, wa_id: to }],
      messages: [{ id: `wamid.${++wamids}` }],
    });
  }

  /** Messages accepted ("ok" or reset after recording), by key: more than one is a duplicate. */
  function duplicates(): number {
    const seen = new Map<string, number>();
    for (const r of received) {
      if (r.answer === "ok" || r.answer === "reset")
        seen.set(String(r.key), (seen.get(String(r.key)) ?? 0) + 1);
    }
    return [...seen.values()].filter((n) => n > 1).length;
  }

  /** The most requests that were accepted in any window of `ms`. */
  function maxInWindow(ms: number, accepted = true): number {
    return mostInWindow(
      received.filter((r) => !accepted || r.answer !== 130429).map((r) => r.at),
      ms,
    );
  }

  return { fetch, received, duplicates, maxInWindow };
}
