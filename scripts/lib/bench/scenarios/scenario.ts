// A scenario: one kind of request sent to one worker variant, as fast as the connections allow.
import type { LoadOptions } from "../../load.ts";
import type { LinkLayout } from "../link-layout.ts";
import type { BenchPorts } from "../worker-variants.ts";

export interface Scenario {
  name: string;
  port: number;
  next: LoadOptions["nextRequest"];
  isExpected?: (status: number) => boolean;
}

/** What the scenarios are built from: where the workers listen and which links exist. */
export interface ScenarioContext {
  ports: BenchPorts;
  layout: LinkLayout;
  /** Unique per run: the links the bench creates never collide with an earlier run's. */
  runId: string;
  /** The Cookie header that unlocks each protected link, by its offset in the protected set. */
  unlockCookies: string[];
  /** The workspace of about 100,000 links where the bench person is a viewer. */
  largeWorkspaceId: number;
}

export const BROWSER =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

/**
 * What Cloudflare's edge adds to every request it forwards to a Worker (raw workerd adds none): the
 * visitor's address and country, and the ray id whose suffix names the data centre. A click reads them.
 */
export const EDGE_HEADERS = {
  "CF-Connecting-IP": "203.0.113.77",
  "CF-IPCountry": "DE",
  "CF-Ray": "8c1a2b3c4d5e6f7a-FRA",
};
