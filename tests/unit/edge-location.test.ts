import { describe, expect, it } from "vitest";
import { coloOfRay, edgeLocation } from "../../worker/services/clicks/edge-location";

const request = (headers: Record<string, string>, cf?: Record<string, unknown>) =>
  new Request("https://sho.rt/abc", { headers, cf } as RequestInit);

describe("edgeLocation", () => {
  it("reads the country and the data centre from the headers Cloudflare's edge adds", () => {
    const location = edgeLocation(
      request({ "CF-IPCountry": "DE", "CF-Ray": "8c1a2b3c4d5e6f7a-FRA" }, { country: "US", colo: "SJC" }),
    );
    expect(location).toEqual({ country: "DE", colo: "FRA" });
  });

  it("falls back to request.cf for what the headers do not say (geolocation off, wrangler dev)", () => {
    expect(edgeLocation(request({ "CF-Ray": "8c1a2b3c4d5e6f7a-FRA" }, { country: "US", colo: "SJC" }))).toEqual({
      country: "US",
      colo: "FRA",
    });
    expect(edgeLocation(request({}, { country: "T1", colo: "AMS" }))).toEqual({ country: "T1", colo: "AMS" });
    expect(edgeLocation(request({}))).toEqual({ country: null, colo: null });
  });

  it("keeps at most the 8 characters the clicks table holds, whatever a header says", () => {
    const location = edgeLocation(request({ "CF-IPCountry": "X".repeat(300), "CF-Ray": `1-${"Y".repeat(300)}` }));
    expect(location).toEqual({ country: "X".repeat(8), colo: "Y".repeat(8) });
  });
});

describe("coloOfRay", () => {
  it("is the suffix after the ray id's last dash, or null", () => {
    expect(coloOfRay("8c1a2b3c4d5e6f7a-SJC")).toBe("SJC");
    expect(coloOfRay("8c1a2b3c4d5e6f7a")).toBeNull();
    expect(coloOfRay("8c1a2b3c4d5e6f7a-")).toBeNull();
    expect(coloOfRay(null)).toBeNull();
  });
});
