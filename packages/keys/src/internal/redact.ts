/**
 * The header that carries the 360dialog API key (vendor spec: `securitySchemes.D360-API-KEY`,
 * `in: header`). HTTP header names are case-insensitive; `Headers` stores them lower-case.
 */
export const API_KEY_HEADER = "D360-API-KEY";

/**
 * What stands in for a secret wherever one would be shown: a request header, a recorded
 * request, a line of output (octokit's `RequestError` uses the same marker).
 */
export const REDACTED = "[REDACTED]";
