// An id in an /app path (a link's, a domain's, a member's, a key's): a positive integer Postgres can
// hold, or undefined, which the page answers as a 404 like a row that is not there. Ids reach ten
// digits (imports keep the ids they bring), so the bound is Postgres's, not a digit count.
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { POSTGRES_MAX_INT } from "../lib/validation";

export function pathId(c: Context<AppEnv>, name = "id"): number | undefined {
  const text = c.req.param(name) ?? "";
  if (!/^[1-9]\d{0,9}$/.test(text)) return undefined;
  const id = Number(text);
  return id <= POSTGRES_MAX_INT ? id : undefined;
}
