// What a redirect knows of the person asking, read lazily: a link without rules reads only the
// query string, and a rule reads only what its conditions ask for (each at most once).
import { cookieValues, setCookie } from "../lib/cookies.ts";
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

/** A visitor nothing is known about (no headers, no location, no cookie). */
export const NO_FACTS: VisitorFacts = Object.freeze({
  country: null,
  continent: null,
  userAgent: null,
  acceptLanguage: null,
  ip: null,
  visitorId: null,
});

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

/**
 * A request's facts, each read on first use (a rule that asks only for the country reads no header).
 * One field per fact (undefined: not read yet), so each read is a plain property access.
 */
class RequestFacts implements VisitorFacts {
  private readonly request: Request;
  private cfRead: IncomingRequestCfProperties | null | undefined;
  private countryRead: string | null | undefined;
  private continentRead: string | null | undefined;
  private userAgentRead: string | null | undefined;
  private acceptLanguageRead: string | null | undefined;
  private ipRead: string | null | undefined;
  private visitorIdRead: string | null | undefined;

  constructor(request: Request) {
    this.request = request;
  }

  // request.cf is built on each access (workerd parses it): read it once.
  private get cf(): IncomingRequestCfProperties | null {
    if (this.cfRead === undefined) {
      this.cfRead = (this.request as Request<unknown, IncomingRequestCfProperties>).cf ?? null;
    }
    return this.cfRead;
  }

  get country(): string | null {
    if (this.countryRead === undefined) {
      const country = this.cf?.country;
      this.countryRead = typeof country === "string" ? country.toUpperCase() : null;
    }
    return this.countryRead;
  }

  get continent(): string | null {
    if (this.continentRead === undefined) {
      const continent = this.cf?.continent;
      this.continentRead = typeof continent === "string" ? continent.toUpperCase() : null;
    }
    return this.continentRead;
  }

  get userAgent(): string | null {
    if (this.userAgentRead === undefined) this.userAgentRead = this.request.headers.get("User-Agent");
    return this.userAgentRead;
  }

  get acceptLanguage(): string | null {
    if (this.acceptLanguageRead === undefined) this.acceptLanguageRead = this.request.headers.get("Accept-Language");
    return this.acceptLanguageRead;
  }

  get ip(): string | null {
    if (this.ipRead === undefined) this.ipRead = this.request.headers.get("CF-Connecting-IP");
    return this.ipRead;
  }

  get visitorId(): string | null {
    if (this.visitorIdRead === undefined) {
      const id = cookieValues(this.request.headers.get("Cookie"), VISITOR_COOKIE)[0] ?? null;
      this.visitorIdRead = id !== null && VISITOR_ID.test(id) ? id : null;
    }
    return this.visitorIdRead;
  }
}

/** A visitor read from a request (Cloudflare's cf for country and continent, CF-Connecting-IP). */
export function visitorOf(request: Request, search: string): Visitor {
  return new Visitor(search, new RequestFacts(request));
}

/** The Set-Cookie that keeps a new visitor's assignment (a year; first-party; no other data). */
export function visitorCookie(id: string, secure: boolean): string {
  return setCookie(VISITOR_COOKIE, id, { path: "/", maxAgeSeconds: 31_536_000, secure });
}
