import { describe, expect, it } from "vitest";
import { apiPaths } from "../../worker/app";
import { RESERVED_SHORT_CODES } from "../../worker/domain/short-code";

describe("the API's paths and the short codes", () => {
  it("reserves the first segment of every path the API serves, so no code can shadow a route", () => {
    const paths = apiPaths();
    expect(paths).toContain("/users/:id/api-keys");
    expect(paths).toContain("/metrics/history");
    const firstSegments = [...new Set(paths.map((path) => path.split("/")[1] ?? ""))];
    expect(firstSegments.filter((segment) => !RESERVED_SHORT_CODES.has(segment.toLowerCase()))).toEqual([]);
  });
});
