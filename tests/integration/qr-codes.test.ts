// Issue 15: QR codes of a link, for its owner only, with every parameter checked. The codes are
// decoded back with a real decoder in tests/stack/qr-decode.test.ts; here: the API's contract.
import { describe, expect, it } from "vitest";
import { callApi, createUrl, get, send, sendJson, unique } from "../harness";

const ADMIN_KEY = `admin-${crypto.randomUUID()}`;
const PRODUCTION = { ADMIN_API_KEY: ADMIN_KEY, REQUIRE_API_KEYS: "true" };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR. */
function pngSize(bytes: Uint8Array): [number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return [view.getUint32(16), view.getUint32(20)];
}

describe("GET /urls/{id}/qr.svg and qr.png", () => {
  it("draws the short URL as an SVG and a PNG of the asked size, cacheable by ETag", async () => {
    const url = await createUrl();
    const svg = await callApi("GET", `/urls/${url.id}/qr.svg?size=300`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(svg.headers.get("Cache-Control")).toBe("private, max-age=86400");
    expect(svg.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="300" height="300" /);
    expect(svg.body).not.toContain("<script");

    const png = await callApi("GET", `/urls/${url.id}/qr.png?size=200&margin=2&ecc=Q&fg=%23102030&bg=%23FFFFF0`);
    expect(png.status).toBe(200);
    expect(png.headers.get("Content-Type")).toBe("image/png");
    expect([...png.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png.bytes)).toEqual([200, 200]);

    const etag = png.headers.get("ETag");
    expect(etag).toMatch(/^"qr-[0-9a-f]{24}"$/);
    const again = await callApi("GET", `/urls/${url.id}/qr.png?size=200&margin=2&ecc=Q&fg=%23102030&bg=%23FFFFF0`, {
      headers: { "If-None-Match": etag as string },
    });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    expect(again.headers.get("ETag")).toBe(etag);
    // Other options are another image.
    const other = await callApi("GET", `/urls/${url.id}/qr.png?size=201&margin=2&ecc=Q&fg=%23102030&bg=%23FFFFF0`);
    expect(other.headers.get("ETag")).not.toBe(etag);
  });

  it("a new destination leaves the code as it was: the short URL is what is encoded", async () => {
    const url = await createUrl();
    const before = await callApi("GET", `/urls/${url.id}/qr.svg?logo=true`);
    expect(before.status).toBe(200);
    const edit = await sendJson("PATCH", `/urls/${url.id}`, { original_url: `https://example.org/${unique("moved")}` });
    expect(edit.status).toBe(200);
    const after = await callApi("GET", `/urls/${url.id}/qr.svg?logo=true`);
    expect(after.headers.get("ETag")).toBe(before.headers.get("ETag"));
    expect(after.body).toBe(before.body);
  });

  it("every bad parameter is a 400 naming it", async () => {
    const url = await createUrl();
    const cases: [string, RegExp][] = [
      ["size=63", /^size must be an integer between 64 and 2048$/],
      ["size=2049", /^size must be an integer between 64 and 2048$/],
      ["size=big", /^size must be an integer between 64 and 2048$/],
      ["size=512.5", /^size must be an integer between 64 and 2048$/],
      ["margin=17", /^margin must be an integer between 0 and 16$/],
      ["margin=-1", /^margin must be an integer between 0 and 16$/],
      ["ecc=X", /^ecc must be one of L, M, Q, H$/],
      ["ecc=m", /^ecc must be one of L, M, Q, H$/],
      ["fg=red", /^fg must be a colour as #RRGGBB$/],
      ["fg=%23abc", /^fg must be a colour as #RRGGBB$/],
      ["bg=%23GGGGGG", /^bg must be a colour as #RRGGBB$/],
      ["logo=yes", /^logo must be true or false$/],
      ["logo=true&ecc=L", /^ecc must be H with a logo/],
      ["fg=%23777777&bg=%23888888", /^fg, bg: contrast is 1\.\d\d:1, at least 4:1 is needed to scan$/],
      ["fg=%23ffffff&bg=%23000000", /^fg: must be darker than bg/],
      ["colour=%23000000", /^unknown field: colour$/],
      ["size=1&size=2", /^size/],
      ["size=64&margin=16&ecc=H", /^size: must be at least \d+ px for this code with a margin of 16$/],
    ];
    for (const [query, message] of cases) {
      for (const format of ["svg", "png"]) {
        const answer = await get<{ error: string }>(`/urls/${url.id}/qr.${format}?${query}`);
        expect([query, format, answer.status]).toEqual([query, format, 400]);
        expect(answer.body.error, query).toMatch(message);
      }
    }
    expect((await get(`/urls/2147483647/qr.svg`)).status).toBe(404);
    expect((await get(`/urls/abc/qr.png`)).status).toBe(404);
  });

  it("only the link's owner (or the admin) renders its code: no public QR endpoint", async () => {
    const keyOf = async () => {
      const name = unique("qr");
      const user = await callApi("POST", "/users", {
        key: ADMIN_KEY,
        body: { username: name, email: `${name}@example.test` },
        overrides: PRODUCTION,
      });
      const key = await callApi("POST", `/users/${user.body.id}/api-keys`, { key: ADMIN_KEY, overrides: PRODUCTION });
      return key.body.key as string;
    };
    const [alice, bob] = [await keyOf(), await keyOf()];
    const url = await callApi("POST", "/urls", {
      key: alice,
      body: { original_url: "https://example.com/qr-owner" },
      overrides: PRODUCTION,
    });
    const path = `/urls/${url.body.id}/qr.png`;
    expect((await callApi("GET", path, { key: alice, overrides: PRODUCTION })).status).toBe(200);
    expect((await callApi("GET", path, { key: ADMIN_KEY, overrides: PRODUCTION })).status).toBe(200);
    const stranger = await callApi("GET", path, { key: bob, overrides: PRODUCTION });
    expect(stranger.status).toBe(404);
    expect(stranger.body).toEqual({ error: "url not found" });
    expect((await callApi("GET", path, { overrides: PRODUCTION })).status).toBe(401);
  });

  it("a scan (ls_src=qr) is a click with source qr, shown in by_source; the parameter is not forwarded", async () => {
    const url = await createUrl({ original_url: "https://example.com/landing?x=1" });
    const scan = await callApi("GET", `/${url.short_code}?ls_src=qr&ref=poster`);
    expect(scan.status).toBe(302);
    expect(scan.headers.get("Location")).toBe("https://example.com/landing?x=1&ref=poster");
    const plain = await callApi("GET", `/${url.short_code}?ls_src=other`);
    expect(plain.headers.get("Location")).toBe("https://example.com/landing?x=1");
    await callApi("GET", `/${url.short_code}`);
    const deadline = Date.now() + 20_000;
    let stats: { total: number; by_source: { source: string | null; clicks: number }[] } | undefined;
    while (Date.now() < deadline) {
      stats = (await get<NonNullable<typeof stats>>(`/urls/${url.id}/stats`)).body;
      if (stats.total >= 3) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(stats?.by_source).toEqual([
      { source: null, clicks: 2 },
      { source: "qr", clicks: 1 },
    ]);
  });

  it("is in the OpenAPI document with its parameters", async () => {
    const spec = (
      await send<{ paths: Record<string, { get: { parameters: { name: string }[] } }> }>("GET", "/openapi.json")
    ).body;
    for (const format of ["svg", "png"]) {
      const names = spec.paths[`/urls/{id}/qr.${format}`]?.get.parameters.map((parameter) => parameter.name);
      expect(names).toEqual(expect.arrayContaining(["id", "size", "margin", "ecc", "fg", "bg", "logo"]));
    }
  });
});
