// How long one import of an encrypted private key takes at a few PBKDF2 iteration counts, per
// HMAC, on this machine: the measurement behind MAX_PBKDF2_ITERATIONS. OpenSSL writes each key,
// so the numbers are for files as people have them. Run: pnpm --filter @d360-messaging/keys bench
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { performance } from "node:perf_hooks";
import { importPrivateKey, MAX_PBKDF2_ITERATIONS } from "../dist/index.node.js";

const PASSPHRASE = "bench-passphrase";
const ROUNDS = 5;
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const plain = privateKey.export({ type: "pkcs8", format: "pem" }).toString();

function encrypted(iterations: number, prf: string): string {
  return execFileSync(
    "openssl",
    ["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-v2prf", prf, "-iter", String(iterations)].concat([
      "-passout",
      "env:P",
    ]),
    { input: plain, env: { ...process.env, P: PASSPHRASE } },
  ).toString();
}

console.log(`PBKDF2 ceiling: ${MAX_PBKDF2_ITERATIONS} iterations; ${ROUNDS} imports each`);
console.log("iterations  HMAC     median ms  max ms");
for (const iterations of [100_000, MAX_PBKDF2_ITERATIONS, 1_000_000]) {
  for (const prf of ["hmacWithSHA1", "hmacWithSHA256", "hmacWithSHA512"]) {
    const pem = encrypted(iterations, prf);
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const start = performance.now();
      try {
        await importPrivateKey(pem, { passphrase: PASSPHRASE });
      } catch {
        // Above the ceiling the import is refused at once; the time shows that too.
      }
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(ROUNDS / 2)] ?? 0;
    const max = times[ROUNDS - 1] ?? 0;
    console.log(
      `${String(iterations).padStart(10)}  ${prf.slice(8).padEnd(7)}  ${median.toFixed(0).padStart(9)}  ${max.toFixed(0).padStart(6)}${iterations > MAX_PBKDF2_ITERATIONS ? "  (refused)" : ""}`,
    );
  }
}
