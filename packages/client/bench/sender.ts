// `pnpm --filter @d360-messaging/client bench` (and the root `pnpm bench`): the sender against
// the mock over loopback, one run. Not a test: the numbers depend on the machine.
//
// The mock (@d360-messaging/mock-server) enforces 500 messages/s for the number (130429 beyond)
// and Meta's pair limit (131056), and records every message it accepted. Faults, 5% of requests
// each: the answer cut after the message was recorded (a reset: a client that sends again makes
// a duplicate), an upstream 502, and a slow answer past the client's timeout (the message is
// recorded late). 10,000 messages to 2,000 recipients.
//
// Then memory: 100,000 messages queued at once (at 1 message/s, so they stay pending), the heap
// after a forced GC. Run with --expose-gc (the package script does).
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createD360Client } from "../src/index.js";
import { createSender, type Sender, type SendResult } from "../src/sender/index.js";
import { startMessagesServer } from "../test/support/messages-server.js";
import { seeded } from "../test/support/seeded.js";

const LIMIT = 500;
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const RECIPIENTS = 2_000;
const FAULTS = Number(process.env.BENCH_FAULTS ?? 0.05);
const API_KEY = "bench-sender-key";
// The client's per-attempt timeout; the slow-answer fault waits past it.
const TIMEOUT = 5_000;

// The sender settings of both throughput runs.
const PACING = {
  // A little under the limit: the budget bounds when requests leave; loopback and a busy event
  // loop can bunch a few on arrival.
  rate: LIMIT * 0.98,
  burst: 5,
  // Slow answers hold a slot for the whole timeout: 5% of 500/s for 5 s is 125 slots.
  concurrency: 256,
  // Meta lets a recipient's burst borrow from later (the mock: 45 in 6 s); 5 messages each.
  pairBurst: 5,
} as const;

/** The workload of both throughput runs: MESSAGES texts to RECIPIENTS recipients, keyed `<prefix>-<i>`. */
function addMessages(sender: Sender, prefix: string): void {
  for (let i = 0; i < MESSAGES; i++) {
    sender.add(
      {
        messaging_product: "whatsapp",
        to: `4917${String(i % RECIPIENTS).padStart(6, "0")}`,
        type: "text",
        text: { body: `Reminder ${i}` },
      },
      { key: `${prefix}-${i}` },
    );
  }
}

/** The mock in a child process (bench/mock-child.ts), driven over IPC. */
async function startMock() {
  const child = fork(
    fileURLToPath(new URL("./mock-child.ts", import.meta.url)),
    [API_KEY, String(LIMIT), String(FAULTS), "23"],
    {
      execArgv: ["--import", "tsx"],
    },
  );
  const next = () =>
    new Promise<Record<string, number | string>>((resolve) =>
      child.once("message", resolve as never),
    );
  const { url } = await next();
  return {
    url: String(url),
    fault: (fault: object) => child.send({ fault }),
    report: () => {
      child.send({ report: true });
      return next();
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.send({ close: true });
      }),
  };
}

