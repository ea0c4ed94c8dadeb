// A link's QR code and its clicks CSV from the web app (/app/links/{id}/qr.svg, qr.png, clicks.csv): read
// in the workspace the pages act in (a team's, chosen by the app's cookie, which an <img> or a download
// cannot send to the API as X-Workspace-Id), with the API's options and its refusals as a page; another
// workspace's link is a 404 page.
import { describe, expect, it } from "vitest";
import { callWorker, unique } from "../harness";
import { ADMIN_KEY, api, newPerson, signIn } from "../session-harness";

const DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

/** A team workspace with `person` as `role`, one link in it, and the person's cookies acting there. */
async function teamLink(role: "owner" | "viewer") {
  const person = await newPerson();
  const team = await api("POST", "/workspaces", {
    key: ADMIN_KEY,
    body: { name: unique("Team "), owner_user_id: person.id },
  });
  expect(team.status).toBe(201);
  const teamId = team.body.id as number;
  if (role === "viewer") {
    const owner = await newPerson();
    await api("PUT", `/workspaces/${teamId}/members/${owner.id}`, { key: ADMIN_KEY, body: { role: "owner" } });
    await api("PUT", `/workspaces/${teamId}/members/${person.id}`, { key: ADMIN_KEY, body: { role: "viewer" } });
  }
  const link = await api("POST", "/urls", {
    key: ADMIN_KEY,
    headers: { "X-Workspace-Id": String(teamId) },
    body: { original_url: "https://example.com/team-download" },
  });
  expect(link.status).toBe(201);
  const session = await signIn(person.email);
  return {
    id: link.body.id as number,
    code: link.body.short_code as string,
    cookie: `${session}; ls_workspace=${teamId}`,
    session,
  };
}

const get = (path: string, cookie: string) => api("GET", path, { headers: { Cookie: cookie } });

describe("a link's downloads in the web app", () => {
  it("draws the QR code of a team's link, which the API's own path would not find for the session", async () => {
    const { id, cookie, session } = await teamLink("viewer");
    const svg = await get(`/app/links/${id}/qr.svg?size=160`, cookie);
    expect([svg.status, svg.headers.get("Content-Type")]).toEqual([200, "image/svg+xml"]);
    expect(String(svg.body)).toContain("<svg");
    const png = await get(`/app/links/${id}/qr.png?size=256&fg=%23112233&logo=true`, cookie);
    expect([png.status, png.headers.get("Content-Type")]).toEqual([200, "image/png"]);
    expect(Array.from(png.bytes.slice(1, 4), (byte) => String.fromCharCode(byte)).join("")).toBe("PNG");
    // Unchanged: the browser's copy is good (its ETag).
    const again = await api("GET", `/app/links/${id}/qr.svg?size=160`, {
      headers: { Cookie: cookie, "If-None-Match": svg.headers.get("ETag") as string },
    });
    expect(again.status).toBe(304);
    // The session alone (no workspace cookie) acts in the person's own workspace, where the link is not.
    expect((await api("GET", `/urls/${id}/qr.svg`, { headers: { Cookie: session } })).status).toBe(404);
  });

  it("answers refused options with a page in the API's words, and another workspace's link with a 404 page", async () => {
    const { id, cookie } = await teamLink("owner");
    const pale = await get(`/app/links/${id}/qr.png?fg=%23eeeeee&bg=%23ffffff`, cookie);
    expect(pale.status).toBe(400);
    expect(pale.headers.get("Content-Type")).toContain("text/html");
    expect(String(pale.body)).toMatch(/<p class="error" role="alert">fg, bg: contrast is [^<]*<\/p>/);
    expect(String(pale.body)).toContain(`href="/app/links/${id}"`);
    const huge = await get(`/app/links/${id}/qr.svg?size=99999`, cookie);
    expect([huge.status, /role="alert">(size[^<]*)</.exec(String(huge.body))?.[1]]).toEqual([
      400,
      expect.stringContaining("size"),
    ]);
    const unknown = await get(`/app/links/${id}/qr.svg?colour=red`, cookie);
    expect(unknown.status).toBe(400);

    const other = await teamLink("owner");
    for (const path of [`/app/links/${other.id}/qr.svg`, `/app/links/${other.id}/clicks.csv`]) {
      const answer = await get(path, cookie);
      expect([path, answer.status]).toEqual([path, 404]);
      expect(String(answer.body)).toContain("There is no such link in this workspace.");
    }
  });

  it("exports a team's link's clicks for a viewer, with the API's window checks", async () => {
    const { id, code, cookie } = await teamLink("viewer");
    const { response, settled } = await callWorker(`/${code}`, { headers: { "User-Agent": DESKTOP } });
    expect(response.status).toBe(302);
    await settled();
    let lines: string[] = [];
    for (let tries = 0; tries < 80 && lines.length < 2; tries++) {
      const csv = await get(`/app/links/${id}/clicks.csv`, cookie);
      expect(csv.status).toBe(200);
      expect(csv.headers.get("Content-Disposition")).toMatch(/^attachment; filename="linkscope-url-\d+-clicks-/);
      lines = new TextDecoder().decode(csv.bytes).trim().split("\n");
      if (lines.length < 2) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(lines).toHaveLength(2);
    const backwards = await get(`/app/links/${id}/clicks.csv?from=2026-02-01&to=2026-01-01`, cookie);
    expect([backwards.status, String(backwards.body).includes("from must be before to")]).toEqual([400, true]);
  });
});
