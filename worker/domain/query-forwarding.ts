// The Location a link sends: its destination, plus its UTM tags, plus the incoming query string
// as the link's forwarding mode allows. The destination's own query text is kept byte for byte
// (only whole parameters are added or removed), and so is its fragment.
import type { LinkRecord, UtmField } from "./link-record.ts";

/** Longer Locations break proxies and browsers: past this, the incoming query is not forwarded. */
export const MAX_LOCATION_LENGTH = 8 * 1024;

/** Parameters the service reads itself (ls_src=qr, ...), in any case: never forwarded to a destination. */
const isOwnParameter = (name: string) =>
  name.length >= 3 && name[2] === "_" && (name[0] === "l" || name[0] === "L") && (name[1] === "s" || name[1] === "S");

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

/** What a link's Location is built from, worked out once per record (records live in the isolate cache). */
interface PreparedDestination {
  base: string;
  fragment: string;
  /** The destination's parameters, then the UTM tags (which replace the destination's of their name). */
  parameters: Parameter[];
  /** Names the destination itself carries: `fill` never replaces them. */
  protectedNames: Set<string>;
  /** The Location without anything incoming. */
  tagged: string;
}

/** What a Location is built from: a link's (or a rule's) destination, with the link's forwarding and UTM. */
export type LocationInputs = Pick<LinkRecord, "destination" | "forwarding" | "utm">;

const prepared = new WeakMap<LocationInputs, PreparedDestination>();

function prepare(record: LocationInputs): PreparedDestination {
  const { destination, utm } = record;
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
  let parameters = own;
  let tagged = destination;
  if (utm !== null) {
    const tags = Object.entries(utm).map(([field, value]) => ({
      name: `utm_${field as UtmField}`,
      text: encoded(`utm_${field}`, value),
    }));
    const tagNames = new Set(tags.map((tag) => tag.name));
    parameters = [...own.filter((parameter) => !tagNames.has(parameter.name)), ...tags];
    tagged = assemble(base, parameters, fragment);
  }
  return { base, fragment, parameters, protectedNames: new Set(own.map((parameter) => parameter.name)), tagged };
}

/**
 * Precedence: the destination's parameters < the link's UTM tags < the incoming ones. `fill` adds an
 * incoming parameter only where the destination has none of that name (so a platform's ?ref= cannot
 * replace an affiliate's ref); `merge` lets it replace; `off` forwards nothing.
 */
export function planLocation(record: LocationInputs, incomingSearch: string): PlannedLocation {
  const { forwarding, utm } = record;
  const forwards = forwarding !== "off" && incomingSearch.length > 1;
  if (utm === null && !forwards) return { location: record.destination, queryDropped: false };
  let destination = prepared.get(record);
  if (!destination) {
    destination = prepare(record);
    prepared.set(record, destination);
  }
  const { base, fragment, parameters, protectedNames, tagged } = destination;
  if (!forwards) return { location: tagged, queryDropped: false };

  // Plain loops and one string: this runs on every forwarded redirect.
  const names = new Set<string>();
  let added = "";
  for (const [name, value] of new URLSearchParams(incomingSearch)) {
    if (isOwnParameter(name) || (forwarding === "fill" && protectedNames.has(name))) continue;
    names.add(name);
    added += `&${encoded(name, value)}`;
  }
  if (names.size === 0) return { location: tagged, queryDropped: false };
  let query = "";
  for (const parameter of parameters) if (!names.has(parameter.name)) query += `&${parameter.text}`;
  query += added;
  const location = `${base}?${query.slice(1)}${fragment}`;
  if (location.length > MAX_LOCATION_LENGTH) return { location: tagged, queryDropped: true };
  return { location, queryDropped: false };
}
