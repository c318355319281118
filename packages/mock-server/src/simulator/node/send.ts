import { Buffer } from "node:buffer";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { IncomingReply, OutgoingRequest, Transport } from "../transport.js";

// The Node build's transport: one node:http(s) request per call and nothing more, so that a 421
// reaches the simulator as it reaches WhatsApp, and the simulator's `attempts` is the number of
// requests the endpoint really received (fetch would re-send a 421 by itself; see transport.ts).

/** Sends one request with node:http or node:https and reads the reply as UTF-8 text. */
export const nodeHttpTransport: Transport = (url, outgoing: OutgoingRequest) =>
  new Promise<IncomingReply>((resolve, reject) => {
    const target = typeof url === "string" ? new URL(url) : url;
    if (target.protocol !== "http:" && target.protocol !== "https:") {
      reject(new TypeError(`endpoint must be an http: or https: URL, got ${target.protocol}`));
      return;
    }
    const body = Buffer.from(outgoing.body, "utf8");
    const headers: Record<string, string> = {};
    outgoing.headers.forEach((value, name) => {
      headers[name] = value;
    });
    headers["content-length"] = String(body.length);
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send(
      target,
      { method: outgoing.method, headers, signal: outgoing.signal },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const replyHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value === undefined) continue;
            for (const one of Array.isArray(value) ? value : [value]) {
              replyHeaders.append(name, one);
            }
          }
          resolve({
            status: response.statusCode ?? 0,
            headers: replyHeaders,
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
