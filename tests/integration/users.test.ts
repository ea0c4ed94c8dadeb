import { describe, expect, it } from "vitest";
import { createUrl, createUser, get, send, sendJson, type Url, type User, unique } from "../harness";

describe("users API", () => {
  it("creates a user and returns the seed's fields in the seed's format", async () => {
    const name = unique("alice");
    const response = await sendJson<User>("POST", "/users", { username: name, email: `${name}@example.test` });
    expect(response.status).toBe(201);
    expect(Object.keys(response.body)).toEqual(["created_at", "email", "id", "username"]);
    expect(response.body.username).toBe(name);
    expect(response.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });

  it("returns the existing user with 201 when the identical user is posted again", async () => {
    const user = await createUser();
    const again = await sendJson<User>("POST", "/users", { username: user.username, email: user.email });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(user.id);
  });

  it("answers 409 when only the username or only the email is taken", async () => {
    const user = await createUser();
    const sameName = await sendJson("POST", "/users", {
      username: user.username,
      email: `${unique("x")}@example.test`,
    });
    expect(sameName.status).toBe(409);
    expect(sameName.body).toEqual({ error: "username or email already exists" });
    const sameEmail = await sendJson("POST", "/users", { username: unique("x"), email: user.email });
    expect(sameEmail.status).toBe(409);
  });

  it.each([
    [{}, "username and email are required"],
    [{ username: "only" }, "username and email are required"],
    [{ username: 5, email: "a@b.c" }, "username and email must be strings"],
    [{ username: "", email: "a@b.c" }, "username must not be empty"],
    [{ username: "x".repeat(256), email: "a@b.c" }, "username must be at most 255 characters"],
    [{ username: "ok", email: "not-an-email" }, "email is not a valid address"],
    [{ username: "ok", email: "a@b.c", admin: true }, "unknown field: admin"],
    [[1, 2], "username and email are required"],
  ])("rejects %j with 400", async (payload, message) => {
    const response = await sendJson("POST", "/users", payload);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: message });
  });

  it("gets, updates and deletes a user", async () => {
    const user = await createUser();
    const fetched = await get<User>(`/users/${user.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(user);

    const newName = unique("renamed");
    const updated = await sendJson<User>("PUT", `/users/${user.id}`, { username: newName });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: user.id, username: newName, email: user.email });

    const deleted = await send("DELETE", `/users/${user.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ message: "deleted" });
    expect((await get(`/users/${user.id}`)).status).toBe(404);
  });

  it("answers 404 user not found for unknown ids on get, put and delete", async () => {
    const missing = 2_000_000_000;
    for (const response of [
      await get(`/users/${missing}`),
      await sendJson("PUT", `/users/${missing}`, { username: "x" }),
      await send("DELETE", `/users/${missing}`),
      await get(`/users/${missing}/urls`),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: "user not found" });
    }
  });

  it("rejects updates with no valid field, and clashes with 409", async () => {
    const [user, other] = [await createUser(), await createUser()];
    const empty = await sendJson("PUT", `/users/${user.id}`, {});
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ error: "no valid fields to update" });
    const clash = await sendJson("PUT", `/users/${user.id}`, { email: other.email });
    expect(clash.status).toBe(409);
    expect(clash.body).toEqual({ error: "username or email already exists" });
  });

  it("refuses to delete a user who still owns urls with 409, and keeps both", async () => {
    const user = await createUser();
    const url = await createUrl({ user_id: user.id });
    const response = await send("DELETE", `/users/${user.id}`);
    expect(response.status).toBe(409);
    expect((response.body as { error: string }).error).toMatch(/still owns 1 url/);
    expect((await get(`/users/${user.id}`)).status).toBe(200);
    expect((await get(`/urls/${url.id}`)).status).toBe(200);
  });

  it("lists a user's urls, active and inactive", async () => {
    const user = await createUser();
    const [first, second] = [await createUrl({ user_id: user.id }), await createUrl({ user_id: user.id })];
    await send("DELETE", `/urls/${second.id}`);
    const response = await get<Url[]>(`/users/${user.id}/urls`);
    expect(response.status).toBe(200);
    expect(response.body.map((u) => [u.id, u.is_active])).toEqual([
      [first.id, true],
      [second.id, false],
    ]);
  });

  it("paginates the user list in id order", async () => {
    const created = [await createUser(), await createUser(), await createUser()];
    const all = await get<User[]>("/users?per_page=1000");
    const ids = all.body.map((u) => u.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const page = await get<User[]>(`/users?page=1&per_page=2`);
    expect(page.status).toBe(200);
    expect(page.body).toHaveLength(2);
    const unpaginated = await get<User[]>("/users");
    for (const user of created) expect(unpaginated.body.map((u) => u.id)).toContain(user.id);
  });

  it.each(["page=-1", "per_page=-5", "page=abc", "per_page=1001", "page=1.5"])("rejects %s with 400", async (query) => {
    const response = await get(`/users?${query}`);
    expect(response.status).toBe(400);
    expect(typeof (response.body as { error: string }).error).toBe("string");
  });
});
