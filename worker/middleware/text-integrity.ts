// JSON bodies must be text that survives storage unchanged: a body that is not UTF-8, or whose
// strings hold a lone surrogate ("\ud800" escapes), would otherwise be stored with U+FFFD in place
// of what the client sent, silently. Both are refused with a 400 before any handler reads them.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { badRequest } from "../lib/errors";

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a parsed JSON value holds a string (value or key) with a lone surrogate. */
export function hasLoneSurrogate(root: unknown): boolean {
  // Iterative: a body may nest thousands of levels deep.
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === "string") {
      if (LONE_SURROGATE.test(value)) return true;
    } else if (Array.isArray(value)) {
      pending.push(...value);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (LONE_SURROGATE.test(key)) return true;
        pending.push(inner);
      }
    }
  }
  return false;
}

export const requireWellFormedJson = createMiddleware<AppEnv>(async (c, next) => {
  const type = c.req.header("Content-Type") ?? "";
  if (BODY_METHODS.has(c.req.method) && /^application\/json\b/i.test(type)) {
    const bytes = await c.req.arrayBuffer();
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw badRequest("request body must be UTF-8 encoded");
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined; // malformed JSON gets its own answer from the route's validator
    }
    if (hasLoneSurrogate(parsed)) throw badRequest("request body holds an unpaired UTF-16 surrogate (\\uD800-\\uDFFF)");
    // The validators' c.req.json() reads the text: kept decoded, it is not decoded again from the bytes.
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text); // Hono caches promises
  }
  await next();
});
