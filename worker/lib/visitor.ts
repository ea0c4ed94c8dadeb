// What a redirect knows of the person asking, read lazily: a link without rules reads only the
// query string, and a rule reads only what its conditions ask for (each at most once).
import {
  type AgentTraits,
  type Browser,
  type FormFactor,
  type OperatingSystem,
  preferredLanguageOf,
  traitsOf,
} from "./user-agent-traits.ts";

/** The first-party cookie that keeps an A/B assignment sticky: a random id, nothing else. */
export const VISITOR_COOKIE = "ls_vid";
const VISITOR_ID = /^[A-Za-z0-9-]{16,64}$/;

export interface VisitorFacts {
  country: string | null;
  continent: string | null;
  userAgent: string | null;
  acceptLanguage: string | null;
  ip: string | null;
  /** The visitor's id from its cookie, or null. */
  visitorId: string | null;
}

/** Facts plus what is derived from them, each computed on first use. */
export class Visitor {
  private parsedQuery: URLSearchParams | undefined;
  private agentTraits: AgentTraits | null | undefined;
  private preferred: string | null | undefined;
  private assignedId: string | undefined;

  /**
   * `search` is the request URL's query part, "?" included ("" when there is none): every redirect
   * reads it, so it is given; the other facts are read on first use.
   */
  constructor(
    readonly search: string,
    readonly facts: VisitorFacts,
  ) {}

  get query(): URLSearchParams {
    this.parsedQuery ??= new URLSearchParams(this.search);
    return this.parsedQuery;
  }

  private get traits(): AgentTraits | null {
    if (this.agentTraits === undefined) {
      const agent = this.facts.userAgent;
      this.agentTraits = agent ? traitsOf(agent) : null;
    }
    return this.agentTraits;
  }

  get device(): FormFactor | null {
    return this.traits?.device ?? null;
  }

  get os(): OperatingSystem | null {
    return this.traits?.os ?? null;
  }

  get browser(): Browser | null {
    return this.traits?.browser ?? null;
  }

  get language(): string | null {
    if (this.preferred === undefined) this.preferred = preferredLanguageOf(this.facts.acceptLanguage);
    return this.preferred;
  }

  /** The id an A/B split hashes: the cookie's, or a new random one (see newVisitorId). */
  get visitorId(): string {
    this.assignedId ??= this.facts.visitorId ?? crypto.randomUUID();
    return this.assignedId;
  }

  /** The id drawn for this visitor when it had none: the answer sets it as a cookie. */
  get newVisitorId(): string | undefined {
    return this.assignedId !== undefined && this.assignedId !== this.facts.visitorId ? this.assignedId : undefined;
  }
}

function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

/** A request's facts, each read on first use (a rule that asks only for the country reads no header). */
class RequestFacts implements VisitorFacts {
  private readonly request: Request;
  private read: Partial<Record<keyof VisitorFacts, string | null>> = {};

  constructor(request: Request) {
    this.request = request;
  }

  private once(fact: keyof VisitorFacts, load: () => string | null): string | null {
    let value = this.read[fact];
    if (value === undefined) {
      value = load();
      this.read[fact] = value;
    }
    return value;
  }

  private cf(field: "country" | "continent"): string | null {
    const value = (this.request as Request<unknown, IncomingRequestCfProperties>).cf?.[field];
    return typeof value === "string" ? value.toUpperCase() : null;
  }

  get country() {
    return this.once("country", () => this.cf("country"));
  }
  get continent() {
    return this.once("continent", () => this.cf("continent"));
  }
  get userAgent() {
    return this.once("userAgent", () => this.request.headers.get("User-Agent"));
  }
  get acceptLanguage() {
    return this.once("acceptLanguage", () => this.request.headers.get("Accept-Language"));
  }
  get ip() {
    return this.once("ip", () => this.request.headers.get("CF-Connecting-IP"));
  }
  get visitorId() {
    return this.once("visitorId", () => {
      const id = cookieValue(this.request.headers.get("Cookie"), VISITOR_COOKIE);
      return id !== null && VISITOR_ID.test(id) ? id : null;
    });
  }
}

/** A visitor read from a request (Cloudflare's cf for country and continent, CF-Connecting-IP). */
export function visitorOf(request: Request, search: string): Visitor {
  return new Visitor(search, new RequestFacts(request));
}

/** The Set-Cookie that keeps a new visitor's assignment (a year; first-party; no other data). */
export function visitorCookie(id: string, secure: boolean): string {
  return `${VISITOR_COOKIE}=${id}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
