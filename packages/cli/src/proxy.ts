// Which proxy a request goes through, read from the environment as curl reads it. d360 decides
// this itself (and hands undici a ProxyAgent for that one proxy, or nothing) so that an error can
// name exactly the proxy that was used: undici's EnvHttpProxyAgent makes the same choice inside,
// where it cannot be asked.
import { UsageError } from "./errors.js";
import type { Io } from "./io.js";

/** The proxy requests to one URL go through. */
export interface Proxy {
  /** The variable it was read from, as spelled in the environment: `HTTPS_PROXY`, `http_proxy`. */
  variable: string;
  /** Where to connect, credentials included: for the dispatcher only, never printed. */
  url: string;
  /** `http://proxy.internal:3128`: scheme, host and port, never credentials. */
  shown: string;
}

/**
 * The value of `name`, lower-case spelling first: "The lower case version has precedence"
 * (curl(1), ENVIRONMENT, https://curl.se/docs/manpage.html#ENVIRONMENT). An empty value counts
 * as unset, as it does for curl and undici.
 */
function variable(env: Io["env"], name: string): { name: string; value: string } | undefined {
  for (const spelling of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[spelling];
    if (value !== undefined && value.trim() !== "") return { name: spelling, value: value.trim() };
  }
  return undefined;
}

/** curl's port for a proxy given without one (CURLOPT_PROXY, https://curl.se/libcurl/c/CURLOPT_PROXY.html). */
const CURL_DEFAULT_PROXY_PORT = "1080";

/**
 * A proxy variable's value as a URL. `proxy.internal:3128` (no scheme) is an HTTP proxy, as curl
 * takes it: "http:// HTTP Proxy. Default when no scheme or proxy type is specified", and without a
 * port curl's 1080 (https://curl.se/libcurl/c/CURLOPT_PROXY.html). A value that is not a URL is a
 * usage error that names the variable and never shows the value: it may hold a password.
 */
export function parseProxy(name: string, raw: string): Proxy {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
  const refuse = (why: string) =>
    new UsageError(`${name} is not a usable proxy URL: ${why} (its value is not shown).`, {
      hint: `Set ${name} to http://HOST:PORT (or HOST:PORT, or http://USER:PASSWORD@HOST:PORT), or unset it to connect directly.`,
    });
  let url: URL;
  try {
    url = new URL(hasScheme ? raw : `http://${raw}`);
  } catch {
    throw refuse("it cannot be read as HOST:PORT or a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw refuse("d360 speaks to http:// and https:// proxies only");
  if (url.hostname === "") throw refuse("it names no host");
  if (!hasScheme && url.port === "") url.port = CURL_DEFAULT_PROXY_PORT;
  return { variable: name, url: url.href, shown: `${url.protocol}//${url.host}` };
}

/** `NO_PROXY` entries, as curl and undici read them: `host`, `.domain`, `*.domain`, `host:port`, `*`. */
function bypassed(noProxy: string, target: URL): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = target.port === "" ? (target.protocol === "https:" ? 443 : 80) : Number(target.port);
  for (const entry of noProxy.split(/[,\s]+/)) {
    if (entry === "") continue;
    if (entry === "*") return true;
    const withPort = /^(.+):(\d+)$/.exec(entry);
    const before = withPort?.[1] ?? "";
    // A bare IPv6 address (::1) has colons but no port; one with a port is in brackets.
    const [name, entryPort] =
      withPort !== null && (!before.includes(":") || before.startsWith("["))
        ? [before, Number(withPort[2])]
        : [entry, undefined];
    if (entryPort !== undefined && entryPort !== port) continue;
    const domain = name
      .replace(/^\[|\]$/g, "")
      .replace(/^\*?\./, "")
      .toLowerCase();
    // "a domain name which contains the hostname, or the hostname itself" (curl(1), NO_PROXY).
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/**
 * The proxy requests to `target` go through, or `undefined` to connect directly: `HTTPS_PROXY`
 * for an https URL (else `HTTP_PROXY`, as undici's EnvHttpProxyAgent falls back), `HTTP_PROXY`
 * for an http URL, none for a host in `NO_PROXY`.
 * @throws UsageError when the variable that applies cannot be read as a proxy URL.
 */
export function proxyFor(env: Io["env"], target: URL): Proxy | undefined {
  const noProxy = variable(env, "NO_PROXY");
  if (noProxy !== undefined && bypassed(noProxy.value, target)) return undefined;
  const chosen =
    target.protocol === "https:"
      ? (variable(env, "HTTPS_PROXY") ?? variable(env, "HTTP_PROXY"))
      : variable(env, "HTTP_PROXY");
  return chosen === undefined ? undefined : parseProxy(chosen.name, chosen.value);
}

/** {@link proxyFor} for an error report: never throws (a bad value was reported before). */
export function proxyForReport(env: Io["env"], url: string): Proxy | undefined {
  try {
    return proxyFor(env, new URL(url));
  } catch {
    return undefined;
  }
}
