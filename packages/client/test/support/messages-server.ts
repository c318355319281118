// A real HTTP server on loopback standing in for POST /messages: it enforces the number's limit
// (GCRA; beyond it Meta's 130429 in Meta's envelope with HTTP 400) and optionally the pair limit
// (131056), records every message it accepted with its arrival time, and injects faults after
// recording a message (so a client that sends again creates a duplicate): a reset, a response cut
// off mid-body, an upstream 502. Used by the sender's loopback tests, the multi-process Redis
// test and the bench.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { apiLimits, mostInWindow } from "./api-limits.js";
import { seeded } from "./seeded.js";

export interface MessagesServerOptions {
  /** Messages per second accepted (0 = no limit). */
  limit?: number;
  /** Burst on top of the limit. @default 1 */
  burst?: number;
  /** Minimum ms between two messages to one recipient (0 = none). */
  pairInterval?: number;
  /** Share (0..1) of accepted messages answered with each fault kind. */
  faults?: number;
  /** Seed of the fault choice (reproducible runs). */
  seed?: number;
}

export interface Arrival {
  at: number;
  /** When the client says it sent the request (its `x-sent-at` header), if it says. */
  sentAt: number | undefined;
  key: string;
  to: string;
  answer: "ok" | "reset" | "cut" | "502" | 130429 | 131056;
}

export interface MessagesServer {
  url: string;
  arrivals: Arrival[];
  /** Keys accepted (recorded) more than once. */
  duplicates(): number;
  /** Most accepted messages in any window of `ms` (by arrival, or by the clients' `sentAt`). */
  maxInWindow(ms: number, by?: "at" | "sentAt"): number;
  close(): Promise<void>;
}

export async function startMessagesServer(
  options: MessagesServerOptions = {},
): Promise<MessagesServer> {
  const { faults = 0, seed = 1 } = options;
  const random = seeded(seed);
  const arrivals: Arrival[] = [];
  const refusal = apiLimits(options);
  let ids = 0;
  const meta = (code: number) =>
    JSON.stringify({
      error: { message: `(#${code}) refused`, type: "OAuthException", code, fbtrace_id: "L" },
    });

  const server: Server = createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => {
      const now = performance.timeOrigin + performance.now();
      let body: { to?: string; biz_opaque_callback_data?: string } = {};
      try {
        body = JSON.parse(text);
      } catch {}
      const to = String(body.to);
      const arrival: Arrival = {
        at: now,
        sentAt: Number(req.headers["x-sent-at"]) || undefined,
        key: String(body.biz_opaque_callback_data),
        to,
        answer: "ok",
      };
      arrivals.push(arrival);
      const refused = refusal(to, now);
      if (refused) {
        arrival.answer = refused;
        res.writeHead(400, { "content-type": "application/json" });
        res.end(meta(refused));
        return;
      }
      // Recorded from here on: the message counts as sent whatever the client sees.
      const roll = random();
      if (roll < faults) {
        arrival.answer = "reset";
        req.socket.destroy();
        return;
      }
      if (roll < 2 * faults) {
        arrival.answer = "cut";
        res.writeHead(200, { "content-type": "application/json", "content-length": "300" });
        res.write('{"messaging_product":"whatsapp","messages":[{"id":"wamid.');
        setTimeout(() => req.socket.destroy(), 5);
        return;
      }
      if (roll < 3 * faults) {
        arrival.answer = "502";
        res.writeHead(502, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "WhatsApp for Business API not available" }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          messaging_product: "whatsapp",
          contacts: [{ input: to, wa_id: to }],
          messages: [{ id: `wamid.L${++ids}` }],
        }),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const accepted = () => arrivals.filter((a) => a.answer !== 130429 && a.answer !== 131056);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    duplicates() {
      const seen = new Map<string, number>();
      for (const a of accepted()) seen.set(a.key, (seen.get(a.key) ?? 0) + 1);
      return [...seen.values()].filter((n) => n > 1).length;
    },
    maxInWindow(ms, by = "at") {
      return mostInWindow(
        accepted()
          .map((a) => a[by] ?? a.at)
          .sort((x, y) => x - y),
        ms,
      );
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
