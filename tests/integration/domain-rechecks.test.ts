// The cron's domain checks (issue 30): a pending domain becomes active when Cloudflare has proven it; an
// active one whose CNAME moves away turns unhealthy and its workspace's owners and admins are mailed
// (through the SMTP sink), as they are when it recovers; a domain pending for two weeks is reminded once.
// The job runs at a scheduled time in 2000, and only this test's domains are due then.
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { recheckDomains } from "../../worker/jobs/domain-rechecks";
import { openTestDatabase, unique } from "../harness";
import { ADMIN_KEY, api, mailsTo, newPerson, overrides } from "../session-harness";

const DESTINATIONS = (env as unknown as { TEST_DESTINATIONS_URL: string }).TEST_DESTINATIONS_URL;
const zone = unique("rezone").replace(/[^a-z0-9]/gi, "");
const cloudflareSettings = {
  ...overrides,
  ALERT_EMAIL_TO: "",
  DOMAIN_PROVIDER: "cloudflare-saas",
  CLOUDFLARE_ZONE_ID: zone,
  CLOUDFLARE_API_TOKEN: "test-token",
  CLOUDFLARE_API_URL: `${DESTINATIONS}/cloudflare/client/v4`,
};
const THEN = Date.parse("2000-01-02T00:00:00Z");

async function cloudflare(change: Record<string, unknown>) {
  const answer = await fetch(`${DESTINATIONS}/cloudflare/__control`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ zone_id: zone, ...change }),
  });
  expect(answer.status).toBe(200);
}

async function inDatabase(statement: ReturnType<typeof sql>) {
  const handle = openTestDatabase();
  try {
    await handle.db.execute(statement);
  } finally {
    await handle.close();
  }
}

/** The domain due at THEN (only this test's are), then the job run at THEN. */
async function recheck(id: number) {
  await inDatabase(sql`UPDATE domains SET next_check_at = '2000-01-01T00:00:00Z' WHERE id = ${id}`);
  await recheckDomains({ ...env, ...cloudflareSettings } as unknown as Env, THEN);
}

/** A team owned by `ownerId` and a domain it claims (pending: Cloudflare has proven nothing yet). */
async function teamDomain(ownerId: number) {
  const team = await api("POST", "/workspaces", {
    key: ADMIN_KEY,
    body: { name: unique("Team"), owner_user_id: ownerId },
  });
  const name = `go.${unique("rc")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "")}.example.com`;
  const made = await api("POST", "/domains", {
    key: ADMIN_KEY,
    overrides: cloudflareSettings,
    headers: { "X-Workspace-Id": String(team.body.id) },
    body: { hostname: name },
  });
  expect(made).toMatchObject({ status: 201, body: { state: "pending", workspace_id: team.body.id } });
  return { teamId: team.body.id as number, name, id: made.body.id as number };
}

const subjects = async (email: string) => (await mailsTo(email)).map((mail) => mail.subject);

describe("the cron's domain checks", () => {
  it("activates a proven domain, turns a lost one unhealthy with its owners mailed, and mails the recovery", async () => {
    const [owner, admin, editor] = [await newPerson(), await newPerson(), await newPerson()];
    const { teamId, name, id } = await teamDomain(owner.id);
    for (const [person, role] of [
      [admin, "admin"],
      [editor, "editor"],
    ] as const) {
      await api("PUT", `/workspaces/${teamId}/members/${person.id}`, { key: ADMIN_KEY, body: { role } });
    }
    const read = async () =>
      (await api("GET", `/domains/${id}`, { key: ADMIN_KEY, overrides: cloudflareSettings })).body;

    await recheck(id);
    expect(await read()).toMatchObject({ state: "pending" });
    await cloudflare({ hostname: name, status: "active", ssl_status: "active" });
    await recheck(id);
    expect(await read()).toMatchObject({ state: "active", ownership: "verified", certificate: "active" });

    await cloudflare({
      hostname: name,
      status: "moved",
      verification_errors: ["custom hostname does not CNAME to this zone."],
    });
    await recheck(id);
    expect(await read()).toMatchObject({ state: "unhealthy", problem: "custom hostname does not CNAME to this zone." });
    const lost = `[Linkscope] ${name} stopped verifying`;
    expect(await subjects(owner.email)).toEqual([lost]);
    expect(await subjects(admin.email)).toEqual([lost]);
    expect(await subjects(editor.email)).toEqual([]);
    // Still lost a check later: no second mail.
    await recheck(id);
    expect(await subjects(owner.email)).toEqual([lost]);

    await cloudflare({ hostname: name, status: "active", verification_errors: [] });
    await recheck(id);
    expect(await read()).toMatchObject({ state: "active" });
    expect(await subjects(owner.email)).toEqual([lost, `[Linkscope] ${name} verifies again`]);

    const audit = await api("GET", `/workspaces/${teamId}/audit?actor_kind=system`, {
      key: ADMIN_KEY,
      overrides: cloudflareSettings,
    });
    expect((audit.body.events as { action: string }[]).map((event) => event.action)).toEqual([
      "domain.active",
      "domain.unhealthy",
      "domain.active",
    ]);
  });

  it("reminds a domain still pending after two weeks once, and keeps it", async () => {
    const owner = await newPerson();
    const { name, id } = await teamDomain(owner.id);
    await inDatabase(sql`UPDATE domains SET created_at = '1999-12-01T00:00:00Z' WHERE id = ${id}`);
    await recheck(id);
    await recheck(id);
    const reminders = await subjects(owner.email);
    expect(reminders).toEqual([`[Linkscope] ${name} is still waiting for its DNS records`]);
    const mail = (await mailsTo(owner.email))[0]?.text ?? "";
    expect(mail).toContain(`CNAME ${name}`);
    expect((await api("GET", `/domains/${id}`, { key: ADMIN_KEY, overrides: cloudflareSettings })).body.state).toBe(
      "pending",
    );
  });
});
