/**
 * The one naming rule for documents stored under spec/upstream/, shared by `spec:update` (files)
 * and `spec:fetch` (pages), so that switching commands never renames a stored document:
 *
 * - a document with one operation: its operationId (`get-media-attachments.json`), as the
 *   vendor publishes one document per operation;
 * - with several operations: the first operationId (path, then method order) and how many more
 *   (`get-media-url+2.json`);
 * - with none (components only): its `info.title`, or `document`.
 *
 * Characters other than letters, digits, `.`, `_` and `-` become `-`. JSON documents end in
 * `.json`, YAML ones in `.yaml` (a `.yml` input too).
 */
import { isJsonObject, type JsonObject } from "./json.js";
import { operationIds } from "./operations.js";

/** A file-name-safe form of a name. */
export function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|-+$/g, "");
}

/** The file name a document is stored under in spec/upstream/ (the rule above). */
export function storedName(document: JsonObject, format: "json" | "yaml"): string {
  const ids = operationIds(document).map(slug).filter(Boolean);
  const title = isJsonObject(document.info) ? document.info.title : undefined;
  const base =
    ids.length === 1
      ? ids[0]
      : ids.length > 1
        ? `${ids[0]}+${ids.length - 1}`
        : (typeof title === "string" && slug(title)) || "document";
  return `${base}.${format}`;
}
