// Workspaces, members and roles (issue 29, first part): every user has a personal workspace; the
// admin key makes team workspaces and adds members; a user's key sees its own workspace only and acts
// in it with its person's role; a workspace always keeps an owner; every change is in its audit log.
import { describe, expect, it } from "vitest";
import { openTestDatabase, productionDeployment, unique } from "../harness";

const { adminKey: ADMIN_KEY, api, userWithKey } = productionDeployment("ws");

interface Workspace {
  id: number;
  name: string;
  kind: string;
  personal_user_id: number | null;
  members: number;
}

async function personalWorkspaceOf(userId: number): Promise<Workspace> {
  const answer = await api("GET", `/workspaces?user_id=${userId}`, { key: ADMIN_KEY });
  expect(answer.status).toBe(200);
  const personal = (answer.body as Workspace[]).find((workspace) => workspace.personal_user_id === userId);
  if (!personal) throw new Error(`no personal workspace for ${userId}`);
  return personal;
}

/** A team workspace owned by `ownerId`, made with the admin key. */
async function teamOf(ownerId: number, name = unique("Team")): Promise<Workspace> {
  const answer = await api("POST", "/workspaces", { key: ADMIN_KEY, body: { name, owner_user_id: ownerId } });
  expect(answer.status).toBe(201);
  return answer.body as Workspace;
}

