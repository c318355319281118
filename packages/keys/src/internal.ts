// `@d360-messaging/keys/internal`: the pieces every package of this repository shares, in one
// home. keys is the one package all the others may import (ARCHITECTURE: client, flows and
// mock-server → keys; keys → nothing), and these pieces need nothing but the Web platform, so
// keys gains no dependency. Not part of the documented API (no README section, not in the API
// docs); it follows the package's version like everything else, because the other packages
// depend on it by version range.

export type { Base64DecodeOptions } from "./internal/base64.js";
export { decodeBase64, encodeBase64 } from "./internal/base64.js";
export { type ReadStop, readBounded } from "./internal/body.js";
export { brand, isBranded } from "./internal/brand.js";
export { concatBytes } from "./internal/bytes.js";
export { API_KEY_HEADER, REDACTED } from "./internal/redact.js";
export { sleep } from "./internal/sleep.js";
