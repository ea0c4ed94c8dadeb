import { describe, expect, it } from "vitest";
import { errorText, stackText } from "../../worker/observability/error-text";

describe("errorText", () => {
  it("tells a failed query by its first words and the driver's reason, never its parameters", () => {
    const failed = new Error(
      'Failed query: select "id", "email" from "users" where "users"."email" = $1 limit $2\nparams: ada@example.com,1',
      { cause: new Error("connect to postgres://db.internal failed") },
    );
    const text = errorText(failed);
    expect(text).toBe(
      'query failed (select "id", "email" from "users" where "users"."email" =): connect to postgres://db.internal failed',
    );
    expect(stackText(failed)).toContain(text);
    expect(stackText(failed)).not.toContain("ada@example.com");
  });

  it("leaves other errors as they are", () => {
    expect(errorText(new Error("Redis timed out"))).toBe("Redis timed out");
    expect(errorText("plain")).toBe("plain");
  });
});
