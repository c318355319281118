// SLOW, NETWORK: packs the five workspace packages with pnpm and installs the cli tarball into a
// fresh Yarn 4 Plug'n'Play project, whose other dependencies (openapi-fetch, hono, …) come from
// the npm registry. Yarn's PnP replaces `fs` with its own implementation, where
// `FileHandle#sync()` throws "Method not implemented"; `yarn d360 keygen` must work there.
// About 30 s on two shared cores; it runs in `pnpm test` like every other test. The registry is
// reached with the environment's CA and proxy settings, which packages/cli/turbo.json passes through.
import { execFile } from "node:child_process";
import { createPrivateKey, createPublicKey } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { capture, expectNoSecretsInOutput, PASSPHRASE, type Run } from "./helpers.js";

const YARN = createRequire(import.meta.url).resolve("@yarnpkg/cli-dist/bin/yarn.js");
const PACKAGES = fileURLToPath(new URL("../../", import.meta.url));
const WORKSPACE = ["types", "keys", "client", "mock-server", "webhooks", "cli"] as const;
const STEP_TIMEOUT_MS = 300_000;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout: STEP_TIMEOUT_MS }, (error, stdout, stderr) => {
      const result = {
        code: error ? (typeof error.code === "number" ? error.code : 1) : 0,
        signal: null,
        stdout,
        stderr,
      };
      resolve(result);
    });
  });
}

const root = mkdtempSync(join(tmpdir(), "d360-cli-pnp-"));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  expectNoSecretsInOutput();
});

describe("under Yarn 4 Plug'n'Play (packed tarballs; dependencies from the npm registry)", () => {
  it(
    "yarn d360 keygen writes both key files, also with a passphrase and --force",
    async () => {
      const tarballs = join(root, "tarballs");
      mkdirSync(tarballs);
      for (const name of WORKSPACE) {
        const packed = await run(
          "pnpm",
          ["pack", "--pack-destination", tarballs],
          join(PACKAGES, name),
          process.env,
        );
        expect(packed.code, packed.stderr).toBe(0);
      }
      const tarball = (name: string) =>
        `file:${join(tarballs, readdirSync(tarballs).find((file) => file.startsWith(`d360-messaging-${name}-`)) as string)}`;
      const project = join(root, "project");
      mkdirSync(project);
      writeFileSync(
        join(project, "package.json"),
        JSON.stringify({
          name: "pnp-consumer",
          private: true,
          dependencies: { "@d360-messaging/cli": tarball("cli") },
          // The cli's dependencies on the other packages resolve to their tarballs too.
          resolutions: Object.fromEntries(
            WORKSPACE.filter((name) => name !== "cli").map((name) => [
              `@d360-messaging/${name}`,
              tarball(name),
            ]),
          ),
        }),
      );
      writeFileSync(
        join(project, ".yarnrc.yml"),
        "nodeLinker: pnp\nenableGlobalCache: false\nenableTelemetry: false\n",
      );
      writeFileSync(join(project, "yarn.lock"), "");
      // The developer's environment as it is (a registry mirror or a proxy's CA lives there).
      const env = {
        ...process.env,
        // CI=true makes Yarn refuse to write a lockfile; this project starts without one.
        YARN_ENABLE_IMMUTABLE_INSTALLS: "false",
        KEY_PASS: PASSPHRASE,
      };
      const install = await run(process.execPath, [YARN, "install"], project, env);
      expect(install.code, install.stdout).toBe(0);
      // Really Plug'n'Play: a .pnp.cjs and no node_modules.
      expect(readdirSync(project)).toContain(".pnp.cjs");
      expect(readdirSync(project)).not.toContain("node_modules");

      const keygen = await run(
        process.execPath,
        [YARN, "d360", "keygen", "--out", "keys", "--json"],
        project,
        env,
      );
      capture(keygen);
      expect(keygen.stderr).toBe("");
      expect(keygen.code).toBe(0);
      const keys = join(project, "keys");
      expect(readdirSync(keys).sort()).toEqual(["private.pem", "public.pem"]);
      expect(statSync(join(keys, "private.pem")).mode & 0o777).toBe(0o600);

      const forced = await run(
        process.execPath,
        [YARN, "d360", "keygen", "--out", "keys", "--force", "--passphrase-env", "KEY_PASS"],
        project,
        env,
      );
      capture(forced);
      expect(forced.code, forced.stderr).toBe(0);
      expect(readdirSync(keys).sort()).toEqual(["private.pem", "public.pem"]);
      // OpenSSL (through node:crypto) reads the new pair: the private key's public half is public.pem.
      const privateKey = createPrivateKey({
        key: readFileSync(join(keys, "private.pem"), "utf8"),
        passphrase: PASSPHRASE,
      });
      expect(createPublicKey(privateKey).export({ type: "spki", format: "pem" })).toBe(
        readFileSync(join(keys, "public.pem"), "utf8"),
      );
    },
    4 * STEP_TIMEOUT_MS,
  );
});
