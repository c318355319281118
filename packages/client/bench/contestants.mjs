// The contestants of bench/bench.ts, built from the same description whether each runs in a
// worker of its own (contestant.mjs) or all share one isolate. Plain JavaScript over the built
// package (dist/), what an application runs; `pnpm bench` builds first.
import createClient from "openapi-fetch";
import { createD360Client } from "../dist/index.js";

/**
 * The call one contestant makes, built once.
 * @param {string} name - "raw fetch", "openapi-fetch", "client GET", "client encryption.get…"
 *   or "client GET, no timeouts"
 * @param {import("./contestants.d.mts").Shared} shared - the server (or, with `baseUrl`
 *   undefined, an in-memory stub for fetch) and what to send
 * @returns {() => Promise<unknown>}
 */
export function contestant(name, shared) {
  const { baseUrl, path, apiKey, body, responseHeaders, requestHeaders } = shared;
  // The in-memory contestants get a stub for fetch that answers at once, as its own object.
  const stub = async () => new Response(body, { status: 200, headers: responseHeaders });
  const stubbed = baseUrl === undefined;
  const base = baseUrl ?? "https://waba-v2.360dialog.io";
  const fetchOption = stubbed ? { fetch: stub } : {};
  const clientHeaders = { "User-Agent": requestHeaders["User-Agent"] };
  switch (name) {
    case "raw fetch": {
      const send = stubbed ? stub : fetch;
      return async () => (await send(`${base}${path}`, { headers: requestHeaders })).json();
    }
    case "openapi-fetch": {
      const bare = createClient({ baseUrl: base, headers: requestHeaders, ...fetchOption });
      return () => bare.GET(path);
    }
    case "client GET": {
      const client = createD360Client({
        apiKey,
        baseUrl: base,
        headers: clientHeaders,
        ...fetchOption,
      });
      return () => client.GET(path);
    }
    case "client encryption.get…": {
      const client = createD360Client({
        apiKey,
        baseUrl: base,
        headers: clientHeaders,
        ...fetchOption,
      });
      return () => client.encryption.getBusinessPublicKey();
    }
    case "client GET, no timeouts": {
      const client = createD360Client({
        apiKey,
        baseUrl: base,
        headers: clientHeaders,
        timeout: false,
        totalTimeout: false,
        ...fetchOption,
      });
      return () => client.GET(path);
    }
    default:
      throw new Error(`unknown contestant ${name}`);
  }
}