describe("workspaces", () => {
  it("every new user gets a personal workspace they own; their key sees it and nothing else", async () => {
    const alice = await userWithKey();
    const personal = await personalWorkspaceOf(alice.id);
    expect(personal).toMatchObject({ kind: "personal", members: 1 });

    const own = await api("GET", "/workspaces", { key: alice.key });
    expect(own).toMatchObject({ status: 200, body: [{ id: personal.id }] });
    expect(await api("GET", `/workspaces/${personal.id}`, { key: alice.key })).toMatchObject({
      status: 200,
      body: { id: personal.id, personal_user_id: alice.id },
    });
    const members = await api("GET", `/workspaces/${personal.id}/members`, { key: alice.key });
    expect(members).toMatchObject({ status: 200, body: [{ user_id: alice.id, role: "owner" }] });

    // Another workspace, existing or not, is the same 404.
    const bob = await userWithKey();
    const bobs = await personalWorkspaceOf(bob.id);
    const others = await api("GET", `/workspaces/${bobs.id}`, { key: alice.key });
    const missing = await api("GET", "/workspaces/2000000000", { key: alice.key });
    expect(others).toEqual({ ...others, status: 404, body: { error: "workspace not found" } });
    expect(missing.body).toEqual(others.body);
    expect((await api("GET", `/workspaces/${bobs.id}/members`, { key: alice.key })).status).toBe(404);
    expect((await api("GET", `/workspaces?user_id=${bob.id}`, { key: alice.key })).body).toEqual([]);
  });

  it("links a user creates land in their personal workspace; links without a user in the operator's", async () => {
    const alice = await userWithKey();
    const personal = await personalWorkspaceOf(alice.id);
    const mine = await api("POST", "/urls", { key: alice.key, body: { original_url: "https://example.com/mine" } });
    const nobodys = await api("POST", "/urls", { key: ADMIN_KEY, body: { original_url: "https://example.com/ops" } });
    expect([mine.status, nobodys.status]).toEqual([201, 201]);
    const handle = openTestDatabase();
    try {
      const rows = await handle.db.execute<{ id: number; kind: string; workspace_id: number }>(
        `SELECT u.id, w.kind, u.workspace_id FROM urls u JOIN workspaces w ON w.id = u.workspace_id
         WHERE u.id IN (${mine.body.id}, ${nobodys.body.id}) ORDER BY u.id` as never,
      );
      expect(rows.rows).toEqual([
        { id: mine.body.id, kind: "personal", workspace_id: personal.id },
        { id: nobodys.body.id, kind: "operator", workspace_id: expect.any(Number) },
      ]);
    } finally {
      await handle.close();
    }
  });

  it("the admin key makes team workspaces; a user's key may not", async () => {
    const alice = await userWithKey();
    const team = await teamOf(alice.id, "  Marketing  ");
    expect(team).toMatchObject({ name: "Marketing", kind: "team", personal_user_id: null, members: 1 });
    const refused = await api("POST", "/workspaces", {
      key: alice.key,
      body: { name: "Mine", owner_user_id: alice.id },
    });
    expect(refused).toMatchObject({
      status: 403,
      body: { error: "creating a workspace needs the admin key or a signed-in person" },
    });
    const cases: [unknown, string][] = [
      [{ owner_user_id: alice.id }, "name is required"],
      [{ name: "", owner_user_id: alice.id }, "name must not be empty"],
      [{ name: "x".repeat(101), owner_user_id: alice.id }, "name must be at most 100 characters"],
      [{ name: "a\u0007b", owner_user_id: alice.id }, "name must not contain control characters"],
      [{ name: "Team" }, "owner_user_id is required: the user who owns the new workspace"],
      [{ name: "Team", owner_user_id: 2_000_000_000 }, "owner_user_id 2000000000 does not exist"],
      [{ name: "Team", owner_user_id: alice.id, extra: 1 }, "extra"],
    ];
    for (const [body, message] of cases) {
      const answer = await api("POST", "/workspaces", { key: ADMIN_KEY, body });
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      expect(answer.body.error).toContain(message);
    }
  });

  it("roles: admins manage editors and viewers, only owners make owners, and a workspace keeps an owner", async () => {
    const owner = await userWithKey();
    const admin = await userWithKey();
    const editor = await userWithKey();
    const team = await teamOf(owner.id);
    const put = (key: string, userId: number, role: string) =>
      api("PUT", `/workspaces/${team.id}/members/${userId}`, { key, body: { role } });
    expect((await put(ADMIN_KEY, admin.id, "admin")).status).toBe(200);
    expect((await put(ADMIN_KEY, editor.id, "editor")).body).toMatchObject({ user_id: editor.id, role: "editor" });

    // Keys act in their own (personal) workspace: the team's is another workspace to them.
    expect((await put(admin.key, editor.id, "viewer")).status).toBe(404);

    // The last owner can neither be demoted nor removed; with a second owner, they can.
    expect(await put(ADMIN_KEY, owner.id, "admin")).toMatchObject({
      status: 409,
      body: { error: "the last owner cannot be demoted: make another member an owner first" },
    });
    const removeOwner = await api("DELETE", `/workspaces/${team.id}/members/${owner.id}`, { key: ADMIN_KEY });
    expect(removeOwner).toMatchObject({
      status: 409,
      body: { error: "the last owner cannot leave or be removed: make another member an owner first" },
    });
    expect((await put(ADMIN_KEY, admin.id, "owner")).status).toBe(200);
    expect((await put(ADMIN_KEY, owner.id, "viewer")).body).toMatchObject({ role: "viewer" });

    const members = await api("GET", `/workspaces/${team.id}/members`, { key: ADMIN_KEY });
    expect((members.body as { user_id: number; role: string }[]).map((m) => [m.user_id, m.role])).toEqual(
      [
        [owner.id, "viewer"],
        [admin.id, "owner"],
        [editor.id, "editor"],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    expect((await api("DELETE", `/workspaces/${team.id}/members/${editor.id}`, { key: ADMIN_KEY })).status).toBe(204);
    expect((await api("DELETE", `/workspaces/${team.id}/members/${editor.id}`, { key: ADMIN_KEY })).status).toBe(404);
    expect((await put(ADMIN_KEY, 2_000_000_000, "viewer")).status).toBe(404);
    const badRole = await put(ADMIN_KEY, editor.id, "boss");
    expect(badRole).toMatchObject({ status: 400, body: { error: "role must be one of owner, admin, editor, viewer" } });
  });

  it("two owners demoting each other at once: one wins, the workspace keeps an owner", async () => {
    const first = await userWithKey();
    const second = await userWithKey();
    const team = await teamOf(first.id);
    expect(
      (await api("PUT", `/workspaces/${team.id}/members/${second.id}`, { key: ADMIN_KEY, body: { role: "owner" } }))
        .status,
    ).toBe(200);
    const answers = await Promise.all(
      [first.id, second.id].map((id) =>
        api("PUT", `/workspaces/${team.id}/members/${id}`, { key: ADMIN_KEY, body: { role: "viewer" } }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const members = await api("GET", `/workspaces/${team.id}/members`, { key: ADMIN_KEY });
    expect((members.body as { role: string }[]).filter((m) => m.role === "owner")).toHaveLength(1);
  });

  it("a key is never wider than its person's role: demoting or removing them revokes the keys beyond it, at once", async () => {
    const alice = await userWithKey();
    const personal = await personalWorkspaceOf(alice.id);
    const renamed = await api("PATCH", `/workspaces/${personal.id}`, {
      key: alice.key,
      body: { name: "Alice's links" },
    });
    expect(renamed).toMatchObject({ status: 200, body: { name: "Alice's links" } });
    const reader = await api("POST", `/workspaces/${personal.id}/api-keys`, {
      key: alice.key,
      body: { name: "reader", scopes: ["links:read"] },
    });
    expect(reader.status).toBe(201);

    // Alice's personal workspace gets a second owner, and Alice becomes a viewer of her own workspace:
    // her full key goes at once (this isolate forgets it), her reading key stays.
    const bob = await userWithKey();
    const put = (key: string, userId: number, role: string) =>
      api("PUT", `/workspaces/${personal.id}/members/${userId}`, { key, body: { role } });
    expect((await put(ADMIN_KEY, bob.id, "owner")).status).toBe(200);
    expect((await put(ADMIN_KEY, alice.id, "viewer")).status).toBe(200);
    expect((await api("GET", `/workspaces/${personal.id}`, { key: alice.key })).status).toBe(401);
    expect((await api("GET", `/workspaces/${personal.id}`, { key: reader.body.key })).status).toBe(200);
    const refused = await api("PATCH", `/workspaces/${personal.id}`, { key: reader.body.key, body: { name: "Mine" } });
    expect(refused).toMatchObject({ status: 403, body: { error: "this key lacks the workspace:admin scope" } });
    const revoked = await api("GET", `/workspaces/${personal.id}/audit?action=key.revoked`, { key: ADMIN_KEY });
    expect(revoked.body.events).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ kind: "operator" }),
        details: expect.objectContaining({ reason: "member.role_changed" }),
      }),
    ]);
    // Removed, she keeps no key there.
    expect((await api("DELETE", `/workspaces/${personal.id}/members/${alice.id}`, { key: ADMIN_KEY })).status).toBe(
      204,
    );
    expect((await api("GET", `/workspaces/${personal.id}`, { key: reader.body.key })).status).toBe(401);
  });

  it("the audit log records each change with its actor, newest first, filtered and cursor-paged", async () => {
    const owner = await userWithKey();
    const member = await userWithKey();
    const team = await teamOf(owner.id);
    await api("PUT", `/workspaces/${team.id}/members/${member.id}`, { key: ADMIN_KEY, body: { role: "editor" } });
    await api("PUT", `/workspaces/${team.id}/members/${member.id}`, { key: ADMIN_KEY, body: { role: "admin" } });
    await api("PATCH", `/workspaces/${team.id}`, { key: ADMIN_KEY, body: { name: "Renamed" } });
    await api("DELETE", `/workspaces/${team.id}/members/${member.id}`, { key: ADMIN_KEY });

    const all = await api("GET", `/workspaces/${team.id}/audit`, { key: ADMIN_KEY });
    expect(all.status).toBe(200);
    const actions = (all.body.events as { action: string }[]).map((event) => event.action);
    expect(actions).toEqual([
      "member.removed",
      "workspace.renamed",
      "member.role_changed",
      "member.added",
      "workspace.created",
    ]);
    expect(all.body.events[2]).toMatchObject({
      url_id: null,
      actor: { kind: "operator", user_id: null, key_id: null },
      details: { member_user_id: member.id, role: "admin", previous_role: "editor" },
    });
    expect(all.body.next_cursor).toBeNull();

    const firstPage = await api("GET", `/workspaces/${team.id}/audit?limit=2`, { key: ADMIN_KEY });
    expect(firstPage.body.events.map((event: { action: string }) => event.action)).toEqual(actions.slice(0, 2));
    const secondPage = await api(
      "GET",
      `/workspaces/${team.id}/audit?limit=2&cursor=${encodeURIComponent(firstPage.body.next_cursor)}`,
      { key: ADMIN_KEY },
    );
    expect(secondPage.body.events.map((event: { action: string }) => event.action)).toEqual(actions.slice(2, 4));
    const filtered = await api("GET", `/workspaces/${team.id}/audit?action=member.added`, { key: ADMIN_KEY });
    expect(filtered.body.events).toHaveLength(1);
    for (const query of ["cursor=bogus", "actor_kind=robot", "limit=0", "from=yesterday"]) {
      const answer = await api("GET", `/workspaces/${team.id}/audit?${query}`, { key: ADMIN_KEY });
      expect({ query, status: answer.status }).toEqual({ query, status: 400 });
    }

    // A key's change names the key and its person.
    const personal = await personalWorkspaceOf(owner.id);
    await api("PATCH", `/workspaces/${personal.id}`, { key: owner.key, body: { name: "Owner's own" } });
    const own = await api("GET", `/workspaces/${personal.id}/audit?action=workspace.renamed`, { key: owner.key });
    expect(own.body.events[0]).toMatchObject({ actor: { kind: "key", user_id: owner.id, key_id: expect.any(Number) } });
  });

  it("GET /events still lists link events only, as the seed's did", async () => {
    const owner = await userWithKey();
    await teamOf(owner.id);
    const events = await api("GET", `/events?user_id=${owner.id}`, { key: ADMIN_KEY });
    expect(events).toMatchObject({ status: 200, body: [] });
  });
});
