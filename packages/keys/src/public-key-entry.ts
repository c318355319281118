// Entry of the `@d360-messaging/keys/public-key` subpath: `parsePublicKey` alone. A dynamic
// `import()` of the main entry takes all of it (bundlers cannot tree-shake a namespace loaded at
// run time), private-key import and generation included; the client loads only this on its
// first key upload. Parsing is the same code in the web and Node builds, so one entry serves both.
export { type PublicKeyInfo, parsePublicKey } from "./public-key.js";
