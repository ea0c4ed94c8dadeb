// Tags on real Postgres: the name rules, tags on create/PUT/PATCH and bulk import, the /tags API
// (rename, merge, delete reach every link, with audit events, in one transaction), the filters
// tag/tag_mode/exclude_tag alone and with the others, and cached answers that learn of tag writes.
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../../worker/config/env";
import { callApi, createUrl, createUser, keyedUser, openTestDatabase, send, unique } from "../harness";

const database = openTestDatabase();
afterAll(() => database.close());

interface Tagged {
  id: number;
  tags: string[];
  user_id: number | null;
}

/** A link of the owner's with these tags, through the API. */
const link = (userId: number, tags: string[] | undefined, fields: Record<string, unknown> = {}) =>
  createUrl({ user_id: userId, tags, ...fields });

const ownersTags = async (userId: number) => {
  const answer = await callApi("GET", `/tags?user_id=${userId}`);
  expect(answer.status).toBe(200);
  return answer.body as { id: number; name: string; links: number; user_id: number }[];
};

const listed = async (query: string) => {
  const answer = await callApi("GET", `/urls?${query}`);
  expect(answer.status, `${query}: ${JSON.stringify(answer.body)}`).toBe(200);
  return (answer.body as Tagged[]).map((url) => url.id).sort((a, b) => a - b);
};

const sorted = (...ids: number[]) => [...ids].sort((a, b) => a - b);

