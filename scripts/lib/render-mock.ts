import { isJsonObject, type JsonObject } from "./json.js";
import { header, type SpecStamp } from "./render.js";

/**
 * packages/mock-server/src/generated/spec.ts: the effective spec's paths and components, which
 * the mock answers every operation without hand-written behaviour from (it runs on Workers too,
 * so the document is compiled in rather than read from a file).
 */
export function renderMockSpec(spec: JsonObject, stamp: SpecStamp): string {
  const document = {
    paths: isJsonObject(spec.paths) ? spec.paths : {},
    components: isJsonObject(spec.components) ? spec.components : {},
  };
  return `${header(stamp)}
import type { SpecDocument } from "../spec/document.js";

/** The paths and components of the spec this package was generated from (spec/openapi.json). */
export const SPEC: SpecDocument = ${JSON.stringify(document, null, 2)};
`;
}
