// Throughput of createFlowEndpoint against the physical floor, the RSA-OAEP-2048 private-key
// operation, measured with node:crypto in the same run. Run with `pnpm bench` (after a build);
// tsx runs the sources as they are. Options: --seconds=N scales every phase (default 1).
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { performance as nodePerformance } from "node:perf_hooks";
import {
  decodeBase64 as base64ToBytes,
  encodeBase64 as bytesToBase64,
} from "@d360-messaging/keys/internal";
import { webCrypto } from "../src/crypto/web.js";
import { createFlowEndpointUsing } from "../src/endpoint.js";
import type { FlowEndpointOptions } from "../src/index.js";
import { decryptFlowRequest, encryptFlowResponse, verifyFlowSignature } from "../src/index.js";
import { nodeCrypto } from "../src/node/crypto.js";

const scale = Number(process.argv.find((a) => a.startsWith("--seconds="))?.split("=")[1] ?? 1);
const ROUNDS = 5;
const PHASE_MS = 600 * scale;
const PART_MS = 150 * scale;
const APP_SECRET = "bench-app-secret";
const PASSPHRASE = "bench passphrase";
const REQUESTS = 256;

const now = () => performance.now();
const loadAtStart = loadavg()[0] ?? 0;

/** Runs `op` back to back for `ms`; returns operations per second. */
async function rate(ms: number, op: () => unknown): Promise<number> {
  for (let i = 0; i < 20; i++) await op(); // warm-up
  let count = 0;
  const start = now();
  while (now() - start < ms) {
    for (let i = 0; i < 10; i++) await op();
    count += 10;
  }
  return (count * 1000) / (now() - start);
}

/** Like rate, with `inFlight` loops sharing the clock. */
async function concurrentRate(
  ms: number,
  inFlight: number,
  op: () => Promise<unknown>,
): Promise<number> {
  for (let i = 0; i < 20; i++) await op();
  let count = 0;
  const start = now();
  const deadline = start + ms;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (now() < deadline) {
        await op();
        count++;
      }
    }),
  );
  return (count * 1000) / (now() - start);
}

// --- fixtures: one key pair, REQUESTS distinct requests as WhatsApp would send them ---
const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const encryptedPem = privateKey.export({
  type: "pkcs8",
  format: "pem",
  cipher: "aes-256-cbc",
  passphrase: PASSPHRASE,
}) as string;
const payload = JSON.stringify({
  version: "3.0",
  action: "data_exchange",
  screen: "APPOINTMENT",
  data: {
    department: "shopping",
    location: "1",
    date: "2024-01-01",
    time: "11:30",
    name: "Ada Lovelace",
  },
  flow_token: "flows-builder-3d1f2e0c",
});
const reply = {
  screen: "SUMMARY",
  data: {
    appointment: "Shopping, King's Cross, 1 Jan 2024 at 11:30",
    details: "Name: Ada Lovelace",
  },
};

interface Fixture {
  raw: string;
  length: string;
  signature: string;
  aesKey: Buffer;
  iv: Buffer;
  encryptedKey: Buffer;
  /** The same bytes on their own ArrayBuffer, as WebCrypto takes them. */
  webEncryptedKey: Uint8Array<ArrayBuffer>;
}
const fixtures: Fixture[] = Array.from({ length: REQUESTS }, () => {
  const aesKey = randomBytes(16);
  const iv = randomBytes(16);
  const encryptedKey = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    aesKey,
  );
  const cipher = createCipheriv("aes-128-gcm", aesKey, iv);
  const data = Buffer.concat([cipher.update(payload), cipher.final(), cipher.getAuthTag()]);
  const raw = JSON.stringify({
    encrypted_flow_data: data.toString("base64"),
    encrypted_aes_key: encryptedKey.toString("base64"),
    initial_vector: iv.toString("base64"),
  });
  return {
    raw,
    length: String(Buffer.byteLength(raw)),
    signature: `sha256=${createHmac("sha256", APP_SECRET).update(raw).digest("hex")}`,
    aesKey,
    iv,
    encryptedKey,
    webEncryptedKey: new Uint8Array(encryptedKey),
  };
});
let next = 0;
const fixture = () => fixtures[next++ % REQUESTS] as Fixture;

