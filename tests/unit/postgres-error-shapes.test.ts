// Neon's HTTP driver hands a Postgres error over in two shapes: wrapped by drizzle (the error is
// the cause) for a single query, bare for a batch. Both must reach the same answer; so must the
// driver's own failures when the database cannot be reached. (The real driver's errors are also
// exercised end to end: tests/integration/round-trips.test.ts, urls.test.ts, faults.test.ts.)
import { NeonDbError } from "@neondatabase/serverless";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { classifyError } from "../../worker/lib/errors";

function postgresError(code: string, constraint?: string): NeonDbError {
  const error = new NeonDbError("duplicate key value violates unique constraint");
  Object.assign(error, { code, constraint, severity: "ERROR" });
  return error;
}

describe("classifyError with Neon's HTTP driver", () => {
  it.each([
    ["23505", 409],
    ["23503", 409],
    // Postgres 17's answer to a delete that an ON DELETE RESTRICT key refuses.
    ["23001", 409],
    ["22001", 400],
    ["08006", 503],
  ])("SQLSTATE %s answers %i, wrapped by drizzle or bare", (code, status) => {
    const bare = postgresError(code, "urls_short_code_unique");
    const wrapped = new DrizzleQueryError("insert into urls ...", ["x"], bare);
    expect(classifyError(wrapped).status).toBe(status);
    expect(classifyError(bare).status).toBe(status);
  });

  it("a database that cannot be reached is a 503, never a 500", () => {
    const unreachable = new NeonDbError("Error connecting to database: TypeError: fetch failed");
    const serverError = new NeonDbError(
      `Server error (HTTP status 500): {"message":"Couldn't connect to compute node"}`,
    );
    for (const error of [unreachable, serverError, new DrizzleQueryError("select 1", [], serverError)]) {
      expect(classifyError(error)).toMatchObject({ status: 503, message: "database unavailable" });
    }
  });
});
