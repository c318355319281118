// One contestant of bench/bench.ts in a worker of its own: its own V8 isolate, so its own JIT
// feedback, its own copy of openapi-fetch and of the platform's fetch. In one shared isolate, the
// contestants' different calls into openapi-fetch and undici (a LightRequest here, a Request
// there; a URL string here, a Request there) make those call sites polymorphic for all of them,
// which no application that uses one of them sees. Plain JavaScript over the built package
// (dist/), what an application runs; `pnpm bench` builds first.
import { parentPort, workerData } from "node:worker_threads";
import createClient from "openapi-fetch";
import { createD360Client } from "../dist/index.js";

const { name, baseUrl, path, apiKey, body, responseHeaders, requestHeaders } = workerData;

// The in-memory contestants get a stub for fetch that answers at once, as its own object.
const stub = async () => new Response(body, { status: 200, headers: responseHeaders });
const stubbed = baseUrl === undefined;
const base = baseUrl ?? "https://waba-v2.360dialog.io";
const fetchOption = stubbed ? { fetch: stub } : {};
const clientHeaders = { "User-Agent": requestHeaders["User-Agent"] };

/** The call each contestant makes, built once. */
function contestant() {
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

const call = contestant();
// Each message asks for one batch; the answer is its time per call in µs, measured here so that
// the message passing is not part of it.
parentPort.on("message", async (batch) => {
  const start = performance.now();
  for (let i = 0; i < batch; i++) await call();
  parentPort.postMessage(((performance.now() - start) * 1000) / batch);
});
parentPort.postMessage("ready");
