// `pnpm bench` (root) / `pnpm --filter @d360-messaging/client bench`: what the client costs
// per request compared with raw fetch and bare openapi-fetch, for
// GET /whatsapp_business_encryption. Not a test: the numbers depend on the machine.
//
// One keep-alive HTTP server on loopback; the contestants interleaved in small batches over
// many rounds (in alternating order), so drift in machine load hits all of them alike; medians of
// per-round times and of per-round ratios. Every contestant is built by bench/contestants.mjs,
// over dist/. Each first runs in a worker of its own (bench/contestant.mjs), as in an
// application that uses one of them; then all in one isolate, where they slow one another down
// (see contestant.mjs); then each over an in-memory stub fetch, which isolates library overhead.
//
// BENCH_ROUNDS and BENCH_BATCH scale the run (defaults keep it well under a minute).

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import { bundleSize, OPERATION_COUNT, sizeSlope } from "./bundle-size.js";
import { contestant, type Shared } from "./contestants.mjs";

const PATH = "/whatsapp_business_encryption";
const API_KEY = "bench-api-key";
const BODY = JSON.stringify({
  data: [
    {
      business_public_key: `-----BEGIN PUBLIC KEY-----\n${"A".repeat(392)}\n-----END PUBLIC KEY-----\n`,
      business_public_key_signature_status: "VALID",
    },
  ],
});
const RESPONSE_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "content-length": String(Buffer.byteLength(BODY)),
};
// The same headers for every contestant, so each sends the same bytes.
const HEADERS = { "D360-API-KEY": API_KEY, "User-Agent": "bench" };

type Contestant = () => Promise<unknown>;

async function measure(
  contestants: Record<string, Contestant>,
  rounds: number,
  batch: number,
): Promise<Record<string, number[]>> {
  const names = Object.keys(contestants);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  // Warm-up: JIT, connection pool.
  for (const name of names) for (let i = 0; i < batch; i++) await contestants[name]?.();
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const run = contestants[name] as Contestant;
      const start = performance.now();
      for (let i = 0; i < batch; i++) await run();
      times[name]?.push(((performance.now() - start) * 1000) / batch);
    }
  }
  return times;
}

/** {@link measure}, with each contestant in a worker of its own (bench/contestant.mjs). */
async function measureIsolated(
  names: string[],
  shared: Shared,
  rounds: number,
  batch: number,
): Promise<Record<string, number[]>> {
  const workers = names.map((name) => {
    const worker = new Worker(new URL("./contestant.mjs", import.meta.url), {
      workerData: { ...shared, name },
    });
    let pending:
      | { resolve: (value: unknown) => void; reject: (error: unknown) => void }
      | undefined;
    worker.on("message", (value) => pending?.resolve(value));
    worker.on("error", (error) => pending?.reject(error));
    const ask = (batchSize?: number) =>
      new Promise<unknown>((resolve, reject) => {
        pending = { resolve, reject };
        if (batchSize !== undefined) worker.postMessage(batchSize);
      });
    return { name, worker, ready: ask(), ask };
  });
  try {
    for (const w of workers) await w.ready;
    // Warm-up: JIT, connection pool.
    for (const w of workers) await w.ask(batch);
    const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < rounds; round++) {
      for (const w of round % 2 === 0 ? workers : [...workers].reverse()) {
        times[w.name]?.push((await w.ask(batch)) as number);
      }
    }
    return times;
  } finally {
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function pairedRatio(a: number[], b: number[]): number {
  return median(a.map((t, i) => t / (b[i] as number)));
}

/** Median of the per-round differences, in µs. */
function pairedDifference(a: number[], b: number[]): number {
  return median(a.map((t, i) => t - (b[i] as number)));
}

function report(title: string, times: Record<string, number[]>): void {
  console.log(`\n${title}`);
  for (const [name, values] of Object.entries(times)) {
    const us = median(values);
    console.log(
      `  ${name.padEnd(30)} ${us.toFixed(2).padStart(9)} µs/req  ${Math.round(1e6 / us)
        .toLocaleString("en")
        .padStart(9)} ops/s`,
    );
  }
  const raw = times["raw fetch"] as number[];
  const of = times["openapi-fetch"] as number[];
  for (const name of Object.keys(times).filter((n) => n.startsWith("client"))) {
    const c = times[name] as number[];
    console.log(
      `  ${name}: ${pairedDifference(c, of).toFixed(1)} µs above openapi-fetch per request (issue 20 budget: ≤ 100 µs); ` +
        `${pairedRatio(c, raw).toFixed(3)}× raw fetch, ${pairedRatio(c, of).toFixed(3)}× openapi-fetch`,
    );
  }
}

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 40);
  const batch = Number(process.env.BENCH_BATCH ?? 200);

  const server = createServer((_req, res) => {
    res.writeHead(200, RESPONSE_HEADERS);
    res.end(BODY);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const contestants = [
    "raw fetch",
    "openapi-fetch",
    "client GET",
    "client encryption.get…",
    "client GET, no timeouts",
  ];
  const shared: Shared = {
    baseUrl,
    path: PATH,
    apiKey: API_KEY,
    body: BODY,
    responseHeaders: RESPONSE_HEADERS,
    requestHeaders: HEADERS,
  };
  const isolated = await measureIsolated(contestants, shared, rounds, batch);
  report(
    `Loopback HTTP (node:http keep-alive), each contestant in a worker of its own, ${rounds} rounds × ${batch} requests each`,
    isolated,
  );

  // The same contestants, built by the same code, all in this isolate.
  const loopback = await measure(
    Object.fromEntries(contestants.map((name) => [name, contestant(name, shared)])),
    rounds,
    batch,
  );
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  report(
    `Loopback HTTP, all contestants in one isolate (they slow one another down), ${rounds} rounds × ${batch} requests each`,
    loopback,
  );

  const stubBatch = batch * 10;
  const inMemory = await measureIsolated(
    ["raw fetch", "openapi-fetch", "client GET"],
    { ...shared, baseUrl: undefined },
    rounds,
    stubBatch,
  );
  report(
    `In-memory stub fetch (library overhead alone), each in a worker of its own, ${rounds} rounds × ${stubBatch} calls each`,
    inMemory,
  );

  const size = await bundleSize();
  const { fixed, slope } = await sizeSlope(40);
  console.log(
    `\nClient entry bundled with esbuild (minified, ESM, neutral platform, code splitting; ` +
      `openapi-fetch and KeyFormatError included): ${size.entry.minified.toLocaleString("en")} bytes, ` +
      `${size.entry.gzip.toLocaleString("en")} bytes gzip with ${OPERATION_COUNT} operations ` +
      `(issue 20 budget: ${(12_000 + 60 * OPERATION_COUNT).toLocaleString("en")} = 12,000 + 60 per operation); ` +
      `fixed cost ${Math.round(fixed).toLocaleString("en")} bytes gzip, slope ${slope.toFixed(1)} bytes gzip per ` +
      `generated operation (measured with 40 synthetic operations added); the key parser, loaded on the ` +
      `first setBusinessPublicKey: ${size.lazy.gzip.toLocaleString("en")} bytes gzip; the media methods ` +
      `(upload, download, markAsRead), loaded on first use: ${size.media.gzip.toLocaleString("en")} bytes gzip`,
  );
}

await main();