// With the Content-Length WhatsApp sends: a Node adapter such as @hono/node-server passes the
// client's headers on, and Deno, Bun and workerd do the same.
const request = (f: Fixture) =>
  new Request("http://localhost/flows", {
    method: "POST",
    body: f.raw,
    headers: {
      "content-type": "application/json",
      "content-length": f.length,
      "x-hub-signature-256": f.signature,
    },
  });

function checkReply(text: string, f: Fixture) {
  const data = Buffer.from(text, "base64");
  const decipher = createDecipheriv(
    "aes-128-gcm",
    f.aesKey,
    Buffer.from(f.iv.map((b) => b ^ 0xff)),
  );
  decipher.setAuthTag(data.subarray(-16));
  return Buffer.concat([decipher.update(data.subarray(0, -16)), decipher.final()]);
}

// --- the endpoints under test: passphrase-protected key, signature checked, trivial handler.
// The Node build (what `import "@d360-messaging/flows"` gives on Node: node:crypto for the
// symmetric parts, RSA synchronous when a request is alone in flight and on the threadpool
// otherwise), the same with RSA always on the threadpool, and the web build (WebCrypto only). ---
const endpointOptions: FlowEndpointOptions = {
  privateKey: encryptedPem,
  passphrase: PASSPHRASE,
  appSecret: APP_SECRET,
  handle: () => reply,
};
const nodeEndpoint = createFlowEndpointUsing(nodeCrypto, endpointOptions);
const nodePoolEndpoint = createFlowEndpointUsing(nodeCrypto, endpointOptions, { rsa: "pool" });
const webEndpoint = createFlowEndpointUsing(webCrypto, endpointOptions);
await Promise.all([nodeEndpoint.ready(), nodePoolEndpoint.ready(), webEndpoint.ready()]);
const through = (endpoint: (request: Request) => Promise<Response>) => async () => {
  const f = fixture();
  const response = await endpoint(request(f));
  const text = await response.text();
  if (response.status !== 200) throw new Error(`endpoint answered ${response.status}`);
  return text;
};
const throughEndpoint = through(nodeEndpoint);
const throughNodePool = through(nodePoolEndpoint);
const throughWeb = through(webEndpoint);
// Correctness gate before timing anything: each reply must decrypt under node:crypto.
for (const run of [throughEndpoint, throughNodePool, throughWeb]) {
  const f = fixtures[0] as Fixture;
  next = 0;
  const text = await run();
  if (checkReply(text, f).toString() !== JSON.stringify(reply))
    throw new Error("reply does not decrypt to the handler's JSON");
}

// --- the common pattern, as Meta's sample endpoint (WhatsApp-Flows-Tools, examples/endpoint/nodejs)
// does it: check the signature with node:crypto, then createPrivateKey({ key, passphrase }) on every
// request. Written as a fetch handler over the same Request and Response objects as the endpoint,
// so that the ratio compares the two ways of handling a request and not HTTP plumbing. ---
const secretBytes = Buffer.from(APP_SECRET);
async function reimportHandler(req: Request): Promise<Response> {
  const raw = await req.text();
  const header = req.headers.get("x-hub-signature-256") ?? "";
  const expected = Buffer.from(
    `sha256=${createHmac("sha256", secretBytes).update(raw).digest("hex")}`,
  );
  const received = Buffer.from(header);
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    return new Response(null, { status: 432 });
  }
  const body = JSON.parse(raw) as Record<string, string>;
  const key: KeyObject = createPrivateKey({ key: encryptedPem, passphrase: PASSPHRASE });
  const aesKey = privateDecrypt(
    { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    Buffer.from(body.encrypted_aes_key as string, "base64"),
  );
  const data = Buffer.from(body.encrypted_flow_data as string, "base64");
  const iv = Buffer.from(body.initial_vector as string, "base64");
  const decipher = createDecipheriv("aes-128-gcm", aesKey, iv);
  decipher.setAuthTag(data.subarray(-16));
  JSON.parse(
    Buffer.concat([decipher.update(data.subarray(0, -16)), decipher.final()]).toString("utf8"),
  );
  const cipher = createCipheriv("aes-128-gcm", aesKey, Buffer.from(iv.map((b) => b ^ 0xff)));
  const encrypted = Buffer.concat([
    cipher.update(JSON.stringify(reply)),
    cipher.final(),
    cipher.getAuthTag(),
  ]).toString("base64");
  return new Response(encrypted, { status: 200, headers: { "Content-Type": "text/plain" } });
}
async function reimportPattern() {
  const response = await reimportHandler(request(fixture()));
  const text = await response.text();
  if (response.status !== 200) throw new Error(`re-import handler answered ${response.status}`);
  return text;
}
{
  const f = fixtures[0] as Fixture;
  next = 0;
  if (checkReply(await reimportPattern(), f).toString() !== JSON.stringify(reply))
    throw new Error("the re-import handler's reply does not decrypt to the handler's JSON");
}

