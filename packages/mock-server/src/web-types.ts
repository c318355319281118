// Web API types named without the DOM lib: the public .d.ts files must compile in a consumer
// whose tsconfig has no "DOM" in `lib` (@types/node declares `Headers`, not `HeadersInit`).

/** What `new Headers(init)` accepts: header pairs, a record of strings, or `Headers`. */
export type HeadersInit = ConstructorParameters<typeof Headers>[0];
