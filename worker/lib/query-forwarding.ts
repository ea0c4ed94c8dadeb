// The Location a link sends: its destination, plus its UTM tags, plus the incoming query string
// as the link's forwarding mode allows. The destination's own query text is kept byte for byte
// (only whole parameters are added or removed), and so is its fragment.
import type { LinkRecord, UtmField } from "./link-record.ts";

/** Longer Locations break proxies and browsers: past this, the incoming query is not forwarded. */
export const MAX_LOCATION_LENGTH = 8 * 1024;

/** Parameters the service reads itself (ls_src=qr, ...): never forwarded to a destination. */
const OWN_PARAMETER = /^ls_/i;

interface Parameter {
  name: string;
  /** As it goes into the Location: the destination's own text, or encoded here. */
  text: string;
}

function decodeName(rawPair: string): string {
  const raw = rawPair.split("=", 1)[0] ?? "";
  try {
    return decodeURIComponent(raw.replaceAll("+", " "));
  } catch {
    return raw;
  }
}

const encoded = (name: string, value: string) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;

export interface PlannedLocation {
  location: string;
  /** The incoming query was left out because the Location would have been too long. */
  queryDropped: boolean;
}

function assemble(base: string, parameters: Parameter[], fragment: string): string {
  return parameters.length === 0 ? base + fragment : `${base}?${parameters.map((p) => p.text).join("&")}${fragment}`;
}

/**
 * Precedence: the destination's parameters < the link's UTM tags < the incoming ones. `fill` adds an
 * incoming parameter only where the destination has none of that name (so a platform's ?ref= cannot
 * replace an affiliate's ref); `merge` lets it replace; `off` forwards nothing.
 */
export function planLocation(
  record: Pick<LinkRecord, "destination" | "forwarding" | "utm">,
  incomingSearch: string,
): PlannedLocation {
  const { destination, forwarding, utm } = record;
  const forwards = forwarding !== "off" && incomingSearch.length > 1;
  if (utm === null && !forwards) return { location: destination, queryDropped: false };

  const hashAt = destination.indexOf("#");
  const fragment = hashAt < 0 ? "" : destination.slice(hashAt);
  const beforeFragment = hashAt < 0 ? destination : destination.slice(0, hashAt);
  const queryAt = beforeFragment.indexOf("?");
  const base = queryAt < 0 ? beforeFragment : beforeFragment.slice(0, queryAt);
  const query = queryAt < 0 ? "" : beforeFragment.slice(queryAt + 1);
  const own: Parameter[] = query
    .split("&")
    .filter((pair) => pair.length > 0)
    .map((pair) => ({ name: decodeName(pair), text: pair }));
  const protectedNames = new Set(own.map((parameter) => parameter.name));

  let parameters = own;
  if (utm !== null) {
    const tags = Object.entries(utm).map(([field, value]) => ({
      name: `utm_${field as UtmField}`,
      text: encoded(`utm_${field}`, value),
    }));
    const tagged = new Set(tags.map((tag) => tag.name));
    parameters = [...parameters.filter((parameter) => !tagged.has(parameter.name)), ...tags];
  }
  const tagged = { location: assemble(base, parameters, fragment), queryDropped: false };
  if (!forwards) return tagged;

  const incoming = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(incomingSearch)) {
    if (OWN_PARAMETER.test(name)) continue;
    if (forwarding === "fill" && protectedNames.has(name)) continue;
    const values = incoming.get(name);
    if (values) values.push(value);
    else incoming.set(name, [value]);
  }
  if (incoming.size === 0) return tagged;
  const forwarded = [
    ...parameters.filter((parameter) => !incoming.has(parameter.name)),
    ...[...incoming].flatMap(([name, values]) => values.map((value) => ({ name, text: encoded(name, value) }))),
  ];
  const location = assemble(base, forwarded, fragment);
  if (location.length > MAX_LOCATION_LENGTH) return { location: tagged.location, queryDropped: true };
  return { location, queryDropped: false };
}