// --- phases, interleaved in rounds so that load from elsewhere on the machine hits every
// phase alike; each ratio is taken within a round and the median over rounds is reported ---
const rawKey = createPrivateKey({ key: encryptedPem, passphrase: PASSPHRASE });
const rawDecrypt = () =>
  privateDecrypt(
    { key: rawKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    fixture().encryptedKey,
  );
const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const importWebKey = () =>
  crypto.subtle.importKey(
    "pkcs8",
    rawKey.export({ type: "pkcs8", format: "der" }),
    { name: "RSA-OAEP", hash: "SHA-256" },
    false,
    ["decrypt"],
  );
const webKey = await importWebKey();
// Node runs the RSA operations on one CryptoKey one at a time (a mutex per key); separate imports
// of the same key run in parallel. Four, as many as libuv's default threadpool has threads.
const webKeys = [webKey, ...(await Promise.all([1, 2, 3].map(importWebKey)))];
let nextWebKey = 0;
/** Idle and total CPU time of the whole machine so far, in ms (all cores). */
const machineTimes = () => {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
};
/** Where the CPU went during a concurrent phase: the main thread, this process, everyone else. */
interface CpuShare {
  mainThreadBusy: number; // event loop utilisation, 0..1 (counts time descheduled by the OS too)
  processCores: number; // CPU seconds of this process (all threads) per second
  otherCores: number; // CPU seconds of every other process per second
}
async function measured(shares: CpuShare[], run: () => Promise<number>): Promise<number> {
  const loop = nodePerformance.eventLoopUtilization();
  const usage = process.cpuUsage();
  const machine = machineTimes();
  const start = now();
  const result = await run();
  const wallMs = now() - start;
  const used = process.cpuUsage(usage);
  const after = machineTimes();
  const processCores = (used.user + used.system) / 1000 / wallMs;
  const machineCores = (after.total - machine.total - (after.idle - machine.idle)) / wallMs || 0;
  shares.push({
    mainThreadBusy: nodePerformance.eventLoopUtilization(loop).utilization,
    processCores,
    otherCores: Math.max(0, machineCores - processCores),
  });
  return result;
}
const endpointShares: CpuShare[] = [];
const poolShares: CpuShare[] = [];
const webShares: CpuShare[] = [];
const rsaShares: CpuShare[] = [];
const rsaOneKeyShares: CpuShare[] = [];
const phases = {
  raw: () => rate(PHASE_MS, rawDecrypt),
  sequential: () => rate(PHASE_MS, throughEndpoint),
  inFlight8: () => measured(endpointShares, () => concurrentRate(PHASE_MS, 8, throughEndpoint)),
  poolSequential: () => rate(PHASE_MS, throughNodePool),
  poolInFlight8: () => measured(poolShares, () => concurrentRate(PHASE_MS, 8, throughNodePool)),
  webSequential: () => rate(PHASE_MS, throughWeb),
  webInFlight8: () => measured(webShares, () => concurrentRate(PHASE_MS, 8, throughWeb)),
  // The ceiling of any WebCrypto endpoint here: the RSA step alone, 8 in flight on the threadpool,
  // on one CryptoKey and on four imports of it.
  webRsa8OneKey: () =>
    measured(rsaOneKeyShares, () =>
      concurrentRate(PHASE_MS, 8, () =>
        crypto.subtle.decrypt({ name: "RSA-OAEP" }, webKey, fixture().webEncryptedKey),
      ),
    ),
  webRsa8: () =>
    measured(rsaShares, () =>
      concurrentRate(PHASE_MS, 8, () =>
        crypto.subtle.decrypt(
          { name: "RSA-OAEP" },
          webKeys[nextWebKey++ % webKeys.length] as CryptoKey,
          fixture().webEncryptedKey,
        ),
      ),
    ),
  reimport: () => rate(PHASE_MS, reimportPattern),
  // The re-import handler under the same load as the endpoint's 8-in-flight phase: it is
  // synchronous, so concurrency cannot help it; measured rather than assumed.
  reimport8: () => concurrentRate(PHASE_MS, 8, reimportPattern),
};
type Phase = keyof typeof phases;
const phaseNames = Object.keys(phases) as Phase[];
const rounds: Array<Record<Phase, number>> = [];
for (let r = 0; r < ROUNDS; r++) {
  // Each round starts at another phase, so that no phase always follows the same one (whose
  // garbage it would collect) or always runs first.
  const round = {} as Record<Phase, number>;
  for (let i = 0; i < phaseNames.length; i++) {
    const name = phaseNames[(r + i) % phaseNames.length] as Phase;
    round[name] = await phases[name]();
  }
  rounds.push(round);
}
const pick = (key: Phase) => median(rounds.map((round) => round[key]));
const ratio = (over: Phase, under: Phase) =>
  median(rounds.map((round) => round[over] / round[under]));
const raw = pick("raw");
const sequential = pick("sequential");
const inFlight8 = pick("inFlight8");
const webRsa8 = pick("webRsa8");
const webRsa8OneKey = pick("webRsa8OneKey");
const reimport = pick("reimport");
const shareOf = (shares: CpuShare[], key: keyof CpuShare) =>
  median(shares.map((share) => share[key]));

// --- where the time of one request goes (each part timed alone, sequentially) ---
const sampleFixture = fixtures[1] as Fixture;
// WebCrypto takes ArrayBuffer-backed views; node Buffers may sit on a shared pool.
const sample = {
  ...sampleFixture,
  aesKey: new Uint8Array(sampleFixture.aesKey),
  iv: new Uint8Array(sampleFixture.iv),
  encryptedKey: new Uint8Array(sampleFixture.encryptedKey),
};
const sampleBody = JSON.parse(sample.raw) as Record<string, string>;
const sampleData = new Uint8Array(Buffer.from(sampleBody.encrypted_flow_data as string, "base64"));
const aesWebKey = await crypto.subtle.importKey("raw", sample.aesKey, "AES-GCM", false, [
  "encrypt",
  "decrypt",
]);
const replyBytes = new TextEncoder().encode(JSON.stringify(reply));
const { aesKey: sampleAes, iv: sampleIv } = await decryptFlowRequest(sample.raw, webKey);
const hmacKey = await crypto.subtle.importKey(
  "raw",
  new TextEncoder().encode(APP_SECRET),
  { name: "HMAC", hash: "SHA-256" },
  false,
  ["sign"],
);
const rawBodyBytes = new TextEncoder().encode(sample.raw);
// The signature check as a whole, once, so that a wrong secret cannot slip through the bench.
if (!(await verifyFlowSignature(sample.raw, sample.signature, APP_SECRET))) {
  throw new Error("the bench's signature does not verify");
}
const parts: Array<[string, () => unknown]> = [
  [
    "RSA-OAEP decrypt (WebCrypto, threadpool)",
    () => crypto.subtle.decrypt({ name: "RSA-OAEP" }, webKey, sample.encryptedKey),
  ],
  [
    "AES-128 key import (WebCrypto)",
    () => crypto.subtle.importKey("raw", sample.aesKey, "AES-GCM", false, ["encrypt", "decrypt"]),
  ],
  [
    "AES-GCM decrypt request (WebCrypto)",
    () => crypto.subtle.decrypt({ name: "AES-GCM", iv: sample.iv }, aesWebKey, sampleData),
  ],
  [
    "AES-GCM encrypt reply (WebCrypto)",
    () => crypto.subtle.encrypt({ name: "AES-GCM", iv: sample.iv }, aesWebKey, replyBytes),
  ],
  [
    "base64: decode 3 fields + encode reply",
    () => {
      base64ToBytes(sampleBody.encrypted_flow_data as string);
      base64ToBytes(sampleBody.encrypted_aes_key as string);
      base64ToBytes(sampleBody.initial_vector as string);
      return bytesToBase64(sampleData);
    },
  ],
  [
    "JSON: parse body + payload, stringify reply",
    () => {
      JSON.parse(sample.raw);
      JSON.parse(payload);
      return JSON.stringify(reply);
    },
  ],
  [
    "HMAC-SHA256 of the body (WebCrypto, key imported once)",
    () => crypto.subtle.sign("HMAC", hmacKey, rawBodyBytes),
  ],
  [
    "Request + Response objects and body reads",
    async () => {
      const r = request(sampleFixture);
      await r.arrayBuffer();
      return new Response("x".repeat(180), { headers: { "Content-Type": "text/plain" } }).text();
    },
  ],
];
// Each part in ROUNDS short runs, keeping the fastest: noise from elsewhere only ever adds time.
// Beside the wall time, the main thread's own CPU time per operation where Linux reports it
// (schedstat, in ns): what a WebCrypto call costs the thread that also runs every request's
// JavaScript, as opposed to time it merely waits for the threadpool.
const threadCpuNs = (): number | undefined => {
  try {
    return Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]);
  } catch {
    return undefined;
  }
};
interface Cost {
  wall: number; // µs per operation, fastest of ROUNDS runs
  cpu: number | undefined; // main-thread µs per operation, lowest of ROUNDS runs
}
const best = async (op: () => unknown): Promise<Cost> => {
  let wall = Number.POSITIVE_INFINITY;
  let cpu: number | undefined;
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < 20; i++) await op(); // warm-up
    const before = threadCpuNs();
    let count = 0;
    const start = now();
    while (now() - start < PART_MS) {
      for (let i = 0; i < 10; i++) await op();
      count += 10;
    }
    const elapsed = now() - start;
    const after = threadCpuNs();
    wall = Math.min(wall, (elapsed * 1000) / count);
    if (before !== undefined && after !== undefined) {
      cpu = Math.min(cpu ?? Number.POSITIVE_INFINITY, (after - before) / 1000 / count);
    }
  }
  return { wall, cpu };
};
// CPU of the whole process (every thread) per sequential request, lowest of ROUNDS runs. On a
// machine shared with other work the wall-clock ratios above also measure the scheduler: Linux
// shares CPU per thread, so a path that hands RSA to the threadpool gets more of the machine
// than the single-threaded raw loop it is compared with. CPU per request does not depend on
// that, and raw CPU / endpoint CPU is what the sequential ratio is on an idle machine, at best
// (a threadpool hand-off adds waiting on top).
const cpuPerRequest = async (op: () => unknown, inFlight = 1): Promise<number> => {
  let lowest = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < 20; i++) await op();
    const before = process.cpuUsage();
    let count = 0;
    const start = now();
    // `inFlight` loops share the clock, as in concurrentRate: the same concurrency for every
    // path compared, so that CPU per request is compared like for like.
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (now() - start < PART_MS) {
          for (let i = 0; i < 10; i++) await op();
          count += 10;
        }
      }),
    );
    const used = process.cpuUsage(before);
    lowest = Math.min(lowest, (used.user + used.system) / count);
  }
  return lowest;
};
const cpuRaw = await cpuPerRequest(rawDecrypt);
const cpuNode = await cpuPerRequest(throughEndpoint);
const cpuNodePool = await cpuPerRequest(throughNodePool);
const cpuWeb = await cpuPerRequest(throughWeb);
const cpuReimport = await cpuPerRequest(reimportPattern);
// 8 in flight: raw RSA is synchronous, so its loops take turns; the figure is still CPU per
// decryption, the floor for any path at that concurrency.
const cpuRaw8 = await cpuPerRequest(rawDecrypt, 8);
const cpuNode8 = await cpuPerRequest(throughEndpoint, 8);
const cpuReimport8 = await cpuPerRequest(reimportPattern, 8);

