// ALLOW_PRIVATE_DESTINATIONS: off (the default), loopback and private destinations are refused on
// every write path; on (local testing only), links, their expired_url and imports may point at them;
// never together with REQUIRE_API_KEYS=true.
import { describe, expect, it } from "vitest";
import { ALLOW_PRIVATE as ALLOW, callApi, callWorker, unique } from "../harness";

const PRIVATE_MESSAGE = "invalid url: private, loopback and link-local hosts are not allowed";

describe("ALLOW_PRIVATE_DESTINATIONS", () => {
  it("off: a loopback destination, expired_url or imported row is refused", async () => {
    const created = await callApi("POST", "/urls", { body: { original_url: "http://127.0.0.1:9/x" } });
    expect(created).toMatchObject({ status: 400, body: { error: PRIVATE_MESSAGE } });
    const expired = await callApi("POST", "/urls", {
      body: { original_url: "https://example.com/", expired_url: "http://10.0.0.1/over" },
    });
    expect(expired).toMatchObject({ status: 400, body: { error: `expired_url: ${PRIVATE_MESSAGE}` } });
    const shortened = await callApi("POST", "/shorten", { body: { url: "http://localhost:8080/" } });
    expect(shortened).toMatchObject({ status: 400, body: { error: PRIVATE_MESSAGE } });
  });

  it("on: links may point at loopback and redirect there", async () => {
    const created = await callApi("POST", "/urls", {
      body: { original_url: "http://127.0.0.1:9/target", expired_url: "http://localhost:9/over" },
      overrides: ALLOW,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      original_url: "http://127.0.0.1:9/target",
      expired_url: "http://localhost:9/over",
    });
    const { response } = await callWorker(`/${created.body.short_code}`, {}, ALLOW);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("http://127.0.0.1:9/target");
    const edited = await callApi("PATCH", `/urls/${created.body.id}`, {
      body: { original_url: "http://192.168.1.10/" },
      overrides: ALLOW,
    });
    expect(edited).toMatchObject({ status: 200, body: { original_url: "http://192.168.1.10/" } });
    // The deployment's other rules still apply.
    const blocked = await callApi("POST", "/urls", {
      body: { original_url: "http://127.0.0.1:9/" },
      overrides: { ...ALLOW, BLOCKED_DOMAINS: "127.0.0.1" },
    });
    expect(blocked).toMatchObject({ status: 400, body: { error: "destination not allowed: the domain is blocked" } });
  });

  it("on: a bulk import may hold loopback destinations; off: those rows are refused", async () => {
    const code = unique("pv").slice(0, 20);
    const csv = `short_code,original_url\n${code},http://127.0.0.1:9/imported\n`;
    const upload = async (overrides = {}) => {
      const { response } = await callWorker(
        "/urls/bulk",
        { method: "POST", headers: { "Content-Type": "text/csv" }, body: csv },
        overrides,
      );
      return {
        status: response.status,
        report: (await response.json()) as { imported: number; errors: { error: string }[] },
      };
    };
    const refused = await upload();
    expect(refused).toMatchObject({ status: 422, report: { error: "no valid rows in the CSV", failed: 1 } });
    expect(refused.report.errors[0]?.error).toBe(PRIVATE_MESSAGE);
    const allowed = await upload(ALLOW);
    expect(allowed).toMatchObject({ status: 201, report: { imported: 1 } });
  });

  it("is refused with REQUIRE_API_KEYS=true: the service says it is misconfigured", async () => {
    const answer = await callApi("GET", "/urls", { overrides: { ...ALLOW, REQUIRE_API_KEYS: "true" } });
    expect(answer.status).toBe(500);
    expect(answer.body.error).toContain(
      "ALLOW_PRIVATE_DESTINATIONS: must not be true with REQUIRE_API_KEYS=true (it is for local testing only)",
    );
  });
});
