import { describe, expect, it } from "vitest";
import { type AuditEvent, createUrl, createUser, get, sendJson } from "../harness";

describe("events API", () => {
  it("records an event with object details and returns it parsed", async () => {
    const user = await createUser();
    const url = await createUrl({ user_id: user.id });
    const response = await sendJson<AuditEvent>("POST", "/events", {
      url_id: url.id,
      user_id: user.id,
      event_type: "shared",
      details: { channel: "email" },
    });
    expect(response.status).toBe(201);
    expect(Object.keys(response.body)).toEqual(["details", "event_type", "id", "timestamp", "url_id", "user_id"]);
    expect(response.body).toMatchObject({
      url_id: url.id,
      user_id: user.id,
      event_type: "shared",
      details: { channel: "email" },
    });
    expect(response.body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);

    const fetched = await get<AuditEvent>(`/events/${response.body.id}`);
    expect(fetched.body).toEqual(response.body);
  });

  it("stores string details as given and parses JSON-looking strings on read", async () => {
    const url = await createUrl();
    const plain = await sendJson<AuditEvent>("POST", "/events", {
      url_id: url.id,
      event_type: "note",
      details: "hello",
    });
    expect(plain.body.details).toBe("hello");
    const numeric = await sendJson<AuditEvent>("POST", "/events", {
      url_id: url.id,
      event_type: "note",
      details: "123",
    });
    expect(numeric.body.details).toBe(123);
  });

  it.each([
    [{}, "event_type and url_id are required"],
    [{ url_id: 1 }, "event_type and url_id are required"],
    [{ event_type: "x" }, "event_type and url_id are required"],
    [{ url_id: "abc", event_type: "x" }, "url_id must be an integer"],
    [{ url_id: 1, event_type: 7 }, "event_type must be a string"],
    [{ url_id: 1, event_type: "x".repeat(256) }, "event_type must be at most 255 characters"],
    [{ url_id: 2_000_000_000, event_type: "x" }, "invalid url_id: no such url"],
  ])("rejects %j with 400", async (payload, message) => {
    const response = await sendJson("POST", "/events", payload);
    expect([response.status, response.body]).toEqual([400, { error: message }]);
  });

  it("rejects an unknown user_id with 400", async () => {
    const url = await createUrl();
    const response = await sendJson("POST", "/events", { url_id: url.id, user_id: 2_000_000_000, event_type: "x" });
    expect([response.status, response.body]).toEqual([400, { error: "invalid user_id: no such user" }]);
  });

  it("filters by url_id, user_id and event_type", async () => {
    const user = await createUser();
    const url = await createUrl({ user_id: user.id });
    await sendJson("POST", "/events", { url_id: url.id, user_id: user.id, event_type: "shared" });
    const byUrl = await get<AuditEvent[]>(`/events?url_id=${url.id}`);
    expect(byUrl.body.map((e) => e.event_type)).toEqual(["created", "shared"]);
    const byType = await get<AuditEvent[]>(`/events?url_id=${url.id}&event_type=shared`);
    expect(byType.body).toHaveLength(1);
    const byUser = await get<AuditEvent[]>(`/events?user_id=${user.id}`);
    expect(byUser.body.every((e) => e.user_id === user.id)).toBe(true);
    expect(byUser.body).toHaveLength(2);
    expect((await get("/events?url_id=abc")).status).toBe(400);
  });

  it("answers 404 not found for an unknown event", async () => {
    const response = await get("/events/2000000000");
    expect([response.status, response.body]).toEqual([404, { error: "not found" }]);
  });
});
