import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { callWorker, unique } from "../harness";

const testEnv = env as unknown as { TEST_SENTRY_DSN: string; TEST_SENTRY_CATCHER: string };
// A configuration the worker cannot parse: every request fails with an unexpected error (500).
const BROKEN = { MAX_IMPORT_BYTES: "not-a-number" };

async function envelopes(): Promise<string[]> {
  return (await fetch(`${testEnv.TEST_SENTRY_CATCHER}/envelopes`)).json();
}

async function failingRequest(path: string, overrides: Record<string, string>, headers: Record<string, string> = {}) {
  const requestId = unique("sentry-test-");
  const { response, settled } = await callWorker(
    path,
    { headers: { "X-Request-Id": requestId, ...headers } },
    overrides,
  );
  expect(response.status).toBe(500);
  // Said plainly, naming the setting (never its value).
  expect(await response.json()).toEqual({
    error: expect.stringMatching(/^server misconfigured: MAX_IMPORT_BYTES: /),
  });
  await settled();
  return requestId;
}

describe("Sentry reporting", () => {
  it("sends an unexpected failure with the request id and route, and only allowlisted request data", async () => {
    const requestId = await failingRequest(
      "/users?per_page=5&token=query-secret-1",
      { ...BROKEN, SENTRY_DSN: testEnv.TEST_SENTRY_DSN },
      { Authorization: "Bearer header-secret-2", Cookie: "session=cookie-secret-3", "User-Agent": "sentry-test/1" },
    );
    const mine = (await envelopes()).filter((envelope) => envelope.includes(requestId));
    expect(mine).toHaveLength(1);
    const envelope = mine[0] ?? "";
    expect(envelope).toContain('"route":"/users"');
    expect(envelope).toContain("server misconfigured: MAX_IMPORT_BYTES");
    expect(envelope).not.toContain("not-a-number");
    expect(envelope).toContain("sentry-test/1");
    expect(envelope).toContain("per_page");
    for (const secret of ["query-secret-1", "header-secret-2", "cookie-secret-3"])
      expect(envelope).not.toContain(secret);
  });

  it("reports failures on the redirect path too", async () => {
    const requestId = await failingRequest(`/${unique("code")}`, { ...BROKEN, SENTRY_DSN: testEnv.TEST_SENTRY_DSN });
    const mine = (await envelopes()).filter((envelope) => envelope.includes(requestId));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain('"route":"/:code"');
  });

  it("sends nothing without a DSN", async () => {
    const requestId = await failingRequest("/users", BROKEN);
    expect((await envelopes()).some((envelope) => envelope.includes(requestId))).toBe(false);
  });
});
