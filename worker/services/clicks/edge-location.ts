// Where a click happened: the visitor's country and the Cloudflare data centre that served it. The
// edge says both in headers on every request it forwards: CF-IPCountry (with IP geolocation on, a zone's
// default) and CF-Ray, whose suffix is the data centre's code ("8c1a2b3c4d5e6f7a-FRA"). Two header reads
// cost a cached redirect less than request.cf, which workerd builds from JSON on each access
// (docs/CAPACITY.md); request.cf answers only what the headers do not (geolocation off, wrangler dev).

export interface EdgeLocation {
  country: string | null;
  colo: string | null;
}

// What the clicks table holds of either (a colo is three letters, a country two, "T1" included).
const CODE_MAX = 8;

export function edgeLocation(request: Request): EdgeLocation {
  const country = request.headers.get("CF-IPCountry");
  const colo = coloOfRay(request.headers.get("CF-Ray"));
  if (country !== null && colo !== null) return { country: country.slice(0, CODE_MAX), colo };
  const cf = (request as Request<unknown, IncomingRequestCfProperties>).cf;
  return {
    country: country?.slice(0, CODE_MAX) ?? (typeof cf?.country === "string" ? cf.country.slice(0, CODE_MAX) : null),
    colo: colo ?? (typeof cf?.colo === "string" ? cf.colo.slice(0, CODE_MAX) : null),
  };
}

/** The data centre's code after a ray id's last dash, or null. */
export function coloOfRay(ray: string | null): string | null {
  if (ray === null) return null;
  const dash = ray.lastIndexOf("-");
  const colo = dash < 0 ? "" : ray.slice(dash + 1).trim();
  return colo === "" ? null : colo.slice(0, CODE_MAX);
}