const costs: Array<[string, Cost]> = [];
for (const [name, op] of parts) costs.push([name, await best(op)]);
const fullDecrypt = await best(() => decryptFlowRequest(sample.raw, webKey));
const fullEncrypt = await best(() => encryptFlowResponse(reply, sampleAes, sampleIv));
const wholeRequest = await best(throughWeb);

const us = (n: number) => `${n.toFixed(1).padStart(7)} µs`;
const bestRound = (key: Phase) => Math.max(...rounds.map((round) => round[key]));
const bestRatio = (over: Phase, under: Phase) =>
  Math.max(...rounds.map((round) => round[over] / round[under]));
// RSA, AES key import, AES-GCM decrypt, AES-GCM encrypt and HMAC: what a request must spend in
// WebCrypto whatever the code around it does.
const webCryptoFloor = costs
  .filter(([name]) => name.includes("(WebCrypto"))
  .reduce((sum, [, c]) => sum + c.wall, 0);
const parted = costs.reduce((sum, [, c]) => sum + c.wall, 0);
const partedCpu = costs.reduce((sum, [, c]) => sum + (c.cpu ?? 0), 0);
const cpuText = (cpu: number | undefined) => (cpu === undefined ? "     n/a" : us(cpu));
const cores = (n: number) => `${n.toFixed(2)} cores`;
const lines = [
  `flows bench: Node ${process.version}, ${availableParallelism()} cores, libuv threadpool ${process.env.UV_THREADPOOL_SIZE ?? 4} threads, RSA-2048, ${REQUESTS} distinct signed requests`,
  "key: PKCS#8 PEM, PBES2 with PBKDF2-HMAC-SHA256 at 2,048 iterations (OpenSSL's default) and AES-256-CBC",
  "",
  `raw RSA-OAEP-2048 private decrypt (node:crypto, one core) ${raw.toFixed(0).padStart(6)} /s   (${us(1e6 / raw)})`,
  "",
  'Node build (the package\'s "node" export: node:crypto symmetric; RSA sync when alone, threadpool pool otherwise)',
  `createFlowEndpoint, sequential                         ${sequential.toFixed(0).padStart(6)} /s   ${ratio("sequential", "raw").toFixed(2)}× raw (best round ${bestRatio("sequential", "raw").toFixed(2)}×; target ≥ 0.70×)`,
  `createFlowEndpoint, 8 in flight                        ${inFlight8.toFixed(0).padStart(6)} /s   ${ratio("inFlight8", "raw").toFixed(2)}× raw (best round ${bestRatio("inFlight8", "raw").toFixed(2)}×; target ≥ 1.20×)`,
  `  CPU meanwhile: this process ${cores(shareOf(endpointShares, "processCores"))} (main thread busy ${(shareOf(endpointShares, "mainThreadBusy") * 100).toFixed(0)}%), other processes ${cores(shareOf(endpointShares, "otherCores"))}`,
  `endpoint sequential vs re-import pattern               ${ratio("sequential", "reimport").toFixed(2)}× (best round ${bestRatio("sequential", "reimport").toFixed(2)}×; target ≥ 3×)`,
  `  sequentially 3× needs ${(3 / ratio("raw", "reimport")).toFixed(2)}× raw, as the re-import pattern runs at 1/${ratio("raw", "reimport").toFixed(2)} of raw`,
  `endpoint vs re-import pattern, both 8 in flight        ${ratio("inFlight8", "reimport8").toFixed(2)}× (best round ${bestRatio("inFlight8", "reimport8").toFixed(2)}×)`,
  "Node build with RSA always on the threadpool (the alternative, not shipped)",
  `createFlowEndpoint, sequential                         ${pick("poolSequential").toFixed(0).padStart(6)} /s   ${ratio("poolSequential", "raw").toFixed(2)}× raw (best round ${bestRatio("poolSequential", "raw").toFixed(2)}×)`,
  `createFlowEndpoint, 8 in flight                        ${pick("poolInFlight8").toFixed(0).padStart(6)} /s   ${ratio("poolInFlight8", "raw").toFixed(2)}× raw (best round ${bestRatio("poolInFlight8", "raw").toFixed(2)}×)`,
  `  CPU meanwhile: this process ${cores(shareOf(poolShares, "processCores"))} (main thread busy ${(shareOf(poolShares, "mainThreadBusy") * 100).toFixed(0)}%), other processes ${cores(shareOf(poolShares, "otherCores"))}`,
  `endpoint sequential vs re-import pattern               ${ratio("poolSequential", "reimport").toFixed(2)}× (best round ${bestRatio("poolSequential", "reimport").toFixed(2)}×)`,
  "Web build on Node (WebCrypto only, as on Deno, Bun and workerd)",
  `createFlowEndpoint, sequential                         ${pick("webSequential").toFixed(0).padStart(6)} /s   ${ratio("webSequential", "raw").toFixed(2)}× raw (best round ${bestRatio("webSequential", "raw").toFixed(2)}×)`,
  `createFlowEndpoint, 8 in flight                        ${pick("webInFlight8").toFixed(0).padStart(6)} /s   ${ratio("webInFlight8", "raw").toFixed(2)}× raw (best round ${bestRatio("webInFlight8", "raw").toFixed(2)}×)`,
  `  CPU meanwhile: this process ${cores(shareOf(webShares, "processCores"))} (main thread busy ${(shareOf(webShares, "mainThreadBusy") * 100).toFixed(0)}%), other processes ${cores(shareOf(webShares, "otherCores"))}`,
  `endpoint sequential vs re-import pattern               ${ratio("webSequential", "reimport").toFixed(2)}× (best round ${bestRatio("webSequential", "reimport").toFixed(2)}×)`,
  "",
  `WebCrypto RSA-OAEP alone, 8 in flight, one CryptoKey   ${webRsa8OneKey.toFixed(0).padStart(6)} /s   ${ratio("webRsa8OneKey", "raw").toFixed(2)}× raw (best round ${bestRatio("webRsa8OneKey", "raw").toFixed(2)}×)`,
  `  CPU meanwhile: this process ${cores(shareOf(rsaOneKeyShares, "processCores"))}, other processes ${cores(shareOf(rsaOneKeyShares, "otherCores"))}`,
  `WebCrypto RSA-OAEP alone, 8 in flight, 4 key imports   ${webRsa8.toFixed(0).padStart(6)} /s   ${ratio("webRsa8", "raw").toFixed(2)}× raw (best round ${bestRatio("webRsa8", "raw").toFixed(2)}×)`,
  `  CPU meanwhile: this process ${cores(shareOf(rsaShares, "processCores"))}, other processes ${cores(shareOf(rsaShares, "otherCores"))}`,
  `re-import key per request (node:crypto, Meta sample)   ${reimport.toFixed(0).padStart(6)} /s   ${ratio("raw", "reimport").toFixed(2)}× slower than raw`,
  `re-import key per request, 8 in flight                 ${pick("reimport8").toFixed(0).padStart(6)} /s   ${ratio("raw", "reimport8").toFixed(2)}× slower than raw`,
  `(medians of ${ROUNDS} interleaved rounds of ${PHASE_MS} ms per phase; load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0]?.toFixed(2)} at end)`,
  "",
  "CPU per sequential request, all threads (independent of how the machine is shared; raw / endpoint = the sequential ratio on an idle machine at best):",
  `  raw RSA-OAEP decrypt                                   ${us(cpuRaw)}`,
  `  Node build                                             ${us(cpuNode)}   ${(cpuRaw / cpuNode).toFixed(2)}×`,
  `  Node build, RSA always on the threadpool               ${us(cpuNodePool)}   ${(cpuRaw / cpuNodePool).toFixed(2)}×`,
  `  web build                                              ${us(cpuWeb)}   ${(cpuRaw / cpuWeb).toFixed(2)}×`,
  `  re-import key per request (Meta sample)                ${us(cpuReimport)}   ${(cpuRaw / cpuReimport).toFixed(2)}×; Node build uses ${(cpuReimport / cpuNode).toFixed(2)}× less`,
  "CPU per request, 8 in flight, all threads (the same concurrency for each):",
  `  raw RSA-OAEP decrypt                                   ${us(cpuRaw8)}`,
  `  Node build                                             ${us(cpuNode8)}   ${(cpuRaw8 / cpuNode8).toFixed(2)}×`,
  `  re-import key per request (Meta sample)                ${us(cpuReimport8)}   ${(cpuRaw8 / cpuReimport8).toFixed(2)}×; Node build uses ${(cpuReimport8 / cpuNode8).toFixed(2)}× less`,
  "",
  `web build: one sequential request through the endpoint: ${us(1e6 / bestRound("webSequential")).trim()} in the best round of the phases above; timed alone (best of ${ROUNDS}):`,
  `  ${"".padEnd(58)}       wall  main-thread CPU`,
  `  ${"whole request: Request → createFlowEndpoint → reply text".padEnd(58)} ${us(wholeRequest.wall)} ${cpuText(wholeRequest.cpu)}`,
  ...costs.map(([name, cost]) => `  ${name.padEnd(58)} ${us(cost.wall)} ${cpuText(cost.cpu)}`),
  `  ${"rest: the endpoint's own code, promise and threadpool hand-offs".padEnd(58)} ${us(Math.max(0, wholeRequest.wall - parted))} ${wholeRequest.cpu === undefined ? "     n/a" : us(Math.max(0, wholeRequest.cpu - partedCpu))}`,
  `  (decryptFlowRequest alone ${us(fullDecrypt.wall).trim()}, encryptFlowResponse alone ${us(fullEncrypt.wall).trim()})`,
  `  the five WebCrypto calls alone take ${us(webCryptoFloor).trim()}: no WebCrypto endpoint answers faster than ${(1e6 / webCryptoFloor / raw).toFixed(2)}× raw sequentially here`,
];
console.log(lines.join("\n"));
