import { describe, expect, it } from "vitest";
import {
  callWorker,
  countCalls,
  createUrl,
  createUser,
  get,
  send,
  sendJson,
  type Url,
  type User,
  unique,
} from "../harness";

async function settledGet(path: string) {
  const { response, settled } = await callWorker(path, {});
  await settled();
  return response;
}

describe("users, urls and lists in Redis", () => {
  it("serves a second read of a url from Redis", async () => {
    const url = await createUrl();
    await settledGet(`/urls/${url.id}`);
    const calls = countCalls();
    const response = await settledGet(`/urls/${url.id}`);
    expect(await response.json()).toEqual(url);
    expect(calls()).toMatchObject({ postgres: 0, redis: 1 });
  });

  it("a read after a write sees the write: url, user, and lists", async () => {
    const user = await createUser();
    const url = await createUrl({ user_id: user.id });
    await settledGet(`/urls/${url.id}`);
    await settledGet(`/urls?user_id=${user.id}`);
    await settledGet(`/users/${user.id}`);

    await sendJson("PATCH", `/urls/${url.id}`, { title: "Fresh" });
    expect((await get<Url>(`/urls/${url.id}`)).body.title).toBe("Fresh");
    expect((await get<Url[]>(`/urls?user_id=${user.id}`)).body.map((u) => u.title)).toEqual(["Fresh"]);

    const second = await createUrl({ user_id: user.id });
    expect((await get<Url[]>(`/urls?user_id=${user.id}`)).body.map((u) => u.id)).toEqual([url.id, second.id]);

    await send("DELETE", `/urls/${second.id}`);
    expect((await get<Url[]>(`/urls?user_id=${user.id}&is_active=true`)).body.map((u) => u.id)).toEqual([url.id]);

    const renamed = unique("renamed");
    await sendJson("PUT", `/users/${user.id}`, { username: renamed });
    expect((await get<User>(`/users/${user.id}`)).body.username).toBe(renamed);
  });

  it("a user list is served from Redis until a user write drops it", async () => {
    // A key space of its own: other test files write users in parallel and drop the shared list.
    const own = { REDIS_KEY_PREFIX: `${unique("own")}:` };
    const read = async () => (await callWorker("/users?page=1&per_page=5", {}, own)).settled();
    await read();
    const cached = countCalls();
    await read();
    expect(cached().postgres).toBe(0);
    const name = unique("lister");
    const created = await callWorker(
      "/users",
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: name, email: `${name}@example.test` }),
      },
      own,
    );
    expect(created.response.status).toBe(201);
    const afterWrite = countCalls();
    await read();
    expect(afterWrite().postgres).toBeGreaterThan(0);
  });

  it("a deleted user is gone from the cache too", async () => {
    const user = await createUser();
    await settledGet(`/users/${user.id}`);
    await send("DELETE", `/users/${user.id}`);
    expect((await get(`/users/${user.id}`)).status).toBe(404);
  });

  it("a bulk import invalidates cached url lists", async () => {
    const user = await createUser();
    await settledGet(`/urls?user_id=${user.id}`);
    const code = unique("bulk");
    await send("POST", "/urls/bulk", {
      headers: { "Content-Type": "text/csv" },
      body: `user_id,short_code,original_url\n${user.id},${code},https://example.com/bulk\n`,
    });
    expect((await get<Url[]>(`/urls?user_id=${user.id}`)).body.map((u) => u.short_code)).toEqual([code]);
  });
});
