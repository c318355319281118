// Vitest global setup: one mock of the 360dialog API for the whole run, on a free loopback port.
// Tests read its URL and key with inject(); nothing reaches the real API.
import { startMockServer } from "@d360-messaging/mock-server/node";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    d360BaseUrl: string;
    d360ApiKey: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const apiKey = "test-api-key";
  const mock = await startMockServer({ apiKeys: [apiKey] });
  project.provide("d360BaseUrl", mock.url);
  project.provide("d360ApiKey", apiKey);
  return () => mock.close();
}
