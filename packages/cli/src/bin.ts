#!/usr/bin/env node
import { main } from "./main.js";

// A reader that went away (`d360 key get | head -1`) is not an error of ours: the rest of the
// output is dropped and the command ends as it would have, without a stack trace. Node ignores
// SIGPIPE, so a closed pipe surfaces as an EPIPE 'error' event on the stream instead.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });

process.exitCode = await main(process.argv.slice(2));
