import { describe, expect, it } from "vitest";
import type { LinkRecord } from "../../worker/domain/link-record";
import { MAX_LOCATION_LENGTH, planLocation } from "../../worker/domain/query-forwarding";

const link = (destination: string, forwarding: LinkRecord["forwarding"] = "fill", utm: LinkRecord["utm"] = null) => ({
  destination,
  forwarding,
  utm,
});
const location = (record: ReturnType<typeof link>, search: string) => planLocation(record, search).location;

describe("query forwarding", () => {
  it("fill adds only what the destination lacks: a platform's ref cannot replace the affiliate's", () => {
    const affiliate = link("https://shop.example/item?ref=affiliate42");
    expect(location(affiliate, "?ref=platform&color=red")).toBe("https://shop.example/item?ref=affiliate42&color=red");
  });

  it("merge lets incoming parameters win, every value of a repeated one", () => {
    const record = link("https://shop.example/item?ref=affiliate42&size=m", "merge");
    expect(location(record, "?ref=platform&tag=a&tag=b")).toBe(
      "https://shop.example/item?size=m&ref=platform&tag=a&tag=b",
    );
  });

  it("off forwards nothing", () => {
    expect(location(link("https://shop.example/item", "off"), "?ref=platform")).toBe("https://shop.example/item");
  });

  it("keeps the destination's own query text byte for byte, and its fragment", () => {
    const record = link("https://docs.example/a?q=a%20b+c&x=%E2%9C%93#section-2");
    expect(location(record, "?from=mail")).toBe("https://docs.example/a?q=a%20b+c&x=%E2%9C%93&from=mail#section-2");
    expect(location(record, "")).toBe(record.destination);
  });

  it("never forwards the service's own ls_ parameters", () => {
    expect(location(link("https://a.example/"), "?ls_src=qr&LS_x=1&keep=1")).toBe("https://a.example/?keep=1");
  });

  it("cannot replace the destination: incoming text only ever becomes encoded parameters", () => {
    const hostile = "?next=https://evil.example/&%26x=1&a=%23frag&b=%0d%0aSet-Cookie:x";
    const result = location(link("https://a.example/p"), hostile);
    expect(new URL(result).origin).toBe("https://a.example");
    expect(new URL(result).pathname).toBe("/p");
    expect(result).not.toMatch(/[\r\n#]/);
    expect(new URL(result).searchParams.get("next")).toBe("https://evil.example/");
  });

  it("UTM tags override the destination's and are overridden by incoming ones", () => {
    const record = link("https://a.example/?utm_source=old&id=1", "fill", {
      source: "newsletter",
      campaign: "spring sale",
    });
    expect(location(record, "")).toBe("https://a.example/?id=1&utm_source=newsletter&utm_campaign=spring%20sale");
    expect(location(record, "?utm_campaign=override")).toBe(
      "https://a.example/?id=1&utm_source=newsletter&utm_campaign=override",
    );
    // In fill mode the destination's own names stay protected, utm_source included.
    expect(location(record, "?utm_source=x")).toBe(
      "https://a.example/?id=1&utm_source=newsletter&utm_campaign=spring%20sale",
    );
    expect(location({ ...record, forwarding: "off" }, "?utm_campaign=x")).toBe(
      "https://a.example/?id=1&utm_source=newsletter&utm_campaign=spring%20sale",
    );
  });

  it("forwards nothing when the Location would pass 8 KiB, and says so", () => {
    const record = link("https://a.example/", "fill", { source: "s" });
    const planned = planLocation(record, `?big=${"x".repeat(MAX_LOCATION_LENGTH)}`);
    expect(planned).toEqual({ location: "https://a.example/?utm_source=s", queryDropped: true });
    expect(planLocation(record, "?small=1")).toEqual({
      location: "https://a.example/?utm_source=s&small=1",
      queryDropped: false,
    });
  });
});
