/**
 * `@d360-messaging/cli`: the `d360` command, also callable from a program.
 *
 * The commands' internals (parsing, output, the command table) are deliberately not exported:
 * the stable interfaces are `main`, the exit codes and the `--json` shapes.
 *
 * @packageDocumentation
 */
export type { DoctorCheck, DoctorPrivateKey, DoctorResult } from "./commands/doctor.js";
export type { KeyDeriveResult } from "./commands/key-derive.js";
export type { KeySetResult } from "./commands/key-set.js";
export type { KeygenResult } from "./commands/keygen.js";
export type { MockStarted } from "./commands/mock.js";
export type { ErrorReport } from "./errors.js";
export { ExitCode } from "./exit-codes.js";
export type { Io, Writer } from "./io.js";
export { main } from "./main.js";
export type { UploadedKey } from "./uploaded-key.js";
