import type { NetworkErrorCode } from "@d360-messaging/client";

/** What a network failure was, in a few words, and the one thing to do, per the client's code. */
interface Cause {
  /** "connection refused", for a progress line. */
  short: string;
  /** The same with its explanation, as it follows "Could not reach https://…: ". */
  what: string;
  hint: string;
}

// From the client's typed `NetworkError.code`: d360 never reads another package's message.
const CAUSES: Record<NetworkErrorCode, Cause> = {
  connection_refused: {
    short: "connection refused",
    what: "connection refused — nothing listens at that address and port",
    hint: "Check the port in --base-url or D360_BASE_URL; for a local mock, is d360 mock still running?",
  },
  dns: {
    short: "DNS name not found",
    what: "DNS name not found",
    hint: "Check the host name in --base-url or D360_BASE_URL, and that this machine can resolve names (network, VPN, DNS).",
  },
  connection_reset: {
    short: "connection reset before an answer arrived",
    what: "connection reset before an answer arrived",
    hint: "Something closed the connection (the server, a firewall or a proxy). Run the command again; if it keeps happening, check the network path.",
  },
  unreachable: {
    short: "network unreachable",
    what: "network unreachable",
    hint: "This machine has no route to that host: check the network connection (Wi-Fi, VPN, firewall).",
  },
  tls: {
    short: "TLS failure",
    what: "TLS failure — the secure connection could not be set up or its certificate was not trusted",
    hint: "Check that --base-url is the https URL of the API; behind a TLS-inspecting proxy, point NODE_EXTRA_CA_CERTS at the proxy's CA certificate file.",
  },
  proxy: {
    short: "proxy failure",
    what: "proxy failure — the proxy refused or could not open the connection",
    hint: "Check HTTPS_PROXY / HTTP_PROXY (host, port, credentials), or let this host bypass the proxy with NO_PROXY.",
  },
  timeout: {
    short: "timed out while connecting",
    what: "timed out while connecting",
    hint: "Run the command again; on a slow network raise --timeout SECONDS.",
  },
  body_truncated: {
    short: "the answer was cut off before it was complete",
    what: "the answer was cut off before it was complete",
    hint: "Run the command again; if it keeps happening, check the network path (a proxy or firewall may cut long answers).",
  },
  other: {
    short: "no answer",
    what: "no answer — the platform gave no reason",
    hint: "Check your network connection and --base-url or D360_BASE_URL.",
  },
};

/**
 * The cause and the advice for a network failure, mentioning the proxy when the request went
 * through one. (A refused connection or an unknown name through a proxy is the proxy's own:
 * errors.ts says so in its own words.)
 */
export function networkCause(code: NetworkErrorCode, proxy: string | undefined): Cause {
  const cause = CAUSES[code] ?? CAUSES.other;
  if (proxy === undefined || code === "proxy") return cause;
  // A connection that times out may be the proxy's as well as the API's.
  if (code === "timeout")
    return {
      short: cause.short,
      what: cause.what,
      hint: `${cause.hint} Requests go through the proxy ${proxy}: check it too, or bypass it with NO_PROXY.`,
    };
  return cause;
}
