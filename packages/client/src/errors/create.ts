import { ApiError, type ApiErrorFields, RateLimitError } from "./ApiError.js";
import { classify, vendorDetail } from "./vendor.js";

/**
 * An {@link ApiError} with the vendor's table applied to its status and body: `kind` (unless
 * given), Meta's `code`, the vendor's message as `detail` and the table's hint after `reason`;
 * a {@link RateLimitError} when the table says it is a rate limit. The body must already be
 * scrubbed of the API key.
 */
export function createApiError(fields: ApiErrorFields, reason?: string): ApiError {
  const { message, code } = vendorDetail(fields.body);
  const { kind, hint } = classify(fields.status, { message, code });
  const full = {
    ...fields,
    kind: fields.kind ?? kind,
    code,
    detail: message ? excerpt(message, 200) : undefined,
  };
  const why = [reason, fields.kind ? "" : hint].filter(Boolean).join(". ");
  return new (full.kind === "rate_limit" ? RateLimitError : ApiError)(full, why);
}

/** At most `max` characters of `text`, whitespace collapsed (scrub secrets out of it first). */
export function excerpt(text: string, max: number): string {
  // Only the head is looked at: the collapse must not run over an unbounded server text.
  const flat = text
    .slice(0, max * 4)
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
