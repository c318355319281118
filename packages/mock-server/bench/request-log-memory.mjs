// What the request log holds in memory when full: `node --expose-gc bench/request-log-memory.mjs`
// (after `pnpm build`). Fills a handler's log with DEFAULT_MAX_RECORDED_REQUESTS requests whose
// bodies are DEFAULT_MAX_BODY_BYTES long, for three kinds of body, and prints the heap growth
// (`process.memoryUsage()` after a full GC, before and after).
import {
  createMockHandler,
  DEFAULT_API_KEY,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_RECORDED_REQUESTS,
} from "../dist/index.js";

if (typeof globalThis.gc !== "function") {
  console.error("run with node --expose-gc");
  process.exit(2);
}

const MiB = 1024 * 1024;
const bodies = {
  "ASCII text": new TextEncoder().encode("a".repeat(DEFAULT_MAX_BODY_BYTES)),
  "non-ASCII text (é, 2 bytes each)": new TextEncoder().encode(
    "é".repeat(DEFAULT_MAX_BODY_BYTES / 2),
  ),
  "binary (0xff bytes, not UTF-8)": new Uint8Array(DEFAULT_MAX_BODY_BYTES).fill(0xff),
};
// Over HTTP, Node's default --max-http-header-size (16 KiB) bounds the headers a record keeps.
// Each request gets its own header string, as each would over a socket.
const BIG_HEADERS = (i) => ({ "x-padding": `${i}`.padEnd(16 * 1024 - 200, "p") });
const cases = [
  ...Object.entries(bodies).map(([name, body]) => [name, body, () => ({})]),
  ["binary, and 16 KiB of headers", bodies["binary (0xff bytes, not UTF-8)"], BIG_HEADERS],
];

function used() {
  globalThis.gc();
  globalThis.gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

for (const [name, body, extra] of cases) {
  const handler = createMockHandler();
  const before = used();
  for (let i = 0; i < DEFAULT_MAX_RECORDED_REQUESTS; i++) {
    const response = await handler(
      new Request("http://mock.test/whatsapp_business_encryption", {
        method: "POST",
        body,
        headers: {
          ...extra(i),
          "D360-API-KEY": DEFAULT_API_KEY,
          "content-type": "application/octet-stream",
        },
      }),
    );
    await response.arrayBuffer();
  }
  const after = used();
  const perRecord = (after - before) / handler.requests.length;
  console.log(
    `${name}: ${handler.requests.length} records, heap +${((after - before) / MiB).toFixed(1)} MiB (${(perRecord / 1024).toFixed(1)} KiB per record)`,
  );
  handler.reset();
}
