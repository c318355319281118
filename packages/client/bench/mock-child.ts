// The mock for bench/sender.ts in a process of its own, so that its work (JSON Schema
// validation of every message) and the sender's do not share one event loop. Commands over IPC:
// { fault: FaultSpec } queues a fault; { report: true } answers with the counts.
import { startMockServer } from "@d360-messaging/mock-server/node";
import { seeded } from "../test/support/seeded.js";

const [apiKey, limit, faults, seed] = process.argv.slice(2);

const server = await startMockServer({
  apiKeys: [String(apiKey)],
  throughput: { perSecond: Number(limit) },
  cutResponses: { probability: Number(faults), random: seeded(Number(seed)), mode: "drop" },
  maxRecordedRequests: 100_000,
});

process.on("message", (command: { fault?: object; report?: boolean; close?: boolean }) => {
  if (command.fault) server.faults.enqueue(command.fault as never);
  if (command.report) {
    const accepted = server.handler.messages;
    process.send?.({
      accepted: accepted.length,
      first: accepted[0]?.at ?? 0,
      last: accepted.at(-1)?.at ?? 0,
      duplicates: server.handler.duplicates,
      cut: accepted.filter((m) => (m as { cut?: boolean }).cut).length,
    });
  }
  if (command.close) void server.close().then(() => process.exit(0));
});
process.send?.({ url: server.url });