describe("tags on links", () => {
  it("are created for the link's owner on first use, matched without case, trimmed, deduplicated and sorted", async () => {
    const owner = (await createUser()).id;
    const first = await link(owner, ["Spring", "  news  ", "NEWS", "alpha"]);
    expect(first.tags).toEqual(["alpha", "news", "Spring"]);
    // "SPRING" is the existing "Spring": no second tag, the first spelling kept.
    const second = await link(owner, ["SPRING"]);
    expect(second.tags).toEqual(["Spring"]);
    const tags = await ownersTags(owner);
    expect(tags.map((tag) => [tag.name, tag.links])).toEqual([
      ["alpha", 1],
      ["news", 1],
      ["Spring", 2],
    ]);
    expect(tags.every((tag) => tag.user_id === owner)).toBe(true);
    // Another owner's "Spring" is another tag.
    const other = (await createUser()).id;
    await link(other, ["spring"]);
    expect((await ownersTags(other)).map((tag) => tag.name)).toEqual(["spring"]);
    expect((await callApi("GET", `/urls/${first.id}`)).body.tags).toEqual(["alpha", "news", "Spring"]);
  });

  it("PUT and PATCH replace them all ([] removes them), omitted leaves them; each change is audited", async () => {
    const owner = (await createUser()).id;
    const created = await link(owner, ["a", "b"]);
    const patched = await callApi("PATCH", `/urls/${created.id}`, { body: { tags: ["b", "c"] } });
    expect(patched.status).toBe(200);
    expect(patched.body.tags).toEqual(["b", "c"]);
    const titled = await callApi("PUT", `/urls/${created.id}`, { body: { title: "kept" } });
    expect(titled.body.tags).toEqual(["b", "c"]);
    expect((await callApi("GET", `/urls/${created.id}`)).body.tags).toEqual(["b", "c"]);
    const cleared = await callApi("PUT", `/urls/${created.id}`, { body: { tags: [] } });
    expect(cleared.body.tags).toEqual([]);
    const events = (await callApi("GET", `/urls/${created.id}/events`)).body as { details: { tags?: string[] } }[];
    expect(events.map((event) => event.details.tags)).toEqual([["a", "b"], ["b", "c"], undefined, []]);
    // The tags stay the owner's, with no links now.
    expect((await ownersTags(owner)).map((tag) => [tag.name, tag.links])).toEqual([
      ["a", 0],
      ["b", 0],
      ["c", 0],
    ]);
  });

  it("a write that fails leaves no tag behind (the link, its tags and its event are one transaction)", async () => {
    const owner = (await createUser()).id;
    const code = unique("tx").replaceAll("_", "-");
    await link(owner, [], { short_code: code });
    const name = unique("orphan");
    const taken = await callApi("POST", "/urls", {
      body: { original_url: "https://example.com/x", user_id: owner, short_code: code, tags: [name] },
    });
    expect(taken.status).toBe(409);
    expect(await ownersTags(owner)).toEqual([]);
    const missing = await callApi("PATCH", "/urls/2000000000", { body: { tags: [name] } });
    expect(missing.status).toBe(404);
    const rows = await database.db.execute(`SELECT count(*)::int AS n FROM tags WHERE name = '${name}'`);
    expect(rows.rows[0]).toEqual({ n: 0 });
  });

  it("reach webhook payloads: a link.created delivery carries the link's tags", async () => {
    const owner = (await createUser()).id;
    const hook = await callApi("POST", "/webhooks", {
      body: { url: "https://hooks.example.com/tags", events: ["link.created"], user_id: owner },
    });
    expect(hook.status).toBe(201);
    const created = await link(owner, ["Beta", "alpha"]);
    const deliveries = await database.db.execute<{ body: string }>(
      `SELECT body FROM webhook_deliveries WHERE webhook_id = ${hook.body.id} AND url_id = ${created.id}`,
    );
    expect(deliveries.rows.map((row) => JSON.parse(row.body).data.link.tags)).toEqual([["alpha", "Beta"]]);
  });

  it("refuses bad names and too many, with a 400 that says why", async () => {
    const owner = (await createUser()).id;
    const cases: [unknown, string][] = [
      ["news", "tags must be an array of names"],
      [[""], "a tag name cannot be empty"],
      [["   "], "a tag name cannot be empty"],
      [["x".repeat(51)], "at most 50 characters"],
      [["bad\u0007bell"], "printable"],
      [["line\nbreak"], "printable"],
      [["a|b"], 'cannot contain "|"'],
      [[7], "tags must be an array of names"],
      [Array.from({ length: 21 }, (_, i) => `t${i}`), "at most 20 tags"],
    ];
    for (const [tags, message] of cases) {
      const answer = await callApi("POST", "/urls", {
        body: { original_url: "https://example.com/x", user_id: owner, tags },
      });
      expect(answer.status, JSON.stringify(tags)).toBe(400);
      expect(answer.body.error).toContain(message);
    }
    // Twenty distinct names fit; duplicates in other cases count once.
    const twenty = Array.from({ length: 20 }, (_, i) => `t${i}`);
    expect((await link(owner, [...twenty, "T0", "t1"])).tags).toHaveLength(20);
    const created = await link(owner, []);
    const patch = await callApi("PATCH", `/urls/${created.id}`, { body: { tags: ["ok", ""] } });
    expect(patch.status).toBe(400);
  });

  it("bulk import takes a tags column (names separated by |) and refuses a bad cell with its row", async () => {
    const owner = (await createUser()).id;
    const code = () => unique("imp").replaceAll("_", "-");
    const [a, b, c] = [code(), code(), code()];
    const csv = [
      "short_code,original_url,user_id,tags",
      `${a},https://example.com/a,${owner},Promo| q4 |promo`,
      `${b},https://example.com/b,${owner},`,
      `${c},https://example.com/c,${owner},bad\u0001name`,
    ].join("\n");
    const report = await send("POST", "/urls/bulk", { headers: { "Content-Type": "text/csv" }, body: `${csv}\n` });
    expect(report.status).toBe(201);
    expect(report.body).toMatchObject({ imported: 2, failed: 1 });
    expect(JSON.stringify(report.body)).toContain("tags: a tag name must be printable");
    const codes = await callApi("GET", `/urls?user_id=${owner}`);
    const byCode = new Map((codes.body as (Tagged & { short_code: string })[]).map((url) => [url.short_code, url]));
    expect(byCode.get(a)?.tags).toEqual(["Promo", "q4"]);
    expect(byCode.get(b)?.tags).toEqual([]);
  });
});