async function throughput(): Promise<void> {
  const server = await startMock();
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

async function run(server: Awaited<ReturnType<typeof startMock>>): Promise<void> {
  const random = seeded(23);
  const answers: { at: number; status: number; refused: boolean }[] = [];
  // Faults the mock takes from its queue: queued just before a request goes out, so 5% of
  // requests meet each (with requests in flight, not always the one that queued it).
  const faulty: typeof fetch = (input, init) => {
    const roll = random();
    if (roll < FAULTS) server.fault({ method: "POST", path: "/messages", status: 502 });
    else if (roll < 2 * FAULTS)
      server.fault({ method: "POST", path: "/messages", delayMs: TIMEOUT + 1_000 });
    const sentAt = Date.now();
    return fetch(input as Request, init).then(async (response) => {
      answers.push({
        at: sentAt,
        status: response.status,
        refused: response.status === 400 && /130429/.test(await response.clone().text()),
      });
      return response;
    });
  };
  const client = createD360Client({
    apiKey: API_KEY,
    baseUrl: server.url,
    fetch: faulty,
    retry: 0,
    timeout: TIMEOUT,
  });
  const results: SendResult[] = [];
  const sender = createSender({ client, ...PACING, onResult: (r) => results.push(r) });
  const start = performance.now();
  addMessages(sender, "bench");
  const totals = await sender.close();
  const seconds = (performance.now() - start) / 1000;
  // Let the slow answers land (their messages are recorded late) before counting.
  await new Promise((resolve) => setTimeout(resolve, TIMEOUT));
  const mock = await server.report();
  const accepted = Number(mock.accepted);
  const span = (Number(mock.last) - Number(mock.first)) / 1000;
  // The share of 130429 answers among requests sent after the first second.
  const sendStart = answers[0]?.at ?? 0;
  const later = answers.filter((a) => a.at >= sendStart + 1_000);
  const refusedLater = later.filter((a) => a.refused).length;
  const refused = answers.filter((a) => a.refused).length;
  const byStatus = (s: SendResult["status"]) => results.filter((r) => r.status === s).length;
  const rows: [string, string][] = [
    ["messages", String(MESSAGES)],
    ["wall time", `${seconds.toFixed(1)} s`],
    [
      "achieved rate / limit",
      `${(accepted / span / LIMIT).toFixed(3)} (${accepted} accepted over ${span.toFixed(1)} s at the mock)`,
    ],
    ["duplicates (mock)", String(mock.duplicates)],
    [
      "accounted",
      `${totals.sent} sent + ${totals.failed} failed + ${totals.unknown} unknown = ${totals.sent + totals.failed + totals.unknown} (results: ${byStatus("sent")}/${byStatus("failed")}/${byStatus("outcome_unknown")})`,
    ],
    [
      "answered requests",
      `${answers.length} (${[...new Set(answers.map((a) => a.status))]
        .map((status) => `${status}: ${answers.filter((a) => a.status === status).length}`)
        .join(", ")})`,
    ],
    [
      "130429 / answers",
      `${(refused / answers.length).toFixed(4)} (${refused} of ${answers.length})`,
    ],
    [
      "130429 / answers after 1 s",
      `${(refusedLater / Math.max(1, later.length)).toFixed(4)} (${refusedLater} of ${later.length})`,
    ],
  ];
  console.log("\nSender vs mock: 500/s limit, 5% faults of each kind");
  for (const [name, value] of rows) console.log(`  ${name.padEnd(30)} ${value}`);
}

async function memory(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    console.log("\nMemory: run with node --expose-gc to measure");
    return;
  }
  const client = createD360Client({
    apiKey: API_KEY,
    retry: 0,
    fetch: async () => Response.json({ messages: [{ id: "wamid.m" }] }),
  });
  const sender = createSender({ client, rate: 1, burst: 1 });
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const marks: string[] = [];
  for (let i = 1; i <= 100_000; i++) {
    sender.add({
      messaging_product: "whatsapp",
      to: `4917${String(i).padStart(7, "0")}`,
      type: "text",
      text: { body: `Reminder ${i}` },
    });
    if (i % 25_000 === 0) {
      gc();
      const used = process.memoryUsage().heapUsed;
      peak = Math.max(peak, used);
      marks.push(`${i / 1000}k: ${((used - base) / 2 ** 20).toFixed(1)} MiB`);
    }
  }
  const totals = await sender.abort();
  console.log("\nMemory with 100,000 pending messages (heap after GC, above the empty sender)");
  console.log(`  ${marks.join(", ")}`);
  console.log(
    `  peak ${((peak - base) / 2 ** 20).toFixed(1)} MiB, ${Math.round((peak - base) / 100_000)} B per pending message (its body included); ${totals.notAttempted} reported not_attempted on abort`,
  );
}

/**
 * The same run against the small enforcing server of the tests (test/support/messages-server.ts)
 * in this process: no JSON Schema validation per message, so it shows what the sender reaches
 * when the server is not the bottleneck. Faults after recording, 5% each: reset, response cut
 * mid-body, 502. Its limit is a GCRA of 500/s with a burst of 10.
 */
async function throughputLight(): Promise<void> {
  const server = await startMessagesServer({ limit: LIMIT, burst: 10, faults: FAULTS, seed: 23 });
  try {
    const client = createD360Client({
      apiKey: API_KEY,
      baseUrl: server.url,
      retry: 0,
      timeout: TIMEOUT,
    });
    const sender = createSender({ client, ...PACING });
    addMessages(sender, "light");
    const totals = await sender.close();
    const accepted = server.arrivals.filter((a) => a.answer !== 130429 && a.answer !== 131056);
    const span = ((accepted.at(-1)?.at ?? 0) - (accepted[0]?.at ?? 0)) / 1000;
    const start = server.arrivals[0]?.at ?? 0;
    const later = server.arrivals.filter((a) => a.at >= start + 1_000);
    const refusedLater = later.filter((a) => a.answer === 130429).length;
    console.log(
      "\nSender vs the tests' light server in process: 500/s, 5% reset / cut / 502 after recording",
    );
    for (const [name, value] of [
      [
        "achieved rate / limit",
        `${(accepted.length / span / LIMIT).toFixed(3)} (${accepted.length} accepted over ${span.toFixed(1)} s)`,
      ],
      ["duplicates", String(server.duplicates())],
      [
        "accounted",
        `${totals.sent} sent + ${totals.failed} failed + ${totals.unknown} unknown = ${totals.sent + totals.failed + totals.unknown}`,
      ],
      [
        "130429 / requests after 1 s",
        `${(refusedLater / Math.max(1, later.length)).toFixed(4)} (${refusedLater} of ${later.length})`,
      ],
    ] as const)
      console.log(`  ${name.padEnd(30)} ${value}`);
  } finally {
    await server.close();
  }
}

await throughput();
await throughputLight();
await memory();
