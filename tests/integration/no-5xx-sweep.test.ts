import { describe, expect, it } from "vitest";
import { createUrl, createUser, send } from "../harness";

// Throws every kind of malformed value at every write endpoint: nothing may answer 5xx.
const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  -1,
  0,
  1.5,
  2 ** 53,
  "",
  " ",
  "x".repeat(300),
  "\u0000",
  "💥",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  [],
  [1],
  {},
  { $ne: null },
];

const HOSTILE_BODIES = ["", "{", "[]", "null", '"string"', "123", "{}}", "\u0000"];

describe("no 5xx for hostile input", () => {
  it("every field of every write endpoint, with every hostile value", async () => {
    const user = await createUser();
    const url = await createUrl({ user_id: user.id });
    const endpoints: [string, string, string[]][] = [
      ["POST", "/users", ["username", "email"]],
      ["PUT", `/users/${user.id}`, ["username", "email"]],
      ["POST", "/urls", ["original_url", "title", "user_id", "short_code"]],
      ["POST", "/shorten", ["url", "title", "user_id", "short_code"]],
      ["PUT", `/urls/${url.id}`, ["original_url", "title", "is_active", "user_id"]],
      ["PATCH", `/urls/${url.id}`, ["original_url", "title", "is_active", "user_id"]],
      ["POST", "/events", ["url_id", "event_type", "user_id", "details"]],
      ["POST", "/users/bulk", ["file"]],
      ["POST", "/urls/bulk", ["file"]],
    ];
    const failures: string[] = [];
    for (const [method, path, fields] of endpoints) {
      for (const field of fields) {
        for (const value of HOSTILE_VALUES) {
          const body = JSON.stringify({ [field]: value });
          const response = await send(method, path, { headers: { "Content-Type": "application/json" }, body });
          if (response.status >= 500 || !response.headers.get("Content-Type")?.includes("application/json")) {
            failures.push(`${method} ${path} ${body} → ${response.status} ${response.text.slice(0, 80)}`);
          }
        }
      }
      for (const body of HOSTILE_BODIES) {
        const response = await send(method, path, { headers: { "Content-Type": "application/json" }, body });
        if (response.status >= 500) failures.push(`${method} ${path} raw ${JSON.stringify(body)} → ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("hostile query strings on every list endpoint", async () => {
    const failures: string[] = [];
    const queries = [
      "page=%00",
      "per_page=1e9",
      "user_id=1%20OR%201=1",
      "is_active[]=true",
      "url_id=-0",
      "event_type=%F0%9F%92%A5",
    ];
    for (const path of ["/users", "/urls", "/events", "/users/1/urls", "/urls/1/events"]) {
      for (const query of queries) {
        const response = await send("GET", `${path}?${query}`);
        if (response.status >= 500) failures.push(`${path}?${query} → ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