describe("/tags", () => {
  it("rename reaches every link, records an updated event on each and refreshes cached answers", async () => {
    const owner = (await createUser()).id;
    const one = await link(owner, ["draft", "keep"]);
    const two = await link(owner, ["draft"]);
    const untouched = await link(owner, ["keep"]);
    // Fill the caches: the link and a cached list.
    await callApi("GET", `/urls/${one.id}`);
    await callApi("GET", `/urls?user_id=${owner}`);
    const draft = (await ownersTags(owner)).find((tag) => tag.name === "draft");
    const renamed = await callApi("PATCH", `/tags/${draft?.id}`, { body: { name: "Final" } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: draft?.id, name: "Final", links: 2, user_id: owner });
    expect((await callApi("GET", `/urls/${one.id}`)).body.tags).toEqual(["Final", "keep"]);
    const list = (await callApi("GET", `/urls?user_id=${owner}`)).body as Tagged[];
    expect(list.find((url) => url.id === two.id)?.tags).toEqual(["Final"]);
    const lastEvent = async (id: number) => ((await callApi("GET", `/urls/${id}/events`)).body as unknown[]).at(-1);
    expect(await lastEvent(two.id)).toMatchObject({ event_type: "updated", details: { tags: ["Final"] } });
    expect(await lastEvent(untouched.id)).toMatchObject({ event_type: "created" });
    // A case-only rename is a rename; another tag's name (any case) is a 409.
    expect((await callApi("PATCH", `/tags/${draft?.id}`, { body: { name: "final" } })).body.name).toBe("final");
    const clash = await callApi("PATCH", `/tags/${draft?.id}`, { body: { name: "KEEP" } });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toContain("merge into it");
  });

  it("merge moves the links (once each) into the other tag and removes the first; delete takes a tag off its links", async () => {
    const owner = (await createUser()).id;
    const both = await link(owner, ["js", "javascript"]);
    const onlyJs = await link(owner, ["JS"]);
    const tags = await ownersTags(owner);
    const js = tags.find((tag) => tag.name === "js");
    const javascript = tags.find((tag) => tag.name === "javascript");
    await callApi("GET", `/urls/${onlyJs.id}`);
    const merged = await callApi("POST", `/tags/${js?.id}/merge`, { body: { into: javascript?.id } });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: javascript?.id, name: "javascript", links: 2 });
    expect((await callApi("GET", `/urls/${both.id}`)).body.tags).toEqual(["javascript"]);
    expect((await callApi("GET", `/urls/${onlyJs.id}`)).body.tags).toEqual(["javascript"]);
    expect((await callApi("GET", `/tags/${js?.id}`)).status).toBe(404);
    const removed = await callApi("DELETE", `/tags/${javascript?.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body.message).toContain("2 links");
    expect((await callApi("GET", `/urls/${both.id}`)).body.tags).toEqual([]);
    const events = (await callApi("GET", `/urls/${both.id}/events`)).body as { details: { tags?: string[] } }[];
    expect(events.slice(-2).map((event) => event.details.tags)).toEqual([["javascript"], []]);
  });

  it("answer 400, 404 and 409 for what cannot be done", async () => {
    const owner = (await createUser()).id;
    const other = (await createUser()).id;
    const made = await callApi("POST", "/tags", { body: { name: "solo", user_id: owner } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: "solo", user_id: owner, links: 0 });
    const foreign = await callApi("POST", "/tags", { body: { name: "solo", user_id: other } });
    expect(foreign.status).toBe(201);
    const cases: [string, string, unknown, number, string][] = [
      ["POST", "/tags", { name: "SOLO", user_id: owner }, 409, "already exists"],
      ["POST", "/tags", {}, 400, "name is required"],
      ["POST", "/tags", { name: 5 }, 400, "name must be a string"],
      ["POST", "/tags", { name: "" }, 400, "cannot be empty"],
      ["POST", "/tags", { name: "ok", color: "red" }, 400, "unknown field"],
      ["POST", "/tags", { name: "ok", user_id: 2000000000 }, 404, "user"],
      ["PATCH", `/tags/${made.body.id}`, { name: "a|b" }, 400, '"|"'],
      ["PATCH", "/tags/2000000000", { name: "x" }, 404, "tag not found"],
      ["POST", `/tags/${made.body.id}/merge`, {}, 400, "into is required"],
      ["POST", `/tags/${made.body.id}/merge`, { into: made.body.id }, 400, "into itself"],
      ["POST", `/tags/${made.body.id}/merge`, { into: foreign.body.id }, 400, "different workspaces"],
      ["POST", `/tags/${made.body.id}/merge`, { into: 2000000000 }, 400, "no tag"],
      ["POST", `/tags/2000000000/merge`, { into: made.body.id }, 404, "tag not found"],
      ["DELETE", "/tags/2000000000", undefined, 404, "tag not found"],
      ["GET", "/tags?user_id=abc", undefined, 400, "user_id"],
    ];
    for (const [method, path, body, status, message] of cases) {
      const answer = await callApi(method, path, { body });
      expect(answer.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect(answer.body.error).toContain(message);
    }
    expect((await callApi("GET", "/tags/abc")).status).toBe(404);
  });

  it("belong to their user: another user's key sees a 404 and cannot use them", async () => {
    const alice = await keyedUser();
    const bob = await keyedUser();
    const as = (
      who: { key: string; overrides: Record<string, string> },
      method: string,
      path: string,
      body?: unknown,
    ) => callApi(method, path, { key: who.key, body, overrides: who.overrides });
    const mine = await as(alice, "POST", "/tags", { name: "private" });
    expect(mine.status).toBe(201);
    expect(mine.body.user_id).toBe(alice.userId);
    for (const [method, path, body] of [
      ["GET", `/tags/${mine.body.id}`, undefined],
      ["PATCH", `/tags/${mine.body.id}`, { name: "x" }],
      ["DELETE", `/tags/${mine.body.id}`, undefined],
      ["POST", `/tags/${mine.body.id}/merge`, { into: mine.body.id }],
    ] as const) {
      expect((await as(bob, method, path, body)).status, `${method} ${path}`).toBe(404);
    }
    expect((await as(bob, "GET", "/tags")).body).toEqual([]);
    expect((await as(bob, "POST", "/tags", { name: "x", user_id: alice.userId })).status).toBe(403);
    // Bob's "private" is his own tag; filtering by it finds none of Alice's links.
    await as(alice, "POST", "/urls", { original_url: "https://example.com/a", tags: ["private"] });
    const bobs = await as(bob, "POST", "/urls", { original_url: "https://example.com/b", tags: ["private"] });
    expect((await as(bob, "GET", "/urls?tag=private")).body.map((url: Tagged) => url.id)).toEqual([bobs.body.id]);
    expect((await as(bob, "GET", "/tags")).body.map((tag: { name: string }) => tag.name)).toEqual(["private"]);
  });
});

describe("/tags: what one request may reach (issue 27)", () => {
  it("a user's key renames, merges or deletes a tag on at most MAX_TAG_CHANGE_LINKS links (1,000 by default): more is a 422, before any write", async () => {
    expect(readConfig(env).MAX_TAG_CHANGE_LINKS).toBe(1_000);
    const user = await keyedUser({ MAX_TAG_CHANGE_LINKS: "2" });
    const as = (method: string, path: string, body?: unknown) =>
      callApi(method, path, { key: user.key, body, overrides: user.overrides });
    const make = async (tags: string[]) =>
      (await as("POST", "/urls", { original_url: `https://example.com/${unique("t")}`, tags })).body as Tagged;
    const wide = [await make(["wide"]), await make(["wide"]), await make(["wide", "narrow"])];
    await make(["narrow"]);
    const tagId = async (name: string) =>
      ((await as("GET", "/tags")).body as { id: number; name: string }[]).find((tag) => tag.name === name)?.id;
    const [wideId, narrowId] = [await tagId("wide"), await tagId("narrow")];
    const stateOf = async () =>
      (
        await database.db.execute(
          `SELECT u.id, u.updated_at, (SELECT count(*)::int FROM events e WHERE e.url_id = u.id) AS events,
                  (SELECT string_agg(t.name, ',' ORDER BY t.name) FROM url_tags ut JOIN tags t ON t.id = ut.tag_id
                    WHERE ut.url_id = u.id) AS tags
           FROM urls u WHERE u.user_id = ${user.userId} ORDER BY u.id`,
        )
      ).rows;
    const before = await stateOf();
    const refusal =
      "the tag is on 3 links: an API key renames, merges or deletes a tag on at most 2 links (MAX_TAG_CHANGE_LINKS); nothing was changed, take the tag off some links first";
    for (const [method, path, body] of [
      ["PATCH", `/tags/${wideId}`, { name: "renamed" }],
      ["POST", `/tags/${wideId}/merge`, { into: narrowId }],
      ["DELETE", `/tags/${wideId}`, undefined],
    ] as const) {
      const answer = await as(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(422);
      expect(answer.body.error).toBe(refusal);
    }
    // No link touched, no event written, the tag as it was.
    expect(await stateOf()).toEqual(before);
    expect(await tagId("wide")).toBe(wideId);
    // At the limit is within it.
    const narrow = await as("PATCH", `/tags/${narrowId}`, { name: "slim" });
    expect(narrow.status).toBe(200);
    expect(narrow.body.links).toBe(2);
    // The operator's key is not held to it.
    const byAdmin = await callApi("PATCH", `/tags/${wideId}`, {
      key: user.admin,
      body: { name: "renamed" },
      overrides: user.overrides,
    });
    expect(byAdmin.status).toBe(200);
    expect(((await as("GET", `/urls/${wide[0]?.id}`)).body as Tagged).tags).toEqual(["renamed"]);
  });
});

