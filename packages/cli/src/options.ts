import type { CommandSpec, OptionsConfig } from "./command.js";

/** Options every command takes. */
export const commonOptions = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const satisfies OptionsConfig;

/** Options of the commands that call the 360dialog API. */
export const apiOptions = {
  "api-key": { type: "string" },
  "base-url": { type: "string" },
} as const satisfies OptionsConfig;

/** Everything `command` accepts; its own options win (`mock` redefines --api-key as its test keys). */
export function optionsFor(command: CommandSpec): OptionsConfig {
  return { ...commonOptions, ...(command.callsApi ? apiOptions : {}), ...command.options };
}
