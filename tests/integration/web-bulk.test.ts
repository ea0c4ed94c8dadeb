// The links table's bulk actions (issue 31): tick links, then tag, untag, deactivate or export them in
// one POST /app/links/bulk; each link changed has its own audit event, the export is GET
// /urls/export.csv's rows for those links only, and a foreign id, no id or no CSRF token changes nothing.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { URL_EXPORT_COLUMNS } from "../../worker/services/exports/url-export";
import { callWorker, unique } from "../harness";
import { ADMIN_KEY, api, newPerson, ORIGIN, overrides, sessionWriteHeaders, signIn } from "../session-harness";

const page = (path: string, cookie: string) => api("GET", path, { headers: { Cookie: cookie } });

/** A signed-in person with three links of their own, and a poster of the bulk form (repeated `id` fields). */
async function personWithLinks() {
  const person = await newPerson();
  const cookie = await signIn(person.email);
  const write = await sessionWriteHeaders(cookie);
  const csrf = write["X-CSRF-Token"] as string;
  const ids: number[] = [];
  for (const name of ["one", "two", "three"]) {
    const made = await api("POST", "/urls", {
      headers: write,
      body: { original_url: `https://example.com/${name}`, title: `Bulk ${name}`, tags: ["keep"] },
    });
    expect(made.status).toBe(201);
    ids.push(made.body.id as number);
  }
  async function bulk(fields: [string, string][], options: { csrf?: boolean; cookie?: string } = {}) {
    const body = new URLSearchParams(options.csrf === false ? fields : [["csrf_token", csrf], ...fields]);
    const { response, settled } = await callWorker(
      "/app/links/bulk",
      {
        method: "POST",
        headers: {
          Cookie: options.cookie ?? cookie,
          Origin: ORIGIN,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: body.toString(),
      },
      overrides,
    );
    const text = await response.text();
    await settled();
    return { status: response.status, headers: response.headers, text };
  }
  const read = async (id: number) => (await page(`/urls/${id}`, cookie)).body as { tags: string[]; state: string };
  const eventsOf = async (id: number) =>
    ((await page(`/urls/${id}/events`, cookie)).body as { event_type: string }[]).map((event) => event.event_type);
  return { cookie, ids, bulk, read, eventsOf };
}

const idFields = (...ids: number[]): [string, string][] => ids.map((id) => ["id", String(id)]);

describe("bulk actions on the links table", () => {
  it("tags and untags the selected links only, one event per link, and says what it did", async () => {
    const { cookie, ids, bulk, read, eventsOf } = await personWithLinks();
    const [a, b, c] = ids as [number, number, number];
    const listed = String((await page("/app/links", cookie)).body);
    expect(listed).toContain('action="/app/links/bulk"');
    expect(listed).toMatch(new RegExp(`<input type="checkbox" name="id" value="${a}" aria-label="Select [^"]+">`));
    expect(listed).toContain('name="csrf_token"');

    const tag = unique("bulk")
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "");
    const added = await bulk([...idFields(a, b), ["action", "tag-add"], ["bulk_tag", tag], ["q", "Bulk"]]);
    expect(added.status).toBe(303);
    const back = added.headers.get("Location") ?? "";
    expect(back).toBe(`/app/links?q=Bulk&done=${encodeURIComponent("tag-add:2:0")}`);
    const shown = String((await page(back, cookie)).body);
    expect(shown).toContain('role="status">Tag added to 2 links.</p>');
    // The summary is said once: the next page's link does not carry it.
    expect(shown).not.toMatch(/href="[^"]*done=/);
    expect((await read(a)).tags).toEqual(expect.arrayContaining(["keep", tag]));
    expect((await read(b)).tags).toContain(tag);
    expect((await read(c)).tags).toEqual(["keep"]);
    expect(await eventsOf(a)).toEqual(["created", "updated"]);
    expect(await eventsOf(c)).toEqual(["created"]);

    // Again with a third link: the two that have it are left as they are (no second event).
    const again = await bulk([...idFields(a, b, c), ["action", "tag-add"], ["bulk_tag", tag.toUpperCase()]]);
    expect(again.headers.get("Location")).toBe(`/app/links?done=${encodeURIComponent("tag-add:1:2")}`);
    expect(await eventsOf(a)).toEqual(["created", "updated"]);

    const removed = await bulk([...idFields(a, b), ["action", "tag-remove"], ["bulk_tag", tag]]);
    expect(removed.status).toBe(303);
    expect((await read(a)).tags).toEqual(["keep"]);
    expect((await read(b)).tags).toEqual(["keep"]);
    expect((await read(c)).tags).toContain(tag);
    expect(await eventsOf(b)).toEqual(["created", "updated", "updated"]);

    const unnamed = await bulk([...idFields(a), ["action", "tag-add"], ["bulk_tag", " "]]);
    expect([unnamed.status, unnamed.text.includes("Name the tag to add or remove.")]).toEqual([400, true]);
  });

  it("deactivates the selected links, and exports exactly them as GET /urls/export.csv does", async () => {
    const { cookie, ids, bulk, read, eventsOf } = await personWithLinks();
    const [a, b, c] = ids as [number, number, number];
    const off = await bulk([...idFields(b, a), ["action", "deactivate"]]);
    expect([off.status, off.headers.get("Location")]).toEqual([
      303,
      `/app/links?done=${encodeURIComponent("deactivate:2:0")}`,
    ]);
    expect((await read(a)).state).toBe("inactive");
    expect((await read(b)).state).toBe("inactive");
    expect((await read(c)).state).toBe("active");
    expect(await eventsOf(a)).toEqual(["created", "deleted"]);
    const shown = String((await page(off.headers.get("Location") ?? "", cookie)).body);
    expect(shown).toContain("2 links deactivated.");

    const exported = await bulk([...idFields(c, a), ["action", "export"]]);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(exported.headers.get("Content-Disposition")).toMatch(/^attachment; filename="linkscope-urls-[\d-]+\.csv"$/);
    expect(exported.text.split("\r\n")[0]).toBe(URL_EXPORT_COLUMNS.join(","));
    const records = parse(exported.text, { columns: true }) as Record<string, string>[];
    expect(records.map((record) => Number(record.id))).toEqual([a, c]);
    // Cell for cell what the API's export says of the same links.
    const whole = await page("/urls/export.csv", cookie);
    expect(whole.status).toBe(200);
    const api = (parse(whole.body as string, { columns: true }) as Record<string, string>[]).filter((record) =>
      [a, c].includes(Number(record.id)),
    );
    expect(records).toEqual(api);
    expect(await eventsOf(c)).toEqual(["created"]);
  });

  it("a foreign id refuses the whole request naming it; no id, a bad id or no CSRF token is refused", async () => {
    const { ids, bulk, read } = await personWithLinks();
    const [a] = ids as [number];
    const stranger = await personWithLinks();
    const foreign = stranger.ids[0] as number;

    const mixed = await bulk([...idFields(a, foreign), ["action", "deactivate"]]);
    expect(mixed.status).toBe(404);
    expect(mixed.text).toContain(`No link #${foreign} in this workspace: nothing was done.`);
    expect((await read(a)).state).toBe("active");
    expect((await stranger.read(foreign)).state).toBe("active");
    const leak = await bulk([...idFields(foreign), ["action", "export"]]);
    expect(leak.status).toBe(404);
    expect(leak.text).not.toContain("example.com/one");

    const none = await bulk([["action", "deactivate"]]);
    expect([none.status, none.text.includes("Select at least one link.")]).toEqual([400, true]);
    const letters = await bulk([
      ["id", "12a"],
      ["action", "deactivate"],
    ]);
    expect([letters.status, letters.text.includes("digits only")]).toEqual([400, true]);
    const tooMany = await bulk([...Array.from({ length: 101 }, (_, i) => ["id", String(i + 1)] as [string, string])]);
    expect([tooMany.status, tooMany.text.includes("at most 100 links")]).toEqual([400, true]);
    const unknownAction = await bulk([...idFields(a), ["action", "delete-everything"]]);
    expect(unknownAction.status).toBe(400);

    const forged = await bulk([...idFields(a), ["action", "deactivate"]], { csrf: false });
    expect(forged.status).toBe(403);
    expect((await read(a)).state).toBe("active");
  });

  it("a viewer gets no checkboxes, and the post is refused for the role", async () => {
    const [owner, viewer] = [await newPerson(), await newPerson()];
    const made = await api("POST", "/workspaces", {
      key: ADMIN_KEY,
      body: { name: unique("Team"), owner_user_id: owner.id },
    });
    expect(made.status).toBe(201);
    const teamId = made.body.id as number;
    const member = await api("PUT", `/workspaces/${teamId}/members/${viewer.id}`, {
      key: ADMIN_KEY,
      body: { role: "viewer" },
    });
    expect(member.status).toBe(200);
    const link = await api("POST", "/urls", {
      key: ADMIN_KEY,
      headers: { "X-Workspace-Id": String(teamId) },
      body: { original_url: "https://example.com/team-bulk", title: unique("Team bulk") },
    });
    expect(link.status).toBe(201);
    const cookie = await signIn(viewer.email);
    const { "X-CSRF-Token": csrf } = await sessionWriteHeaders(cookie);
    const cookies = `${cookie}; ls_workspace=${teamId}`;
    const listed = String((await page("/app/links", cookies)).body);
    expect(listed).toContain(link.body.title as string);
    expect(listed).not.toContain('<input type="checkbox"');
    expect(listed).not.toContain("/app/links/bulk");
    const refused = await api("POST", "/app/links/bulk", {
      form: { csrf_token: csrf as string, id: String(link.body.id), action: "deactivate" },
      headers: { Cookie: cookies, Origin: ORIGIN },
    });
    expect([refused.status, String(refused.body).includes("it needs links:write")]).toEqual([403, true]);
    const after = await api("GET", `/urls/${link.body.id}`, { key: ADMIN_KEY });
    expect(after.body.state).toBe("active");
  });
});
