// The web app's webhooks page (issue 31): an owner adds an endpoint and sees its signing secret once, in
// the form's answer (never in the list or a page afterwards), and that secret signs what the receiver
// gets; a test ping, a rotation (the new secret once), disable, enable, a retry of a failed delivery
// and a delete behind its confirmation; the API's refusals next to their field with what was typed
// kept; another workspace's endpoint is a 404; roles without webhooks:write see no list, no form, and
// are refused every post, as is a post without the CSRF token.
import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import type { WebhookMessage } from "../../worker/services/webhooks/deliver-once";
import {
  callWorker,
  type EnvOverrides,
  ALLOW_PRIVATE as LOCAL,
  openTestDatabase,
  TEST_DESTINATIONS_URL as SERVER,
  unique,
} from "../harness";
import { ADMIN_KEY, api, newPerson, ORIGIN, overrides, sessionWriteHeaders, signIn } from "../session-harness";

const database = openTestDatabase();
afterAll(() => database.close());

/**
 * The session's settings and, for an http receiver on loopback, private destinations allowed (which
 * the config refuses with REQUIRE_API_KEYS=true; the pages read the session cookie either way).
 */
const local: EnvOverrides = { ...overrides, REQUIRE_API_KEYS: "false", ...LOCAL };

interface Answer {
  status: number;
  headers: Headers;
  html: string;
}

async function call(path: string, init: RequestInit, settings: EnvOverrides): Promise<Answer> {
  const { response, settled } = await callWorker(path, init, settings);
  const html = await response.text();
  await settled();
  return { status: response.status, headers: response.headers, html };
}

