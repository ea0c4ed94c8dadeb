// Custom domains proven by a TXT record (DOMAIN_PROVIDER=manual, issue 30): the operator routes the
// hostname and terminates TLS, and the workspace proves it holds the name with our TXT record, read
// through the DNS-over-HTTPS resolver. Here that is the local one the test runner starts
// (scripts/lib/dns-json-resolver.ts), whose records each test publishes for its own hostnames.
// Production settings: keys required, no Cloudflare keys at all.
import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { domains } from "../../db/schema";
import { recheckDomains } from "../../worker/jobs/domain-rechecks";
import { callApi, openTestDatabase, unique } from "../harness";
import { ADMIN_KEY, api, mailsTo, newPerson, overrides } from "../session-harness";

const RESOLVER = (env as unknown as { TEST_DNS_RESOLVER_URL: string }).TEST_DNS_RESOLVER_URL;
/** Nothing listens there: a resolver that is down. */
const RESOLVER_DOWN = "http://127.0.0.1:9/dns-query";
const manual = {
  ...overrides,
  ALERT_EMAIL_TO: "",
  // Manual domains' CNAME points at the operator's own proxy.
  DOMAIN_CNAME_TARGET: "proxy.example.test",
  DOMAIN_PROVIDER: "manual",
  DNS_RESOLVER_URL: RESOLVER,
};
const resolverDown = { ...manual, DNS_RESOLVER_URL: RESOLVER_DOWN };
const asAdmin = (method: string, path: string, options: Parameters<typeof callApi>[2] = {}) =>
  api(method, path, { key: ADMIN_KEY, overrides: manual, ...options });

const hostname = () =>
  `go.${unique("mn")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "")}.example.com`;

/** Publishes the TXT records of `name` on the local resolver (each a text or its strings); null removes them. */
async function publishTxt(name: string, values: (string | string[])[] | null) {
  const answer = await fetch(new URL("/__txt", RESOLVER), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, values }),
  });
  expect(answer.status).toBe(200);
}

/** A domain claimed for the operator's workspace, with the TXT record it must publish. */
async function claim(options: Parameters<typeof callApi>[2] = {}) {
  const name = hostname();
  const made = await asAdmin("POST", "/domains", { body: { hostname: name }, ...options });
  expect(made.status).toBe(201);
  const txt = (made.body.dns_records as { type: string; name: string; value: string }[]).find(
    (record) => record.type === "TXT",
  );
  if (!txt) throw new Error("no TXT record answered");
  const verify = (settings = manual) => asAdmin("POST", `/domains/${made.body.id}/verify`, { overrides: settings });
  return { name, id: made.body.id as number, txtName: txt.name, txtValue: txt.value, verify };
}

describe("custom domains proven by a TXT record", () => {
  it("answers our TXT record and stays pending, naming the record, until it is published; then active", async () => {
    const name = hostname();
    const made = await asAdmin("POST", "/domains", { body: { hostname: name } });
    expect(made).toMatchObject({
      status: 201,
      body: {
        state: "pending",
        provider: "manual",
        ownership: "pending",
        certificate: "none",
        problem: null,
        dns_records: [
          { type: "CNAME", name, value: "proxy.example.test" },
          {
            type: "TXT",
            name: `_linkscope-challenge.${name}`,
            value: expect.stringMatching(/^linkscope-verify=\S{40,}$/),
          },
        ],
      },
    });
    const txtValue = made.body.dns_records[1].value as string;
    const verify = () => asAdmin("POST", `/domains/${made.body.id}/verify`);

    expect(await verify()).toMatchObject({
      status: 200,
      body: {
        state: "pending",
        ownership: "pending",
        problem: `no TXT record at _linkscope-challenge.${name}: create it with the value ${txtValue}`,
      },
    });

    // Other services' proofs on the same name are no matter: one record holding the value is enough.
    await publishTxt(`_linkscope-challenge.${name}`, ["google-site-verification=abc", txtValue]);
    const live = await verify();
    expect(live).toMatchObject({
      status: 200,
      body: { state: "active", ownership: "verified", certificate: "none", problem: null },
    });
    expect(live.body.verified_at).toEqual(expect.any(String));
  });

  it("another value proves nothing, and the problem says what the value must be", async () => {
    const { txtName, txtValue, verify } = await claim();
    await publishTxt(txtName, ["linkscope-verify=someone-elses"]);
    expect(await verify()).toMatchObject({
      status: 200,
      body: {
        state: "pending",
        ownership: "failed",
        problem: `the TXT record at ${txtName} holds another value: set it to exactly ${txtValue}`,
      },
    });
    await publishTxt(txtName, [txtValue]);
    expect((await verify()).body).toMatchObject({ state: "active", ownership: "verified" });
    // The value changed under a serving domain: unhealthy, with the same words.
    await publishTxt(txtName, ["linkscope-verify=someone-elses"]);
    expect((await verify()).body).toMatchObject({ state: "unhealthy", ownership: "failed" });
  });

  it("a record published as several strings is read joined", async () => {
    const { txtName, txtValue, verify } = await claim();
    await publishTxt(txtName, [[txtValue.slice(0, 10), txtValue.slice(10, 30), txtValue.slice(30)]]);
    expect((await verify()).body).toMatchObject({ state: "active", ownership: "verified", problem: null });
  });

  it("a resolver that is down is a 503 naming the record, and changes no domain's state", async () => {
    // Claiming asks no resolver: the record's value is made then.
    const pending = await claim({ overrides: resolverDown });
    const down = await pending.verify(resolverDown);
    expect(down).toMatchObject({
      status: 503,
      body: {
        error: `the DNS resolver cannot be reached to read the TXT record at ${pending.txtName}: try again shortly`,
      },
    });
    expect((await asAdmin("GET", `/domains/${pending.id}`)).body).toMatchObject({ state: "pending" });

    const serving = await claim();
    await publishTxt(serving.txtName, [serving.txtValue]);
    expect((await serving.verify()).body).toMatchObject({ state: "active" });
    expect((await serving.verify(resolverDown)).status).toBe(503);
    expect((await asAdmin("GET", `/domains/${serving.id}`)).body).toMatchObject({
      state: "active",
      ownership: "verified",
      problem: null,
    });
  });

  it("the setting is named when it is wrong, and manual needs no Cloudflare keys", async () => {
    const wrong = await callApi("GET", "/domains", {
      key: ADMIN_KEY,
      overrides: { ...manual, DOMAIN_PROVIDER: "by-hand" },
    });
    expect(wrong.status).toBe(500);
    expect(wrong.body.error).toBe(
      "server misconfigured: DOMAIN_PROVIDER: must be cloudflare-saas, manual or none (or empty)",
    );
    expect((await asAdmin("GET", "/domains")).status).toBe(200);
  });
});

