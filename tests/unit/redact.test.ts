import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../worker/observability/redact";

describe("redactSecrets", () => {
  it.each([
    ["connect failed: postgres://app:hunter2@db.example.com:5432/app", "hunter2"],
    ["fetch https://user:s3cr3t-pass@api.example.com/x", "s3cr3t-pass"],
    ["redis://default:Zm9vYmFyYmF6@cache:6379", "Zm9vYmFyYmF6"],
    ["Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "eyJhbGciOiJIUzI1NiJ9"],
    ["header Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA"],
    ["GET /x?page=2&token=abc123def&x=1", "abc123def"],
    ["GET /x?api_key=AKIA999&access_token=tok-77", "AKIA999"],
    ["GET /x?api_key=AKIA999&access_token=tok-77", "tok-77"],
    ["form password=letmein&user=bob", "letmein"],
    ['{"password":"correct horse","user":"bob"}', "correct horse"],
    ['{"api_key": "k-123"}', "k-123"],
    ["upstream said secret%3Dq9q9q9", "q9q9q9"],
  ])("removes the credential from %j", (text, secret) => {
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain("[redacted]");
  });

  it("leaves ordinary text alone", () => {
    for (const text of [
      "request GET /users?page=2&per_page=10",
      "https://example.com/path/to/page",
      "user bob@example.com created",
      "duplicate key value violates unique constraint",
      "GET /x?design=blue&author=ann&sessions_total=3",
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
  });
});
