// node --env-file=.env --import tsx express/main.ts
import { createApp } from "./app.js";

const port = Number(process.env.PORT ?? 3000);
createApp({
  privateKey: process.env.FLOWS_PRIVATE_KEY ?? "",
  passphrase: process.env.FLOWS_PRIVATE_KEY_PASSPHRASE,
  appSecret: process.env.META_APP_SECRET,
}).listen(port, () => console.log(`Flows endpoint on http://localhost:${port}/flows`));
