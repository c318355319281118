import { createServer } from "node:http";
import createClient from "openapi-fetch";

const { createD360Client } = await import(process.cwd() + "/dist/index.js");
const BODY = JSON.stringify({
  data: [{ business_public_key: "x".repeat(400), business_public_key_signature_status: "VALID" }],
});
const server = createServer((_q, s) => {
  s.writeHead(200, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(BODY),
  });
  s.end(BODY);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;
const PATH = "/whatsapp_business_encryption";
const which = process.argv[2];
const cl =
  which === "of"
    ? createClient({ baseUrl: base })
    : createD360Client({
        apiKey: "k",
        baseUrl: base,
        ...(which === "nt" ? { timeout: false } : {}),
      });
for (let i = 0; i < 500; i++) await cl.GET(PATH);
const t = performance.now();
for (let i = 0; i < 4000; i++) await cl.GET(PATH);
console.log(which, (((performance.now() - t) * 1000) / 4000).toFixed(1), "µs");
server.close();
server.closeAllConnections();
