/** What every contestant gets; `baseUrl` undefined = over an in-memory stub for fetch. */
export interface Shared {
  baseUrl: string | undefined;
  path: string;
  apiKey: string;
  body: string;
  responseHeaders: Record<string, string>;
  requestHeaders: Record<string, string>;
}

/** The call one contestant makes, built once (see contestants.mjs). */
export function contestant(name: string, shared: Shared): () => Promise<unknown>;