/** A person signed in: their page reader and form poster (fields may repeat, as checkboxes do). */
async function signedIn(email: string, extraCookies = "") {
  const session = await signIn(email);
  const csrf = (await sessionWriteHeaders(session))["X-CSRF-Token"] as string;
  const cookie = extraCookies ? `${session}; ${extraCookies}` : session;
  const page = (path: string, settings: EnvOverrides = local) => call(path, { headers: { Cookie: cookie } }, settings);
  const post = (path: string, fields: [string, string][] = [], settings: EnvOverrides = local, token = csrf) =>
    call(
      path,
      {
        method: "POST",
        headers: { Cookie: cookie, Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams([
          ...(token ? [["csrf_token", token] as [string, string]] : []),
          ...fields,
        ]).toString(),
      },
      settings,
    );
  return { cookie, page, post };
}

type Person = Awaited<ReturnType<typeof signedIn>>;

const occurrences = (text: string, part: string) => text.split(part).length - 1;
const secretIn = (html: string) => /value="(whsec_[A-Za-z0-9+/=]+)"/.exec(html)?.[1];

interface Received {
  method: string;
  headers: Record<string, string>;
  body: string;
}

async function received(prefix: string): Promise<Received[]> {
  const response = await fetch(`${SERVER}/__requests?prefix=${encodeURIComponent(prefix)}`);
  return ((await response.json()) as Received[]).filter((request) => request.method === "POST");
}

/** Adds an endpoint through the page's form; answers its id, its secret and its receiver's path prefix. */
async function addWebhook(me: Person, behaviour = "accept", events = ["link.created"], extra: [string, string][] = []) {
  const prefix = `/${unique("web-hook")}`;
  const url = `${SERVER}${prefix}/${behaviour}`;
  const made = await me.post("/app/webhooks", [
    ["url", url],
    ...events.map((event) => ["events", event] as [string, string]),
    ...extra,
  ]);
  expect(made.status).toBe(200);
  const secret = secretIn(made.html) ?? "";
  expect(secret).not.toBe("");
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const id = new RegExp(
    `<tr id="webhook-(\\d+)"><td data-label="Receiver" class="webhook-url"><a href="/app/webhooks/\\d+">(?:[^<]*</a><div class="note">)?${escaped}`,
  ).exec(made.html)?.[1];
  expect(id).toBeDefined();
  return { id: Number(id), secret, url, prefix, html: made.html };
}

describe("the web app's webhooks page", () => {
  it("an owner adds a webhook whose secret is shown once and signs what the receiver gets", async () => {
    const me = await signedIn((await newPerson()).email);
    const empty = await me.page("/app/webhooks");
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('href="/app/webhooks" aria-current="page"');
    expect(empty.html).toContain('action="/app/webhooks"');
    expect(empty.html).toContain('name="csrf_token"');
    expect(empty.html).toContain("No webhooks in");

    const description = unique("CRM sync");
    const prefix = `/${unique("web-hook")}`;
    const url = `${SERVER}${prefix}/accept`;
    const made = await me.post("/app/webhooks", [
      ["url", url],
      ["events", "link.created"],
      ["events", "link.clicked"],
      ["description", description],
      ["click_classes", "all"],
    ]);
    // The answer itself, not a redirect: the secret is in no URL and no cookie, and is not cached.
    expect(made.status).toBe(200);
    expect(made.headers.get("Location")).toBeNull();
    expect(made.headers.get("Set-Cookie")).toBeNull();
    expect(made.headers.get("Cache-Control")).toContain("no-store");
    expect(made.html).toContain("it will not be shown again");
    const secret = secretIn(made.html) ?? "";
    expect(secret).toMatch(/^whsec_/);
    expect(occurrences(made.html, secret)).toBe(1);
    expect(occurrences(made.html, "whsec_")).toBe(1);
    const id = /<tr id="webhook-(\d+)">/.exec(made.html)?.[1];
    expect(id).toBeDefined();
    expect(made.html).toContain(`<a href="/app/webhooks/${id}">${description}</a>`);
    expect(made.html).toContain('<span class="tag">link.created</span><span class="tag">link.clicked</span>');
    expect(made.html).toContain("active, nothing delivered yet");

    // Listed afterwards, the secret never again.
    const listed = await me.page("/app/webhooks");
    expect(listed.html).toContain(url);
    expect(listed.html).not.toContain(secret);
    expect(listed.html).not.toContain("whsec_");
    expect(listed.html).not.toContain("it will not be shown again");

    // Its page: the settings as made, no delivery yet, and no secret.
    const own = await me.page(`/app/webhooks/${id}`);
    expect(own.status).toBe(200);
    expect(own.html).toContain('href="/app/webhooks" aria-current="page"');
    expect(own.html).toContain("No deliveries yet.");
    expect(own.html).toContain('<option value="all" selected="">');
    expect(own.html).toContain('value="link.clicked" checked=""');
    expect(own.html).not.toContain('value="link.updated" checked=""');
    expect(own.html).not.toContain("whsec_");

    // A test ping: signed with the secret the form showed, as Standard Webhooks verify it.
    const pinged = await me.post(`/app/webhooks/${id}/test`);
    expect(pinged.status).toBe(200);
    expect(pinged.html).toMatch(/Test ping delivered: the receiver answered 20\d in \d+ ms/);
    expect(pinged.html).toContain('<td data-label="Event">ping</td><td data-label="State" class="delivery-delivered">');
    expect(pinged.html).not.toContain("whsec_");
    const [ping] = await received(prefix);
    expect(ping).toBeDefined();
    const verified = new Webhook(secret).verify(ping?.body ?? "", ping?.headers ?? {}) as { type: string };
    expect(verified.type).toBe("ping");

    // Rotated: the new secret once, in the answer; the receiver's next ping is signed with it.
    const rotated = await me.post(`/app/webhooks/${id}/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get("Location")).toBeNull();
    expect(rotated.headers.get("Cache-Control")).toContain("no-store");
    const newSecret = secretIn(rotated.html) ?? "";
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    expect(occurrences(rotated.html, "whsec_")).toBe(1);
    expect(rotated.html).toContain("Previous secret");
    const after = await me.page(`/app/webhooks/${id}`);
    expect(after.html).not.toContain("whsec_");
    expect(after.html).toContain("Previous secret");
    await me.post(`/app/webhooks/${id}/test`);
    const second = (await received(prefix))[1];
    expect(second).toBeDefined();
    expect(() => new Webhook(newSecret).verify(second?.body ?? "", second?.headers ?? {})).not.toThrow();

    // Without the session's CSRF token: refused, nothing rotated.
    const forged = await me.post(`/app/webhooks/${id}/rotate`, [], local, "");
    expect(forged.status).toBe(403);
    expect(forged.html).not.toContain("whsec_");
    const forgedCreate = await me.post(
      "/app/webhooks",
      [
        ["url", url],
        ["events", "link.created"],
      ],
      local,
      "",
    );
    expect(forgedCreate.status).toBe(403);
    expect(occurrences((await me.page("/app/webhooks")).html, '<tr id="webhook-')).toBe(1);

    // Disabled: no ping button, and a ping is the API's refusal in its words; enabled again.
    const disabled = await me.post(`/app/webhooks/${id}/disable`);
    expect([disabled.status, disabled.headers.get("Location")]).toEqual([303, `/app/webhooks/${id}?done=disabled`]);
    const off = await me.page(`/app/webhooks/${id}?done=disabled`);
    expect(off.html).toContain("disabled by a member");
    expect(off.html).toContain("Disabled: no events are sent");
    expect(off.html).not.toContain(`action="/app/webhooks/${id}/test"`);
    expect(off.html).toContain(`action="/app/webhooks/${id}/enable"`);
    const refused = await me.post(`/app/webhooks/${id}/test`);
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("the webhook is disabled: enable it first");
    const enabled = await me.post(`/app/webhooks/${id}/enable`);
    expect([enabled.status, enabled.headers.get("Location")]).toEqual([303, `/app/webhooks/${id}?done=enabled`]);
    expect((await me.page(`/app/webhooks/${id}`)).html).toContain("active, healthy");

    // Deleted (behind the confirmation): gone from the list, its page a 404.
    expect(after.html).toContain("<summary>Delete…</summary>");
    const deleted = await me.post(`/app/webhooks/${id}/delete`);
    expect([deleted.status, deleted.headers.get("Location")]).toEqual([303, "/app/webhooks?done=deleted"]);
    const gone = await me.page("/app/webhooks?done=deleted");
    expect(gone.html).toContain("Webhook deleted");
    expect(gone.html).not.toContain(url);
    expect((await me.page(`/app/webhooks/${id}`)).status).toBe(404);
    expect((await me.post(`/app/webhooks/${id}/delete`)).status).toBe(404);
  });

  it("refusals stand next to their field in the API's words, what was typed stays, and no secret is made", async () => {
    const me = await signedIn((await newPerson()).email);
    const expectRefused = (answer: Answer, field: string, message: string) => {
      expect(answer.status).toBe(400);
      expect(answer.html).not.toContain("whsec_");
      expect(answer.html).toContain(`<p class="error" id="webhook-${field}-error">${message}`);
      expect(answer.html).toContain(`aria-invalid="true" aria-describedby="webhook-${field}`);
    };

    const noEvents = await me.post("/app/webhooks", [
      ["url", "https://hooks.example.com/typed"],
      ["description", "Kept description"],
    ]);
    expectRefused(noEvents, "events", "events must name at least one event type");
    expect(noEvents.html).toContain('value="https://hooks.example.com/typed"');
    expect(noEvents.html).toContain('value="Kept description"');

    // Without ALLOW_PRIVATE_DESTINATIONS, as in production: https only, and no private address.
    const plain = await me.post(
      "/app/webhooks",
      [
        ["url", "http://hooks.example.com/x"],
        ["events", "link.updated"],
      ],
      overrides,
    );
    expectRefused(plain, "url", "url: webhooks are delivered over https only");
    expect(plain.html).toContain('value="http://hooks.example.com/x"');
    expect(plain.html).toContain('value="link.updated" checked=""');
    const inside = await me.post(
      "/app/webhooks",
      [
        ["url", "https://10.0.0.7/hook"],
        ["events", "link.created"],
      ],
      overrides,
    );
    expectRefused(inside, "url", "url: ");
    expect(inside.html).toContain('value="https://10.0.0.7/hook"');
    const notUrl = await me.post("/app/webhooks", [
      ["url", "not a url"],
      ["events", "link.created"],
    ]);
    expectRefused(notUrl, "url", "url");

    const badFilter = await me.post("/app/webhooks", [
      ["url", "https://hooks.example.com/f"],
      ["events", "link.created"],
      ["filter", "12, abc"],
    ]);
    expectRefused(badFilter, "filter", "filter.url_ids must be an array of url ids");
    expect(badFilter.html).toContain('value="12, abc"');

    // Another workspace's link in the filter: the use case's refusal, naming it.
    const stranger = await api("POST", "/urls", {
      key: ADMIN_KEY,
      body: { original_url: "https://example.com/theirs" },
    });
    expect(stranger.status).toBe(201);
    const foreign = await me.post("/app/webhooks", [
      ["url", "https://hooks.example.com/g"],
      ["events", "link.created"],
      ["filter", String(stranger.body.id)],
    ]);
    expectRefused(foreign, "filter", `filter.url_ids: url ${stranger.body.id} is not one of the workspace&#39;s links`);

    const longDescription = await me.post("/app/webhooks", [
      ["url", "https://hooks.example.com/d"],
      ["events", "link.created"],
      ["description", "d".repeat(201)],
    ]);
    expectRefused(longDescription, "description", "description must be at most 200 characters");

    // The workspace's cap (MAX_WEBHOOKS_PER_OWNER) is the form's own error, in the API's words.
    await addWebhook(me);
    const capped = await me.post(
      "/app/webhooks",
      [
        ["url", `${SERVER}/${unique("cap")}/accept`],
        ["events", "link.created"],
      ],
      {
        ...local,
        MAX_WEBHOOKS_PER_OWNER: "1",
      },
    );
    expect(capped.status).toBe(400);
    expect(capped.html).toContain("a workspace has at most 1 webhook endpoints (MAX_WEBHOOKS_PER_OWNER)");
    expect(capped.html).not.toContain("whsec_");

    // Nothing refused was made.
    expect(occurrences((await me.page("/app/webhooks")).html, '<tr id="webhook-')).toBe(1);
  });

  it("the settings form changes what was changed, with the API's refusals next to their field", async () => {
    const me = await signedIn((await newPerson()).email);
    const hook = await addWebhook(me);
    const link = await api("POST", "/urls", {
      headers: await sessionWriteHeaders(me.cookie.split("; ")[0] ?? ""),
      body: { original_url: "https://example.com/mine" },
    });
    expect(link.status).toBe(201);
    const same = await me.post(`/app/webhooks/${hook.id}`, [
      ["url", hook.url],
      ["events", "link.created"],
      ["click_classes", "human"],
    ]);
    expect([same.status, same.headers.get("Location")]).toEqual([303, `/app/webhooks/${hook.id}?done=unchanged`]);

    const saved = await me.post(`/app/webhooks/${hook.id}`, [
      ["url", hook.url],
      ["events", "link.deleted"],
      ["events", "link.anomaly"],
      ["click_classes", "human"],
      ["description", "Renamed"],
      ["filter", String(link.body.id)],
    ]);
    expect([saved.status, saved.headers.get("Location")]).toEqual([303, `/app/webhooks/${hook.id}?done=saved`]);
    const page = (await me.page(`/app/webhooks/${hook.id}?done=saved`)).html;
    expect(page).toContain("Saved.");
    expect(page).toContain('<h1 class="webhook-url">Renamed</h1>');
    expect(page).toContain('<span class="tag">link.deleted</span><span class="tag">link.anomaly</span>');
    expect(page).toContain(`ids ${link.body.id}`);

    const refused = await me.post(
      `/app/webhooks/${hook.id}`,
      [
        ["url", "http://hooks.example.com/plain"],
        ["click_classes", "human"],
      ],
      overrides,
    );
    expect(refused.status).toBe(400);
    expect(refused.html).toContain(
      '<p class="error" id="webhook-events-error">events must name at least one event type',
    );
    expect(refused.html).toContain('value="http://hooks.example.com/plain"');
    const badUrl = await me.post(
      `/app/webhooks/${hook.id}`,
      [
        ["url", "http://hooks.example.com/plain"],
        ["events", "link.created"],
      ],
      overrides,
    );
    expect(badUrl.status).toBe(400);
    expect(badUrl.html).toContain(
      '<p class="error" id="webhook-url-error">url: webhooks are delivered over https only',
    );
    // Unchanged by the refusals.
    expect((await me.page(`/app/webhooks/${hook.id}`)).html).toContain('<h1 class="webhook-url">Renamed</h1>');
  });

  it("a failed delivery has Retry, which makes it due again and sends it to the queue at once", async () => {
    const me = await signedIn((await newPerson()).email);
    const hook = await addWebhook(me, "error");
    const pinged = await me.post(`/app/webhooks/${hook.id}/test`);
    expect(pinged.status).toBe(200);
    expect(pinged.html).toContain("Test ping not delivered: the receiver answered 500");
    expect(pinged.html).toContain("500 (http_status)");
    const deliveryId = /name="delivery_id" value="([0-9a-f-]{36})"/.exec(pinged.html)?.[1];
    expect(deliveryId).toBeDefined();
    expect(pinged.html).toContain(`action="/app/webhooks/${hook.id}/retry"`);

    const sent: string[] = [];
    const queue = {
      send: async (body: WebhookMessage) => {
        sent.push(body.deliveryId);
      },
      sendBatch: async (messages: Iterable<{ body: WebhookMessage }>) => {
        for (const message of messages) sent.push(message.body.deliveryId);
      },
    };
    const retried = await me.post(`/app/webhooks/${hook.id}/retry`, [["delivery_id", deliveryId ?? ""]], {
      ...local,
      WEBHOOK_DISPATCH: "on",
      WEBHOOKS: queue,
    });
    expect([retried.status, retried.headers.get("Location")]).toEqual([303, `/app/webhooks/${hook.id}?done=retried`]);
    expect(sent).toEqual([deliveryId]);
    const failed = await me.page(`/app/webhooks/${hook.id}?deliveries=failed`);
    expect(failed.html).toContain("No failed deliveries.");
    const pending = await me.page(`/app/webhooks/${hook.id}?deliveries=pending`);
    expect(pending.html).toContain('<td data-label="Event">ping</td><td data-label="State" class="delivery-pending">');
    expect(pending.html).not.toContain('name="delivery_id"');

    // A delivery that is not this endpoint's, or no delivery: the use case's 404, in its words.
    for (const other of [crypto.randomUUID(), "not-a-uuid"]) {
      const missing = await me.post(`/app/webhooks/${hook.id}/retry`, [["delivery_id", other]]);
      expect(missing.status).toBe(404);
      expect(missing.html).toContain("delivery not found");
    }
  });

  it("another workspace's webhook is not found on any of its paths, and nothing of it changes", async () => {
    const owner = await signedIn((await newPerson()).email);
    const stranger = await signedIn((await newPerson()).email);
    const hook = await addWebhook(owner);
    const paths = ["", "/test", "/rotate", "/disable", "/enable", "/retry", "/delete"];
    expect((await stranger.page(`/app/webhooks/${hook.id}`)).status).toBe(404);
    for (const path of paths) {
      const answer = await stranger.post(`/app/webhooks/${hook.id}${path}`, [
        ["url", "https://hooks.example.com/taken"],
        ["events", "link.created"],
        ["delivery_id", crypto.randomUUID()],
      ]);
      expect([path, answer.status]).toEqual([path, 404]);
      expect(answer.html).toContain("There is no such webhook in this workspace.");
      expect(answer.html).not.toContain("whsec_");
    }
    expect((await stranger.page("/app/webhooks")).html).not.toContain(hook.url);
    for (const id of ["abc", "0", "99999999999"]) expect((await owner.page(`/app/webhooks/${id}`)).status).toBe(404);
    const mine = await owner.page(`/app/webhooks/${hook.id}`);
    expect(mine.status).toBe(200);
    expect(mine.html).toContain(hook.url);
    expect(mine.html).not.toContain("Previous secret");
    expect(mine.html).toContain("active, nothing delivered yet");
    expect(await received(hook.prefix)).toEqual([]);
  });

  it("in a team, editors and viewers see no webhook and no form and are refused every post", async () => {
    const [owner, editor, viewer] = [await newPerson(), await newPerson(), await newPerson()];
    const made = await api("POST", "/workspaces", {
      key: ADMIN_KEY,
      body: { name: unique("Team"), owner_user_id: owner.id },
    });
    expect(made.status).toBe(201);
    const teamId = made.body.id as number;
    for (const [person, role] of [
      [editor, "editor"],
      [viewer, "viewer"],
    ] as const) {
      const put = await api("PUT", `/workspaces/${teamId}/members/${person.id}`, { key: ADMIN_KEY, body: { role } });
      expect(put.status).toBe(200);
    }
    const asOwner = await signedIn(owner.email, `ls_workspace=${teamId}`);
    const hook = await addWebhook(asOwner);
    // The team's, not the owner's personal workspace's.
    const personal = await signedIn(owner.email);
    expect((await personal.page("/app/webhooks")).html).not.toContain(hook.url);
    expect((await personal.page(`/app/webhooks/${hook.id}`)).status).toBe(404);

    for (const [person, role] of [
      [editor, "editor"],
      [viewer, "viewer"],
    ] as const) {
      const member = await signedIn(person.email, `ls_workspace=${teamId}`);
      const shown = await member.page("/app/webhooks");
      expect(shown.status).toBe(200);
      expect(shown.html).toContain(`your role in this workspace (${role}) does not hold the webhooks:write scope`);
      expect(shown.html).not.toContain(hook.url);
      expect(shown.html).not.toContain('action="/app/webhooks');
      expect((await member.page(`/app/webhooks/${hook.id}`)).status).toBe(403);
      const create = await member.post("/app/webhooks", [
        ["url", `${SERVER}/${unique("no")}/accept`],
        ["events", "link.created"],
      ]);
      expect(create.status).toBe(403);
      expect(create.html).toContain("it needs webhooks:write");
      expect(create.html).not.toContain("whsec_");
      for (const path of ["/rotate", "/test", "/disable", "/delete", ""]) {
        expect([path, (await member.post(`/app/webhooks/${hook.id}${path}`)).status]).toEqual([path, 403]);
      }
    }
    const still = await asOwner.page(`/app/webhooks/${hook.id}`);
    expect(still.status).toBe(200);
    expect(still.html).toContain("active, nothing delivered yet");
    expect(still.html).not.toContain("Previous secret");
    expect(occurrences((await asOwner.page("/app/webhooks")).html, '<tr id="webhook-')).toBe(1);
  });

  it("an endpoint's page stays under 60 KB with 100 failed deliveries: the newest 40, each with Retry", async () => {
    const me = await signedIn((await newPerson()).email);
    const hook = await addWebhook(me, "error", ["link.created", "link.updated", "link.clicked"]);
    const attempt = JSON.stringify([
      { at: new Date().toISOString(), status: 500, latency_ms: 1234, error: "http_status" },
    ]);
    await database.db.execute(
      `INSERT INTO webhook_deliveries (webhook_id, event_type, url_id, body, state, attempts, attempt_log, created_at, finished_at)
       SELECT ${hook.id}, 'link.health_changed', 2147483000, '{}', 'failed', 8, '${attempt}'::jsonb,
              now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval
       FROM generate_series(1, 100) AS n`,
    );
    const shown = await me.page(`/app/webhooks/${hook.id}`);
    expect(shown.status).toBe(200);
    expect(new TextEncoder().encode(shown.html).length).toBeLessThan(60 * 1024);
    expect(occurrences(shown.html, 'name="delivery_id"')).toBe(40);
    expect(shown.html).toContain("newest first: 40 of the last 100");
    // Every table cell carries its label for the phone layout; the table has its caption.
    expect(occurrences(shown.html, "<td data-label=")).toBe(occurrences(shown.html, "<td"));
    expect(shown.html).toMatch(/<table class="deliveries"><caption>/);
    const failedOnly = await me.page(`/app/webhooks/${hook.id}?deliveries=failed`);
    expect(failedOnly.html).toContain(`href="/app/webhooks/${hook.id}?deliveries=failed" aria-current="page"`);
    const list = await me.page("/app/webhooks");
    expect(new TextEncoder().encode(list.html).length).toBeLessThan(60 * 1024);
    expect(list.html).toMatch(/<table class="webhooks"><caption>/);
  });
});
