// Which proxy applies to a URL, read from the environment as curl reads it (src/proxy.ts).
import { describe, expect, it } from "vitest";
import { UsageError } from "../src/errors.js";
import { proxyFor } from "../src/proxy.js";

const API = new URL("https://waba-v2.360dialog.io");
const LOCAL = new URL("http://127.0.0.1:4010");

describe("proxyFor", () => {
  it("HTTPS_PROXY for an https URL, falling back to HTTP_PROXY; only HTTP_PROXY for http", () => {
    expect(proxyFor({ HTTPS_PROXY: "http://a:1", HTTP_PROXY: "http://b:2" }, API)?.shown).toBe(
      "http://a:1",
    );
    expect(proxyFor({ HTTP_PROXY: "http://b:2" }, API)?.variable).toBe("HTTP_PROXY");
    expect(proxyFor({ HTTPS_PROXY: "http://a:1" }, LOCAL)).toBeUndefined();
    expect(proxyFor({ HTTPS_PROXY: "http://a:1", HTTP_PROXY: "" }, LOCAL)).toBeUndefined();
  });

  it("the lower-case spelling wins, as for curl", () => {
    const proxy = proxyFor({ https_proxy: "http://lower:1", HTTPS_PROXY: "http://upper:2" }, API);
    expect(proxy).toMatchObject({ variable: "https_proxy", shown: "http://lower:1" });
  });

  it("HOST:PORT and HOST without a scheme are http proxies; without a port curl's 1080", () => {
    expect(proxyFor({ HTTPS_PROXY: "proxy.internal:3128" }, API)?.url).toBe(
      "http://proxy.internal:3128/",
    );
    expect(proxyFor({ HTTPS_PROXY: "10.0.0.1:3128" }, API)?.url).toBe("http://10.0.0.1:3128/");
    expect(proxyFor({ HTTPS_PROXY: "proxy.internal" }, API)?.url).toBe(
      "http://proxy.internal:1080/",
    );
    expect(proxyFor({ HTTPS_PROXY: "user:pw@[::1]:3128" }, API)).toMatchObject({
      url: "http://user:pw@[::1]:3128/",
      shown: "http://[::1]:3128",
    });
    // With a scheme, the URL's own default port, as undici and Node read it.
    expect(proxyFor({ HTTPS_PROXY: "https://proxy.internal" }, API)?.shown).toBe(
      "https://proxy.internal",
    );
  });

  it("refuses what is not a proxy URL with a UsageError that names the variable only", () => {
    for (const value of [
      "http://[bad",
      "ftp://x:1",
      "socks5://x:1080",
      "host:99999",
      "http://:1",
    ]) {
      let thrown: unknown;
      try {
        proxyFor({ HTTPS_PROXY: value }, API);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, value).toBeInstanceOf(UsageError);
      expect((thrown as Error).message).toMatch(/^HTTPS_PROXY is not a usable proxy URL/);
      expect((thrown as UsageError).message + (thrown as UsageError).hint).not.toContain(value);
    }
  });

  it("NO_PROXY: host, .domain, *.domain, host:port, IPv6, * — as curl and undici read it", () => {
    const env = (noProxy: string) => ({
      HTTPS_PROXY: "http://p:1",
      HTTP_PROXY: "http://p:1",
      NO_PROXY: noProxy,
    });
    const direct = (noProxy: string, url: URL) => proxyFor(env(noProxy), url) === undefined;
    expect(direct("360dialog.io", API)).toBe(true);
    expect(direct(".360dialog.io", API)).toBe(true);
    expect(direct("*.360dialog.io", API)).toBe(true);
    expect(direct("dialog.io", API)).toBe(false);
    expect(direct("waba-v2.360dialog.io:443", API)).toBe(true);
    expect(direct("waba-v2.360dialog.io:8443", API)).toBe(false);
    expect(direct("localhost, 127.0.0.1", LOCAL)).toBe(true);
    expect(direct("127.0.0.1:4010", LOCAL)).toBe(true);
    expect(direct("127.0.0.1:80", LOCAL)).toBe(false);
    expect(direct("::1", new URL("http://[::1]:4010"))).toBe(true);
    expect(direct("[::1]:4010", new URL("http://[::1]:4010"))).toBe(true);
    expect(direct("*", API)).toBe(true);
    expect(direct("", API)).toBe(false);
    // A NO_PROXY'd host never reads the proxy variable, so a bad one does not matter there.
    expect(proxyFor({ HTTPS_PROXY: "http://[bad", NO_PROXY: "*" }, API)).toBeUndefined();
  });
});