describe("GET /urls: tag filters", () => {
  it("tag (any or all), exclude_tag, and with state, q and a sort", async () => {
    const owner = (await createUser()).id;
    const red = await link(owner, ["red"]);
    const blue = await link(owner, ["blue"]);
    const both = await link(owner, ["Red", "blue"], { title: "Both colours" });
    const green = await link(owner, ["green", "red"]);
    const none = await link(owner, []);
    const base = `user_id=${owner}`;
    expect(await listed(`${base}&tag=RED`)).toEqual(sorted(red.id, both.id, green.id));
    expect(await listed(`${base}&tag=red&tag=blue`)).toEqual(sorted(red.id, blue.id, both.id, green.id));
    expect(await listed(`${base}&tag=red&tag=blue&tag_mode=all`)).toEqual([both.id]);
    expect(await listed(`${base}&exclude_tag=red`)).toEqual(sorted(blue.id, none.id));
    expect(await listed(`${base}&tag=red&exclude_tag=green&exclude_tag=blue`)).toEqual([red.id]);
    expect(await listed(`${base}&tag=unknown`)).toEqual([]);
    expect(await listed(`${base}&tag=red&q=colours`)).toEqual([both.id]);
    await callApi("DELETE", `/urls/${green.id}`);
    expect(await listed(`${base}&tag=red&state=active`)).toEqual(sorted(red.id, both.id));
    expect(await listed(`${base}&tag=red&state=inactive`)).toEqual([green.id]);
    // A keyset page by title, filtered by tag.
    const page = await callApi("GET", `/urls?${base}&tag=red&sort=-title&per_page=1`);
    expect(page.body.map((url: Tagged) => url.id)).toEqual([both.id]);
    const next = await callApi(
      "GET",
      `/urls?${base}&tag=red&sort=-title&per_page=5&cursor=${page.headers.get("X-Next-Cursor")}`,
    );
    expect(next.body.map((url: Tagged) => url.id).sort()).toEqual(sorted(red.id, green.id));
  });

  it("a cached list learns of a link's new tags", async () => {
    const owner = (await createUser()).id;
    const created = await link(owner, ["before"]);
    const cachedPath = `/urls?user_id=${owner}&page=1&per_page=10`;
    expect((await callApi("GET", cachedPath)).body[0].tags).toEqual(["before"]);
    await callApi("PATCH", `/urls/${created.id}`, { body: { tags: ["after"] } });
    expect((await callApi("GET", cachedPath)).body[0].tags).toEqual(["after"]);
  });

  it("refuses bad tag parameters with a 400", async () => {
    for (const [query, message] of [
      ["tag=", "tag: a tag name cannot be empty"],
      ["tag=a%7Cb", "tag:"],
      [`tag=${"x".repeat(51)}`, "tag:"],
      ["exclude_tag=%01", "exclude_tag:"],
      ["tag=a&tag_mode=some", "tag_mode must be any or all"],
      [Array.from({ length: 21 }, (_, i) => `tag=t${i}`).join("&"), "at most 20"],
    ]) {
      const answer = await callApi("GET", `/urls?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error).toContain(message);
    }
  });
});
