// One of the processes of the multi-process test (test/sender-redis.test.ts): sends its share of
// messages through a sender whose budget is in Redis, then prints its totals as JSON.
// argv: <api url> <redis url> <first index> <count> <rate> <burst>
import { createClient } from "redis";
import { createD360Client } from "../../src/index.js";
import { createRedisRateStore } from "../../src/redis/index.js";
import { createSender } from "../../src/sender/index.js";

const [url, redisUrl, first, count, rate, burst] = process.argv.slice(2);
const redis = await createClient({ url: redisUrl }).connect();
const client = createD360Client({
  apiKey: "child-key",
  baseUrl: url,
  retry: 0,
  // When the request leaves this process, for the server to compare with its arrival time.
  fetch: (request, init) => {
    request.headers.set("x-sent-at", String(performance.timeOrigin + performance.now()));
    return fetch(request, init);
  },
});
const sender = createSender({
  client,
  rate: Number(rate),
  burst: Number(burst),
  pairInterval: 0,
  store: createRedisRateStore({ client: redis }),
  limitKey: "number-1",
});
for (let i = Number(first); i < Number(first) + Number(count); i++) {
  sender.add(
    { messaging_product: "whatsapp", to: `49${i}`, type: "text", text: { body: `m${i}` } },
    { key: `k${i}` },
  );
}
const totals = await sender.close();
await redis.quit();
process.stdout.write(`${JSON.stringify(totals)}\n`);
