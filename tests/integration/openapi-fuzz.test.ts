// An API-wide fuzz run driven by the served OpenAPI description: every operation gets generated
// path ids, query values and JSON bodies (shaped after its schema, with arbitrary values), sent
// through the worker's fetch handler. No answer may be a 5xx; every error is {"error": string};
// every success is JSON with the fields its schema requires.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { get, send } from "../harness";

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $ref?: string;
}

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

// Imports load whole sample datasets and are fuzzed by their own tests (bulk-import, hostile-input).
const SKIPPED = new Set(["/users/bulk", "/urls/bulk"]);
const RUNS = 12;

const pathValue = fc.oneof(
  fc.integer({ min: 1_000_000_000, max: 2_147_483_647 }).map(String), // ids that exist nowhere
  fc.constantFrom("0", "-1", "abc", "1.5", "99999999999", "%00", "%2e%2e", "'"),
);
const queryValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer().map(String),
  fc.constantFrom("true", "false", ""),
);

function resolve(schema: JsonSchema | undefined, api: OpenApi): JsonSchema | undefined {
  if (!schema?.$ref) return schema;
  return api.components?.schemas?.[schema.$ref.split("/").pop() ?? ""];
}

/** Objects shaped like the schema (its property names), with arbitrary JSON values, or any JSON. */
function bodyFor(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const props = Object.keys(schema?.properties ?? {});
  if (props.length === 0) return fc.jsonValue();
  const shaped = fc.record(Object.fromEntries(props.map((name) => [name, fc.jsonValue()])), { requiredKeys: [] });
  return fc.oneof(shaped, fc.jsonValue());
}

function checkRequired(body: unknown, schema: JsonSchema | undefined, api: OpenApi, where: string) {
  const resolved = resolve(schema, api);
  if (!resolved) return;
  if (resolved.type === "array" && Array.isArray(body)) {
    for (const item of body.slice(0, 5)) checkRequired(item, resolved.items, api, where);
    return;
  }
  if (resolved.required && body && typeof body === "object") {
    for (const field of resolved.required) expect(body, `${where}: ${field}`).toHaveProperty(field);
  }
}

describe("OpenAPI-driven fuzz", () => {
  it("no operation answers 5xx or breaks its schema, whatever it is sent", async () => {
    const api = (await get<OpenApi>("/openapi.json")).body;
    const operations = Object.entries(api.paths)
      .filter(([path]) => !SKIPPED.has(path))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
      );
    expect(operations.length).toBeGreaterThan(15);

    for (const { path, method, operation } of operations) {
      const pathParams = (operation.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
      const queryParams = (operation.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
      const bodySchema = resolve(operation.requestBody?.content?.["application/json"]?.schema, api);
      const input = fc.record({
        params: fc.tuple(...pathParams.map(() => pathValue)),
        query: fc.dictionary(fc.constantFrom(...(queryParams.length ? queryParams : ["x"])), queryValue, {
          maxKeys: 3,
        }),
        body: bodyFor(bodySchema),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ params, query, body }) => {
          let concrete = path;
          pathParams.forEach((name, i) => {
            concrete = concrete.replace(`{${name}}`, params[i] ?? "1");
          });
          const search = new URLSearchParams(query as Record<string, string>).toString();
          const target = `${concrete}${search ? `?${search}` : ""}`;
          const hasBody = operation.requestBody !== undefined;
          const response = await send(method.toUpperCase(), target, {
            headers: hasBody ? { "Content-Type": "application/json" } : {},
            body: hasBody ? JSON.stringify(body) : undefined,
          });
          const where = `${method.toUpperCase()} ${target}`;
          expect(response.status, `${where} → ${response.text.slice(0, 200)}`).toBeLessThan(500);
          const contentType = response.headers.get("Content-Type") ?? "";
          if (response.status >= 400) {
            expect(contentType, where).toContain("application/json");
            expect(typeof (response.body as { error?: unknown }).error, where).toBe("string");
          } else if (contentType.includes("application/json")) {
            const declared = operation.responses[String(response.status)]?.content?.["application/json"]?.schema;
            expect(declared, `${where}: ${response.status} is not in the description`).toBeDefined();
            checkRequired(response.body, declared, api, where);
          }
        }),
        { numRuns: RUNS },
      );
    }
  }, 120_000);
});
