// GET /urls with a search, a creation window, a sort and keyset pagination, on real Postgres: each
// filter alone and together, every order both ways, and a cursor that stays right while links are added.
import { afterAll, describe, expect, it } from "vitest";
import { callApi, createUser, openTestDatabase, unique } from "../harness";

const database = openTestDatabase();
afterAll(() => database.close());

interface Listed {
  id: number;
  short_code: string;
  title: string | null;
  original_url: string;
}

async function link(userId: number, path: string, fields: Record<string, unknown> = {}) {
  const created = await callApi("POST", "/urls", {
    body: { original_url: `https://example.com/${path}`, user_id: userId, ...fields },
  });
  expect(created.status).toBe(201);
  return created.body as Listed;
}

const list = async (query: string) => {
  const answer = await callApi("GET", `/urls?${query}`);
  expect(answer.status, `${query}: ${JSON.stringify(answer.body)}`).toBe(200);
  return { urls: answer.body as Listed[], next: answer.headers.get("X-Next-Cursor"), link: answer.headers.get("Link") };
};
const ids = (urls: Listed[]) => urls.map((url) => url.id);

describe("GET /urls: search and filters", () => {
  it("q finds a substring of the code, the destination or the title, in any case; % and _ are literal", async () => {
    const owner = (await createUser()).id;
    const word = unique("Zebra").toLowerCase();
    const inPath = await link(owner, `shop/${word}/item`);
    const inTitle = await link(owner, "plain", { title: `Spring ${word.toUpperCase()} sale` });
    const code = `Cd${crypto.randomUUID().replaceAll("-", "").slice(0, 14)}`;
    const inCode = await link(owner, "other", { short_code: code });
    const percent = await link(owner, "deal/50%25_off");
    await link(owner, "deal/50xx-off");
    await link(owner, "unrelated");
    const found = await list(`user_id=${owner}&q=${word}`);
    expect(ids(found.urls).sort()).toEqual([inPath.id, inTitle.id].sort());
    expect(ids((await list(`user_id=${owner}&q=${code.slice(2).toLowerCase()}`)).urls)).toEqual([inCode.id]);
    // The serialised destination keeps %25; "%_" would match anything if LIKE read it.
    expect(ids((await list(`user_id=${owner}&q=${encodeURIComponent("50%25_off")}`)).urls)).toEqual([percent.id]);
    expect((await list(`user_id=${owner}&q=${encodeURIComponent("%")}`)).urls.map((url) => url.id)).toEqual([
      percent.id,
    ]);
    // "50_" would find "50xx-off" if _ matched any character.
    expect((await list(`user_id=${owner}&q=50_`)).urls).toEqual([]);
  });

  it("created_from (inclusive) and created_to (exclusive), with the other filters", async () => {
    const owner = (await createUser()).id;
    const old = await link(owner, "old");
    const recent = await link(owner, "recent");
    await database.db.execute(`UPDATE urls SET created_at = '2026-01-15T12:00:00Z' WHERE id = ${old.id}`);
    expect(ids((await list(`user_id=${owner}&created_to=2026-02-01`)).urls)).toEqual([old.id]);
    expect(ids((await list(`user_id=${owner}&created_from=2026-02-01`)).urls)).toEqual([recent.id]);
    expect(
      ids((await list(`user_id=${owner}&created_from=2026-01-15T12:00:00Z&created_to=2026-01-15T12:00:00.001Z`)).urls),
    ).toEqual([old.id]);
    await callApi("DELETE", `/urls/${recent.id}`);
    expect(ids((await list(`user_id=${owner}&q=recent&state=inactive&created_from=2026-02-01`)).urls)).toEqual([
      recent.id,
    ]);
    expect((await list(`user_id=${owner}&q=recent&state=active`)).urls).toEqual([]);
  });

  it("answers every bad parameter with a 400 naming it", async () => {
    const cases: [string, string][] = [
      ["q=", "q must be 1 to 200 characters"],
      [`q=${"x".repeat(201)}`, "q must be 1 to 200 characters"],
      ["created_from=yesterday", "created_from must be an RFC 3339 time"],
      ["created_to=2026-02-30", "created_to must be an RFC 3339 time"],
      ["sort=popularity", "sort must be one of created_at, -created_at, clicks, -clicks, title, -title"],
      ["cursor=abc", "cursor is not one this API gave out"],
      [`cursor=${btoa('["id","x",1]')}`, "cursor is not one this API gave out"],
      [`cursor=${btoa('["title","a\\u0000b",1]')}`, "cursor is not one this API gave out"],
      [`cursor=${btoa('["created_at","2026-01-01",1]')}`, "cursor is not one this API gave out"],
      ["q=a%00b", "q must not contain control characters"],
    ];
    for (const [query, message] of cases) {
      const answer = await callApi("GET", `/urls?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error).toContain(message);
    }
    const owner = (await createUser()).id;
    for (let i = 0; i < 3; i++) await link(owner, `p${i}`);
    const first = await list(`user_id=${owner}&sort=title&per_page=2`);
    expect(first.next).toBeTruthy();
    const otherSort = await callApi("GET", `/urls?user_id=${owner}&sort=-title&cursor=${first.next}`);
    expect(otherSort).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining("cursor belongs to another sort") },
    });
    const withPage = await callApi("GET", `/urls?user_id=${owner}&sort=title&page=2&cursor=${first.next}`);
    expect(withPage).toMatchObject({ status: 400, body: { error: "cursor and page cannot be combined" } });
  });
});

describe("GET /urls: sorts and cursors", () => {
  it("sorts by created_at, clicks and title, each both ways, ties broken by id", async () => {
    const owner = (await createUser()).id;
    const a = await link(owner, "a", { title: "banana" });
    const b = await link(owner, "b", { title: "Apple" });
    const c = await link(owner, "c");
    await database.db.execute(
      `UPDATE urls SET clicks_used = 5, created_at = now() - interval '2 days' WHERE id = ${b.id}`,
    );
    await database.db.execute(
      `UPDATE urls SET clicks_used = 9, created_at = now() - interval '1 day' WHERE id = ${c.id}`,
    );
    const order = async (sort: string) => ids((await list(`user_id=${owner}&sort=${sort}`)).urls);
    expect(await order("created_at")).toEqual([b.id, c.id, a.id]);
    expect(await order("-created_at")).toEqual([a.id, c.id, b.id]);
    expect(await order("clicks")).toEqual([a.id, b.id, c.id]);
    expect(await order("-clicks")).toEqual([c.id, b.id, a.id]);
    // A link without a title sorts as "" (first); byte order, so "Apple" before "banana".
    expect(await order("title")).toEqual([c.id, b.id, a.id]);
    expect(await order("-title")).toEqual([a.id, b.id, c.id]);
  });

  it("a cursor continues exactly after its page while links are added before and after it", async () => {
    const owner = (await createUser()).id;
    const original: number[] = [];
    for (let i = 0; i < 7; i++) original.push((await link(owner, `cursor-${i}`)).id);
    const seen: number[] = [];
    let page = await list(`user_id=${owner}&sort=-created_at&per_page=3`);
    expect(page.link).toMatch(/^<\/urls\?.*cursor=.*>; rel="next"$/);
    seen.push(...ids(page.urls));
    // Newer links arrive at the top while the client pages down: an offset would repeat rows.
    for (let i = 0; i < 4; i++) await link(owner, `late-${i}`);
    while (page.next) {
      page = await list(`user_id=${owner}&sort=-created_at&per_page=3&cursor=${page.next}`);
      seen.push(...ids(page.urls));
    }
    expect(seen).toEqual([...original].reverse());
    // Every order pages the same way: the pages of each, joined, are the whole list in that order.
    for (const sort of ["created_at", "clicks", "-clicks", "title", "-title"]) {
      const whole = ids((await list(`user_id=${owner}&sort=${sort}`)).urls);
      const paged: number[] = [];
      let cursor: string | null = null;
      do {
        const next = await list(`user_id=${owner}&sort=${sort}&per_page=4${cursor ? `&cursor=${cursor}` : ""}`);
        paged.push(...ids(next.urls));
        cursor = next.next;
      } while (cursor);
      expect(paged, sort).toEqual(whole);
    }
  });

  it("without a sort, page and per_page keep working as in the seed; past the last page there is nothing", async () => {
    const owner = (await createUser()).id;
    const made: number[] = [];
    for (let i = 0; i < 5; i++) made.push((await link(owner, `seed-${i}`)).id);
    expect(ids((await list(`user_id=${owner}&page=2&per_page=2`)).urls)).toEqual(made.slice(2, 4));
    const firstPage = await list(`user_id=${owner}&sort=created_at&per_page=5`);
    expect(firstPage.next).toBeTruthy();
    expect((await list(`user_id=${owner}&sort=created_at&per_page=5&cursor=${firstPage.next}`)).urls).toEqual([]);
  });
});
