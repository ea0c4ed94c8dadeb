// Invitations by email, end to end through the SMTP sink (issue 29): an admin invites an address with a
// role; its person (an account made for them if they had none) signs in with that address and accepts,
// once; anyone else, a reused, revoked or expired invitation, or another site is refused.
import { describe, expect, it } from "vitest";
import { openTestDatabase, unique } from "../harness";
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

async function teamOwnedBy(ownerId: number) {
  const team = await api("POST", "/workspaces", {
    key: ADMIN_KEY,
    body: { name: unique("Team"), owner_user_id: ownerId },
  });
  expect(team.status).toBe(201);
  return team.body.id as number;
}

describe("invitations", () => {
  it("an owner invites a new address; its person signs in, accepts once, and holds the role", async () => {
    const owner = await newPerson();
    const team = await teamOwnedBy(owner.id);
    const ownerHeaders = await sessionWriteHeaders(await signIn(owner.email));
    const invitee = `${unique("invitee")}@linkscope.test`;

    const invited = await api("POST", `/workspaces/${team}/invitations`, {
      body: { email: invitee, role: "editor" },
      headers: ownerHeaders,
    });
    expect(invited).toMatchObject({ status: 201, body: { email: invitee, role: "editor" } });
    const token = await mailedToken(invitee, 1, INVITE_PATH);
    const [mail] = await mailsTo(invitee);
    expect(mail?.subject).toMatch(/^You are invited to Team/);
    const pending = await api("GET", `/workspaces/${team}/invitations`, {
      headers: { Cookie: ownerHeaders.Cookie ?? "" },
    });
    expect(pending.body).toMatchObject([{ email: invitee, role: "editor" }]);

    // The invitee has no account: asking for a sign-in link makes one, and they sign in.
    const inviteeCookie = await signIn(invitee);
    // A scanner (or the person, signed out) fetching the link spends nothing.
    const signedOutPage = await api("GET", `${INVITE_PATH}?token=${token}`);
    expect(signedOutPage.status).toBe(200);
    expect(String(signedOutPage.body)).toContain("Sign in with the email address");
    const page = await api("GET", `${INVITE_PATH}?token=${token}`, { headers: { Cookie: inviteeCookie } });
    expect(String(page.body)).toContain("Accept the invitation");

    const accepted = await api("POST", INVITE_PATH, {
      form: { token },
      headers: { Cookie: inviteeCookie, Origin: ORIGIN },
    });
    expect(accepted.status).toBe(303);
    // On to the web app, acting in the workspace joined.
    expect(accepted.headers.get("Location")).toBe("/app/links");
    expect(accepted.headers.get("Set-Cookie")).toContain(`ls_workspace=${team}`);
    const me = await api("GET", "/me", { headers: { Cookie: inviteeCookie } });
    expect(me.body.workspaces).toContainEqual(expect.objectContaining({ id: team, role: "editor" }));

    const again = await api("POST", INVITE_PATH, {
      body: { token },
      headers: { Cookie: inviteeCookie, Origin: ORIGIN },
    });
    expect(again).toMatchObject({ status: 404, body: { error: "invitation not found, used, revoked or expired" } });

    const audit = await api("GET", `/workspaces/${team}/audit`, { headers: { Cookie: ownerHeaders.Cookie ?? "" } });
    const actions = (audit.body.events as { action: string; actor: { kind: string } }[]).map((e) => [
      e.action,
      e.actor.kind,
    ]);
    expect(actions.slice(0, 2)).toEqual([
      ["member.added", "person"],
      ["invitation.created", "person"],
    ]);
  });

  it("only the invited address accepts; not signed in, another site, revoked or expired: refused", async () => {
    const owner = await newPerson();
    const team = await teamOwnedBy(owner.id);
    const invitee = await newPerson();
    const stranger = await newPerson();
    const invite = async () => {
      const count = (await mailsTo(invitee.email)).length;
      const answer = await api("POST", `/workspaces/${team}/invitations`, {
        key: ADMIN_KEY,
        body: { email: invitee.email.toUpperCase(), role: "viewer" },
      });
      expect(answer.status).toBe(201);
      return {
        id: answer.body.id as number,
        token: await mailedToken(invitee.email.toUpperCase(), count + 1, INVITE_PATH),
      };
    };
    const { token } = await invite();

    const strangerCookie = await signIn(stranger.email);
    const notYours = await api("POST", INVITE_PATH, {
      body: { token },
      headers: { Cookie: strangerCookie, Origin: ORIGIN },
    });
    expect(notYours).toMatchObject({
      status: 403,
      body: { error: "this invitation is for another address: sign in with the address it was sent to" },
    });
    expect((await api("POST", INVITE_PATH, { body: { token }, headers: { Origin: ORIGIN } })).status).toBe(401);
    const inviteeCookie = await signIn(invitee.email);
    const crossSite = await api("POST", INVITE_PATH, {
      form: { token },
      headers: { Cookie: inviteeCookie, Origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);

    // Revoked, then expired: both refused like an unknown one.
    const revokedOne = await invite();
    expect((await api("DELETE", `/workspaces/${team}/invitations/${revokedOne.id}`, { key: ADMIN_KEY })).status).toBe(
      204,
    );
    const revoked = await api("POST", INVITE_PATH, {
      body: { token: revokedOne.token },
      headers: { Cookie: inviteeCookie, Origin: ORIGIN },
    });
    expect(revoked.status).toBe(404);
    const expiredOne = await invite();
    const handle = openTestDatabase();
    try {
      await handle.db.execute(
        `UPDATE workspace_invitations SET expires_at = now() - interval '1 second' WHERE id = ${expiredOne.id}` as never,
      );
    } finally {
      await handle.close();
    }
    const expired = await api("POST", INVITE_PATH, {
      body: { token: expiredOne.token },
      headers: { Cookie: inviteeCookie, Origin: ORIGIN },
    });
    expect(expired.status).toBe(404);

    // The first invitation still works for its own person (the refusals spent nothing).
    const joined = await api("POST", INVITE_PATH, {
      body: { token },
      headers: { Cookie: inviteeCookie, Origin: ORIGIN },
    });
    expect(joined).toMatchObject({ status: 200, body: { workspace_id: team, role: "viewer", joined: true } });
  });

  it("who may invite: admins (an owner only by an owner); never a member twice; bad input named", async () => {
    const owner = await newPerson();
    const admin = await newPerson();
    const editor = await newPerson();
    const team = await teamOwnedBy(owner.id);
    for (const [person, role] of [
      [admin, "admin"],
      [editor, "editor"],
    ] as const) {
      await api("PUT", `/workspaces/${team}/members/${person.id}`, { key: ADMIN_KEY, body: { role } });
    }
    const adminHeaders = await sessionWriteHeaders(await signIn(admin.email));
    const editorHeaders = await sessionWriteHeaders(await signIn(editor.email));
    const invite = (headers: Record<string, string>, body: unknown) =>
      api("POST", `/workspaces/${team}/invitations`, { body, headers });

    expect((await invite(adminHeaders, { email: `${unique("a")}@linkscope.test`, role: "editor" })).status).toBe(201);
    expect(await invite(adminHeaders, { email: `${unique("o")}@linkscope.test`, role: "owner" })).toMatchObject({
      status: 403,
      body: { error: "only an owner may invite an owner" },
    });
    expect(await invite(editorHeaders, { email: `${unique("e")}@linkscope.test`, role: "viewer" })).toMatchObject({
      status: 403,
      body: { error: "your role in this workspace (editor) does not hold the workspace:admin scope" },
    });
    expect(await invite(adminHeaders, { email: editor.email, role: "viewer" })).toMatchObject({
      status: 409,
      body: { error: "that address is already a member" },
    });
    for (const body of [
      { role: "viewer" },
      { email: "nope", role: "viewer" },
      { email: "a@b.c", role: "boss" },
      { email: "a@b.c" },
    ]) {
      expect((await invite(adminHeaders, body)).status).toBe(400);
    }
    // Another workspace's invitations are a 404 to a member of this one.
    const elsewhere = await teamOwnedBy((await newPerson()).id);
    const other = await api("GET", `/workspaces/${elsewhere}/invitations`, {
      headers: { Cookie: adminHeaders.Cookie ?? "" },
    });
    expect(other.status).toBe(404);
  });
});
