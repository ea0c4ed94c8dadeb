// What a redirect knows of the person asking, read lazily: a link without rules reads only the
// query string, and a rule reads only what its conditions ask for (each at most once).
import {
  type Browser,
  browser,
  type FormFactor,
  formFactor,
  type OperatingSystem,
  operatingSystem,
  preferredLanguage,
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
  private derived: {
    device?: FormFactor | null;
    os?: OperatingSystem | null;
    browser?: Browser | null;
    language?: string | null;
  } = {};
  private assignedId: string | undefined;

  /**
   * `search` is the request URL's query part, "?" included ("" when there is none): every redirect
   * reads it, so it is given; the other facts are read on first use.
   */
  constructor(
    readonly search: string,
    private readonly read: () => VisitorFacts,
  ) {}

  private factsCache: VisitorFacts | undefined;
  get facts(): VisitorFacts {
    this.factsCache ??= this.read();
    return this.factsCache;
  }

  get query(): URLSearchParams {
    this.parsedQuery ??= new URLSearchParams(this.search);
    return this.parsedQuery;
  }

  get device(): FormFactor | null {
    if (this.derived.device === undefined) {
      const agent = this.facts.userAgent;
      this.derived.device = agent ? formFactor(agent) : null;
    }
    return this.derived.device;
  }

  get os(): OperatingSystem | null {
    if (this.derived.os === undefined) {
      const agent = this.facts.userAgent;
      this.derived.os = agent ? operatingSystem(agent) : null;
    }
    return this.derived.os;
  }

  get browser(): Browser | null {
    if (this.derived.browser === undefined) {
      const agent = this.facts.userAgent;
      this.derived.browser = agent ? browser(agent) : null;
    }
    return this.derived.browser;
  }

  get language(): string | null {
    if (this.derived.language === undefined) this.derived.language = preferredLanguage(this.facts.acceptLanguage);
    return this.derived.language;
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

/** A visitor read from a request (Cloudflare's cf for country and continent, CF-Connecting-IP). */
export function visitorOf(request: Request, search: string): Visitor {
  return new Visitor(search, () => {
    const cf = (request as Request<unknown, IncomingRequestCfProperties>).cf;
    const id = cookieValue(request.headers.get("Cookie"), VISITOR_COOKIE);
    return {
      country: typeof cf?.country === "string" ? cf.country.toUpperCase() : null,
      continent: typeof cf?.continent === "string" ? cf.continent.toUpperCase() : null,
      userAgent: request.headers.get("User-Agent"),
      acceptLanguage: request.headers.get("Accept-Language"),
      ip: request.headers.get("CF-Connecting-IP"),
      visitorId: id !== null && VISITOR_ID.test(id) ? id : null,
    };
  });
}

/** The Set-Cookie that keeps a new visitor's assignment (a year; first-party; no other data). */
export function visitorCookie(id: string, secure: boolean): string {
  return `${VISITOR_COOKIE}=${id}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
