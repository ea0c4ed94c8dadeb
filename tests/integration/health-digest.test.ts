// The daily link-health digest: one email per owner listing the links that became broken or moved in
// the 24 hours before HEALTH_DIGEST_HOUR, sent once a day, through the local SMTP sink. The day is in
// January 2027, which no other test touches. A temporary refusal (SMTP 451) is tried again.
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { sendHealthDigest } from "../../worker/jobs/health-digest";
import { alertLane, createUrl, openTestDatabase, sendJson, unique } from "../harness";

const database = openTestDatabase();
afterAll(() => database.close());
const lane = alertLane("digest");
const DIGEST_AT = Date.UTC(2027, 0, 10, 8, 0);
const HOUR = 3_600_000;

async function owner(prefix = "") {
  const email = `${prefix}owner-${unique("")}@linkscope.test`;
  const user = (await sendJson<{ id: number }>("POST", "/users", { username: unique("digest"), email })).body;
  return { id: user.id, email };
}

async function linkTurned(userId: number | null, state: string, hoursBeforeDigest: number, extra = "") {
  const url = await createUrl(userId === null ? {} : { user_id: userId });
  const changedAt = new Date(DIGEST_AT - hoursBeforeDigest * HOUR).toISOString();
  await database.db.execute(
    `UPDATE urls SET health_state = '${state}', health_changed_at = '${changedAt}' ${extra} WHERE id = ${url.id}`,
  );
  return url;
}

async function mailsTo(recipient: string) {
  const api = (env as unknown as { TEST_SMTP_API: string }).TEST_SMTP_API;
  return (await (await fetch(`${api}/messages?to=${encodeURIComponent(recipient)}`)).json()) as {
    subject: string;
    text: string;
  }[];
}

describe("the daily link-health digest", () => {
  it("one email per owner with the links that became broken or moved that day, once", async () => {
    const alice = await owner();
    // The sink refuses Bob's first delivery with a temporary 451: the digest tries again.
    const bob = await owner("flaky1-");
    const broken = await linkTurned(alice.id, "broken", 2, ", health_status = 404, health_error = 'http_status'");
    const moved = await linkTurned(alice.id, "moved", 5, ", health_final_url = 'https://parked.example.net/'");
    const healthy = await linkTurned(alice.id, "healthy", 1);
    const yesterday = await linkTurned(alice.id, "broken", 30);
    const bobs = await linkTurned(bob.id, "broken", 3);
    const ownerless = await linkTurned(null, "moved", 4);

    // Before the digest hour: nothing.
    await sendHealthDigest({ ...env, ...lane.overrides } as Env, DIGEST_AT - 60_000);
    expect(await mailsTo(alice.email)).toEqual([]);

    await sendHealthDigest({ ...env, ...lane.overrides } as Env, DIGEST_AT + 60_000);
    await sendHealthDigest({ ...env, ...lane.overrides } as Env, DIGEST_AT + 120_000); // same day: once
    const alices = await mailsTo(alice.email);
    expect(alices).toHaveLength(1);
    expect(alices[0]?.subject).toBe("[Linkscope] link health: 1 broken, 1 moved in the last 24 hours");
    expect(alices[0]?.text).toContain(`/${broken.short_code} → ${broken.original_url}`);
    expect(alices[0]?.text).toContain("broken: http_status (HTTP 404)");
    expect(alices[0]?.text).toContain(`/${moved.short_code}`);
    expect(alices[0]?.text).toContain("moved: now answers from https://parked.example.net/");
    expect(alices[0]?.text).not.toContain(`/${healthy.short_code}`);
    expect(alices[0]?.text).not.toContain(`/${yesterday.short_code}`);
    const bobsMail = await mailsTo(bob.email);
    expect(bobsMail).toHaveLength(1);
    expect(bobsMail[0]?.text).toContain(`/${bobs.short_code}`);
    expect(bobsMail[0]?.text).not.toContain(`/${broken.short_code}`);
    // A link without an owner: the operators.
    const operators = await mailsTo(lane.recipient);
    expect(operators).toHaveLength(1);
    expect(operators[0]?.text).toContain(`/${ownerless.short_code}`);
  });
});
