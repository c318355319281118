/**
 * The exit codes of `d360`, one per kind of outcome, so that scripts can branch on them.
 *
 * @example
 * ```sh
 * d360 doctor --private-key private.pem
 * case $? in 0) echo ok ;; 1) echo "fix the key" ;; 2) echo "fix the command" ;; 3) echo "retry later" ;; esac
 * ```
 */
export const ExitCode = {
  /** Everything worked and every check passed. */
  OK: 0,
  /** The command ran, but a check failed: `doctor` found a problem, or `key get` found no key uploaded. */
  CHECK_FAILED: 1,
  /** The command line or its input is wrong: unknown flag, missing file, a key that is refused, missing API key. Retrying the same command will not help. */
  USAGE: 2,
  /** The 360dialog API (or the network to it) failed: wrong API key, HTTP error, timeout, unreachable host. */
  API: 3,
  /** A bug in d360 itself (sysexits' EX_SOFTWARE); the message asks for a report. */
  INTERNAL: 70,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
