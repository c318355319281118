// One contestant of bench/bench.ts in a worker of its own: its own V8 isolate, so its own JIT
// feedback, its own copy of openapi-fetch and of the platform's fetch. In one shared isolate, the
// contestants' different calls into openapi-fetch and undici (a URL string here, a Request
// there) make those call sites polymorphic for all of them,
// which no application that uses one of them sees.
import { parentPort, workerData } from "node:worker_threads";
import { contestant } from "./contestants.mjs";

const call = contestant(workerData.name, workerData);
// Each message asks for one batch; the answer is its time per call in µs, measured here so that
// the message passing is not part of it.
parentPort.on("message", async (batch) => {
  const start = performance.now();
  for (let i = 0; i < batch; i++) await call();
  parentPort.postMessage(((performance.now() - start) * 1000) / batch);
});
parentPort.postMessage("ready");
