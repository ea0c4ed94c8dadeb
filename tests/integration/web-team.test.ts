// The web app's team page (issue 31, workspace settings): an owner sees the members, invites an address
// (the mail reaches the SMTP sink) and sees it pending, revokes it, changes a member's role; the API's
// refusals (the last owner, a role only an owner gives) are shown on the page; a viewer reads the list
// with no form and gets a 403 on a post; another workspace's member is a 404; the personal workspace
// says it has no other members.
import { describe, expect, it } from "vitest";
import { unique } from "../harness";
import {
  ADMIN_KEY,
  api,
  mailedToken,
  mailsTo,
  newPerson,
  ORIGIN,
  sessionWriteHeaders,
  signIn,
} from "../session-harness";

const INVITE_PATH = "/invitations/accept";

/** A team workspace owned by `ownerId`, with `others` as members with their roles (the admin key's PUT). */
async function team(ownerId: number, others: [number, string][] = []): Promise<number> {
  const made = await api("POST", "/workspaces", {
    key: ADMIN_KEY,
    body: { name: unique("Team"), owner_user_id: ownerId },
  });
  expect(made.status).toBe(201);
  const id = made.body.id as number;
  for (const [userId, role] of others) {
    const member = await api("PUT", `/workspaces/${id}/members/${userId}`, { key: ADMIN_KEY, body: { role } });
    expect(member.status).toBe(200);
  }
  return id;
}

/** A person signed in and acting in `workspaceId` (their personal one without it): the page and the poster. */
async function actingAs(email: string, workspaceId?: number) {
  const session = await signIn(email);
  const { "X-CSRF-Token": csrf } = await sessionWriteHeaders(session);
  let cookie = session;
  if (workspaceId !== undefined) {
    const switched = await api("POST", "/app/workspace", {
      form: { csrf_token: csrf as string, workspace_id: String(workspaceId) },
      headers: { Cookie: session, Origin: ORIGIN },
    });
    expect(switched.status).toBe(303);
    cookie = `${session}; ls_workspace=${workspaceId}`;
  }
  const post = (path: string, form: Record<string, string> = {}) =>
    api("POST", path, { form: { csrf_token: csrf as string, ...form }, headers: { Cookie: cookie, Origin: ORIGIN } });
  const page = async (path = "/app/team") => {
    const answer = await api("GET", path, { headers: { Cookie: cookie } });
    return { status: answer.status, html: String(answer.body) };
  };
  return { cookie, csrf: csrf as string, post, page };
}

const rowOf = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</tr>", start));
};

