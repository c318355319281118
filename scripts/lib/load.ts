import { readdir, readFile } from "node:fs/promises";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { SpecLoadError } from "./errors.js";
import { isJsonObject, type JsonObject } from "./json.js";

/** A parsed document and the name it is reported under (a repo-relative path, or what the user typed). */
export interface SourceDocument {
  source: string;
  document: JsonObject;
}

const JSON_EXTENSIONS = new Set([".json"]);
const YAML_EXTENSIONS = new Set([".yaml", ".yml"]);

/** True when a file name has an extension the pipeline reads (.json, .yaml, .yml). */
export function isSpecFileName(name: string): boolean {
  const ext = path.extname(name).toLowerCase();
  return JSON_EXTENSIONS.has(ext) || YAML_EXTENSIONS.has(ext);
}

/**
 * Parses JSON or YAML text into an object. The extension of `fileName`
 * (default: `source`) picks the parser; YAML is a superset of JSON, so anything
 * else is read as YAML. Errors name `source`.
 */
export function parseDocument(text: string, source: string, fileName = source): JsonObject {
  let value: unknown;
  try {
    value = JSON_EXTENSIONS.has(path.extname(fileName).toLowerCase())
      ? JSON.parse(text)
      : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new SpecLoadError(source, `not valid JSON/YAML: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!isJsonObject(value)) {
    throw new SpecLoadError(source, "expected a JSON/YAML object at the top level");
  }
  return value;
}

/** Reads a UTF-8 file; `source` is the name a {@link SpecLoadError} gives when it cannot be read. */
export async function readText(file: string, source = file): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new SpecLoadError(source, `cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Reads and parses one file; `source` is the name used in error messages. */
export async function loadDocument(file: string, source = file): Promise<SourceDocument> {
  return { source, document: parseDocument(await readText(file, source), source) };
}

/**
 * Loads every .json/.yaml/.yml file of a directory, sorted by name so the
 * result does not depend on the file system's listing order.
 *
 * @param root repository root; sources are reported relative to it
 * @param dir directory relative to `root`
 */
export async function loadDirectory(root: string, dir: string): Promise<SourceDocument[]> {
  let names: string[];
  try {
    names = await readdir(path.join(root, dir));
  } catch (error) {
    throw new SpecLoadError(dir, `cannot list directory: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const files = names.filter(isSpecFileName).sort();
  return Promise.all(
    files.map((name) => loadDocument(path.join(root, dir, name), `${dir}/${name}`)),
  );
}

/** Checks that a document looks like an OpenAPI 3.x description (so an overlay or a random JSON file is not merged by mistake). */
export function assertOpenApiDocument({ source, document }: SourceDocument): void {
  const version = document.openapi;
  if (typeof version !== "string" || !/^3\.\d+\.\d+/.test(version)) {
    throw new SpecLoadError(
      source,
      `not an OpenAPI 3.x document (its "openapi" field is ${JSON.stringify(version) ?? "missing"})`,
    );
  }
}
