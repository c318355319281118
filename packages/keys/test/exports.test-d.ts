// Checked by tsc in the typecheck task (tsconfig.json includes test/): an expectTypeOf that does
// not hold is a type error there, so nothing here needs to run.
import { expectTypeOf } from "vitest";
import type * as webSource from "../src/index.js";
import type * as nodeSource from "../src/index.node.js";

// The two builds have identical signatures.
expectTypeOf<typeof nodeSource.importPrivateKey>().toEqualTypeOf<
  typeof webSource.importPrivateKey
>();
expectTypeOf<typeof nodeSource.derivePublicKey>().toEqualTypeOf<typeof webSource.derivePublicKey>();
expectTypeOf<typeof nodeSource.parsePublicKey>().toEqualTypeOf<typeof webSource.parsePublicKey>();
expectTypeOf<webSource.KeyFormatErrorCode>().toEqualTypeOf<nodeSource.KeyFormatErrorCode>();
expectTypeOf<typeof webSource.importPrivateKey>()
  .parameter(0)
  .toEqualTypeOf<string | Uint8Array | JsonWebKey | CryptoKey>();
expectTypeOf<typeof webSource.importPrivateKey>().returns.toEqualTypeOf<Promise<CryptoKey>>();