describe("the web app's team page", () => {
  it("an owner sees the members, invites an address, sees it pending and revokes it", async () => {
    const [owner, editor] = [await newPerson(), await newPerson()];
    const teamId = await team(owner.id, [[editor.id, "editor"]]);
    const me = await actingAs(owner.email, teamId);

    const shown = await me.page();
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('href="/app/team" aria-current="page"');
    expect(rowOf(shown.html, `member-${owner.id}`)).toContain(owner.email);
    expect(rowOf(shown.html, `member-${owner.id}`)).toContain('<td data-label="Role" class="role-owner">owner</td>');
    expect(rowOf(shown.html, `member-${editor.id}`)).toContain('<td data-label="Role" class="role-editor">editor</td>');
    expect(shown.html).toContain(`action="/app/team/members/${editor.id}"`);
    expect(shown.html).toContain('action="/app/team/invitations"');
    expect(shown.html).toContain("No invitation is waiting.");
    expect(shown.html).toContain('name="csrf_token"');

    // Refusals next to the field, what was typed kept.
    const bad = await me.post("/app/team/invitations", { email: "not-an-address", role: "editor" });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('id="invite-email-error">email is not a valid address');
    expect(bad.body).toContain('value="not-an-address"');
    const already = await me.post("/app/team/invitations", { email: editor.email, role: "viewer" });
    expect(already.status).toBe(400);
    expect(already.body).toContain('id="invite-email-error">that address is already a member');

    const invitee = `${unique("invitee")}@linkscope.test`;
    const invited = await me.post("/app/team/invitations", { email: invitee, role: "editor" });
    expect([invited.status, invited.headers.get("Location")]).toEqual([303, "/app/team?done=invited#invitations"]);
    // The mail reaches the sink with the single-use link.
    expect(await mailedToken(invitee, 1, INVITE_PATH)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await mailsTo(invitee))[0]?.subject).toMatch(/^You are invited to Team/);

    const pending = await me.page("/app/team?done=invited");
    expect(pending.html).toContain("Invitation sent");
    const listed = await api("GET", `/workspaces/${teamId}/invitations`, { key: ADMIN_KEY });
    const invitationId = (listed.body as unknown as { id: number }[])[0]?.id as number;
    const row = rowOf(pending.html, `invitation-${invitationId}`);
    expect(row).toContain(invitee);
    expect(row).toContain('<td data-label="Role">editor</td>');
    expect(row).toMatch(/<td data-label="Expires"><time datetime="[\d-]+T[\d:]+Z">/);
    expect(row).toContain(`action="/app/team/invitations/${invitationId}/revoke"`);

    const revoked = await me.post(`/app/team/invitations/${invitationId}/revoke`);
    expect([revoked.status, revoked.headers.get("Location")]).toEqual([303, "/app/team?done=revoked"]);
    const after = await me.page("/app/team?done=revoked");
    expect(after.html).toContain("Invitation revoked");
    expect(after.html).not.toContain(invitee);
    expect((await api("GET", `/workspaces/${teamId}/invitations`, { key: ADMIN_KEY })).body).toEqual([]);
    // Revoked once: a second post finds nothing.
    expect((await me.post(`/app/team/invitations/${invitationId}/revoke`)).status).toBe(404);
  });

  it("an owner changes a member's role; the API's refusals are shown on the page", async () => {
    const [owner, admin, editor] = [await newPerson(), await newPerson(), await newPerson()];
    const teamId = await team(owner.id, [
      [admin.id, "admin"],
      [editor.id, "editor"],
    ]);
    const me = await actingAs(owner.email, teamId);

    const changed = await me.post(`/app/team/members/${editor.id}`, { role: "viewer" });
    expect([changed.status, changed.headers.get("Location")]).toEqual([
      303,
      `/app/team?done=changed#member-${editor.id}`,
    ]);
    const page = await me.page("/app/team?done=changed");
    expect(page.html).toContain("Role changed.");
    expect(rowOf(page.html, `member-${editor.id}`)).toContain('class="role-viewer">viewer</td>');
    const members = await api("GET", `/workspaces/${teamId}/members`, { key: ADMIN_KEY });
    expect(members.body).toContainEqual(expect.objectContaining({ user_id: editor.id, role: "viewer" }));

    // The last owner cannot leave, nor be demoted: the API's 409, in the owner's row.
    const leave = await me.post(`/app/team/members/${owner.id}/remove`);
    expect(leave.status).toBe(400);
    expect(leave.body).toContain(
      `<p class="error" role="alert" id="member-${owner.id}-error">the last owner cannot leave or be removed: make another member an owner first</p>`,
    );
    const demote = await me.post(`/app/team/members/${owner.id}`, { role: "admin" });
    expect(demote.status).toBe(400);
    expect(demote.body).toContain("the last owner cannot be demoted");
    const badRole = await me.post(`/app/team/members/${editor.id}`, { role: "boss" });
    expect(badRole.status).toBe(400);
    expect(badRole.body).toContain("role must be one of owner, admin, editor, viewer");

    // An admin may not make an owner, nor invite one: the API's 403, on the page.
    const byAdmin = await actingAs(admin.email, teamId);
    const promote = await byAdmin.post(`/app/team/members/${editor.id}`, { role: "owner" });
    expect(promote.status).toBe(403);
    expect(promote.body).toContain(`id="member-${editor.id}-error">only an owner may make, change or remove an owner`);
    const ownerInvite = await byAdmin.post("/app/team/invitations", {
      email: `${unique("owner")}@linkscope.test`,
      role: "owner",
    });
    expect(ownerInvite.status).toBe(403);
    expect(ownerInvite.body).toContain('id="invite-role-error">only an owner may invite an owner');

    // Removed: gone from the list and from the API's.
    const removed = await me.post(`/app/team/members/${editor.id}/remove`);
    expect([removed.status, removed.headers.get("Location")]).toEqual([303, "/app/team?done=removed"]);
    expect((await me.page()).html).not.toContain(`id="member-${editor.id}"`);

    // Another workspace's member (or no member at all) is a 404 here, as in the API.
    const stranger = await newPerson();
    await team(stranger.id);
    for (const path of [`/app/team/members/${stranger.id}`, `/app/team/members/${stranger.id}/remove`]) {
      const answer = await me.post(path, { role: "viewer" });
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      expect(answer.body).toContain("There is no such member in this workspace.");
    }
  });

  it("a viewer reads the members with no form and gets a 403 on a post", async () => {
    const [owner, viewer] = [await newPerson(), await newPerson()];
    const teamId = await team(owner.id, [[viewer.id, "viewer"]]);
    const me = await actingAs(viewer.email, teamId);
    const shown = await me.page();
    expect(shown.status).toBe(200);
    expect(rowOf(shown.html, `member-${owner.id}`)).toContain(owner.email);
    expect(shown.html).toContain("(viewer) can see its members");
    expect(shown.html).not.toContain('action="/app/team');
    expect(shown.html).not.toContain("Pending invitations");
    for (const [path, form] of [
      [`/app/team/members/${owner.id}`, { role: "viewer" }],
      [`/app/team/members/${owner.id}/remove`, {}],
      ["/app/team/invitations", { email: `${unique("x")}@linkscope.test`, role: "viewer" }],
    ] as const) {
      const answer = await me.post(path, form);
      expect({ path, status: answer.status }).toEqual({ path, status: 403 });
      expect(answer.body).toContain("cannot do this: it needs workspace:admin");
    }
    // Without the session's CSRF token nothing changes either.
    const owners = await actingAs(owner.email, teamId);
    const forged = await api("POST", `/app/team/members/${viewer.id}/remove`, {
      form: {},
      headers: { Cookie: owners.cookie, Origin: ORIGIN },
    });
    expect(forged.status).toBe(403);
    const members = await api("GET", `/workspaces/${teamId}/members`, { key: ADMIN_KEY });
    expect(members.body).toContainEqual(expect.objectContaining({ user_id: viewer.id, role: "viewer" }));
  });

  it("the personal workspace says it cannot have members and offers no form", async () => {
    const person = await newPerson();
    const me = await actingAs(person.email);
    const shown = await me.page();
    expect(shown.status).toBe(200);
    expect(shown.html).toContain("This is your personal workspace: it cannot have other members.");
    expect(rowOf(shown.html, `member-${person.id}`)).toContain(person.email);
    expect(shown.html).not.toContain('action="/app/team');
    expect(shown.html).not.toContain("Pending invitations");
    // The API refuses an invitation there too, whoever posts it.
    const workspaces = await api("GET", "/me", { headers: { Cookie: me.cookie } });
    const personal = (workspaces.body.workspaces as { id: number; kind: string }[]).find((w) => w.kind === "personal");
    const invited = await api("POST", `/workspaces/${personal?.id}/invitations`, {
      headers: await sessionWriteHeaders(me.cookie),
      body: { email: `${unique("friend")}@linkscope.test`, role: "editor" },
    });
    expect([invited.status, invited.body.error]).toEqual([
      409,
      "a personal workspace has no other members: invite people to a team workspace",
    ]);
  });

  it("a person makes a team workspace from the page: they own it, the pages act in it, and invite there", async () => {
    const person = await newPerson();
    const me = await actingAs(person.email);
    expect((await me.page()).html).toContain('action="/app/workspaces"');

    // The API's refusals of the name, next to the field, with what was typed kept.
    const blank = await me.post("/app/workspaces", { name: "   " });
    expect(blank.status).toBe(400);
    expect(String(blank.body)).toMatch(/id="workspace-name-error">[^<]*name/);
    const long = "x".repeat(300);
    const tooLong = await me.post("/app/workspaces", { name: long });
    expect(tooLong.status).toBe(400);
    expect(String(tooLong.body)).toContain(`value="${long}"`);
    expect(String(tooLong.body)).toContain('aria-invalid="true"');

    const name = unique("Launch team ");
    const made = await me.post("/app/workspaces", { name });
    expect(made.status).toBe(303);
    expect(made.headers.get("Location")).toBe("/app/team?done=created");
    const chosen = /ls_workspace=(\d+)/.exec(made.headers.get("Set-Cookie") ?? "")?.[1];
    expect(chosen).toBeDefined();
    const owned = await api("GET", `/workspaces/${chosen}/members`, { headers: { Cookie: me.cookie } });
    expect(owned.status).toBe(200);
    expect((owned.body as unknown as { user_id: number; role: string }[]).map((m) => [m.user_id, m.role])).toEqual([
      [person.id, "owner"],
    ]);
    const there = await api("GET", "/app/team?done=created", {
      headers: { Cookie: `${me.cookie}; ls_workspace=${chosen}` },
    });
    const html = String(there.body);
    expect(html).toContain("Workspace made: you own it");
    expect(html).toContain(`<strong>${name}</strong> (team); your role: owner.`);
    expect(html).toContain('action="/app/team/invitations"');

    // Without the session's CSRF token, nothing is made.
    const forged = await api("POST", "/app/workspaces", {
      form: { name: unique("Forged ") },
      headers: { Cookie: me.cookie, Origin: ORIGIN },
    });
    expect(forged.status).toBe(403);
  });
});