describe("the cron's checks of manual domains", () => {
  // Before any other test's scheduled time (domain-rechecks.test.ts runs in 2000): only this file's
  // domains are due then.
  const THEN = Date.parse("1990-01-02T00:00:00Z");
  const DAY_MS = 86_400_000;

  async function nextCheckAt(id: number): Promise<number> {
    const handle = openTestDatabase();
    try {
      const [row] = await handle.db
        .select({ nextCheckAt: domains.nextCheckAt })
        .from(domains)
        .where(eq(domains.id, id));
      if (!row) throw new Error(`domain ${id} is gone`);
      return row.nextCheckAt.getTime();
    } finally {
      await handle.close();
    }
  }

  /**
   * The domain due at THEN, then the job run at THEN under `settings`. Another test's job, at its own
   * later time, may claim the domain first (and skip it: another provider's); then it is run again.
   */
  async function recheck(id: number, settings: Record<string, string>) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const handle = openTestDatabase();
      try {
        await handle.db.execute(sql`UPDATE domains SET next_check_at = '1990-01-01T00:00:00Z' WHERE id = ${id}`);
      } finally {
        await handle.close();
      }
      await recheckDomains({ ...env, ...settings } as unknown as Env, THEN);
      if ((await nextCheckAt(id)) < THEN + 2 * DAY_MS) return;
    }
    throw new Error(`domain ${id} was never checked at ${new Date(THEN).toISOString()}`);
  }

  it("turns an active domain unhealthy when its record disappears, mailing its owners; never for a resolver outage", async () => {
    const owner = await newPerson();
    const team = await api("POST", "/workspaces", {
      key: ADMIN_KEY,
      body: { name: unique("Team"), owner_user_id: owner.id },
    });
    const { name, id, txtName, txtValue } = await claim({ headers: { "X-Workspace-Id": String(team.body.id) } });
    const read = async () => (await asAdmin("GET", `/domains/${id}`)).body;

    await recheck(id, manual);
    expect(await read()).toMatchObject({ state: "pending", ownership: "pending" });
    await publishTxt(txtName, [txtValue]);
    await recheck(id, manual);
    expect(await read()).toMatchObject({ state: "active", ownership: "verified", certificate: "none" });

    await recheck(id, resolverDown);
    expect(await read()).toMatchObject({ state: "active", ownership: "verified", problem: null });
    expect(await mailsTo(owner.email)).toEqual([]);

    await publishTxt(txtName, null);
    await recheck(id, manual);
    expect(await read()).toMatchObject({
      state: "unhealthy",
      ownership: "pending",
      problem: `no TXT record at ${txtName}: create it with the value ${txtValue}`,
    });
    expect((await mailsTo(owner.email)).map((mail) => mail.subject)).toEqual([`[Linkscope] ${name} stopped verifying`]);
  });
});
