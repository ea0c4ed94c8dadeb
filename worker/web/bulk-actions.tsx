// POST /app/links/bulk: the links ticked in the links table, at once (issue 31): add or remove a tag,
// deactivate, or download them as CSV. Each link goes through the use case its own page calls
// (updateUrl, removeUrl: one audit event per link changed); an id this workspace has no link for
// refuses the whole request before anything changes, naming the id.

import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { UpdateUrlBody } from "../contracts/link-requests";
import type { UrlResponse } from "../contracts/responses";
import { csvLine } from "../lib/csv-cells";
import { POSTGRES_MAX_INT } from "../lib/validation";
import { downloadHeaders } from "../routes/urls/export-urls";
import { getOwnedUrl } from "../services/auth/access";
import { csvRecord, URL_EXPORT_COLUMNS } from "../services/exports/url-export";
import type { LinkRow } from "../services/urls/link-store";
import { readUrl, removeUrl, updateUrl } from "../services/urls/url-use-cases";
import { isNotFound } from "./form-parts";
import type { LinksFilters } from "./links-view";
import { APP_PATH, renderPage } from "./page-shell";
import { signedInAs } from "./signed-in-as";

/** The most links one request acts on: a page of the table is 50. */
export const BULK_MAX_LINKS = 100;

const ACTIONS = {
  "tag-add": "Add a tag",
  "tag-remove": "Remove a tag",
  deactivate: "Deactivate",
  export: "Export as CSV",
} as const;
type BulkAction = keyof typeof ACTIONS;
const isAction = (value: unknown): value is BulkAction => typeof value === "string" && Object.hasOwn(ACTIONS, value);

/** The links page's filters, carried through the form so the redirect lands on the same view. */
const FILTER_FIELDS = ["q", "state", "health", "tag", "sort"] as const;

/** The toolbar above the table, inside the table's form (whose checkboxes are the `id` fields). */
export function BulkToolbar({ csrfToken, filters }: { csrfToken: string; filters: LinksFilters }) {
  return (
    <>
      <input type="hidden" name="csrf_token" value={csrfToken} />
      {FILTER_FIELDS.map((name) =>
        filters[name] ? <input type="hidden" name={name} value={filters[name]} /> : undefined,
      )}
      <fieldset class="bulk-bar">
        <legend>Selected links</legend>
        <div class="field">
          <label for="bulk-action">Action</label>
          <select id="bulk-action" name="action">
            {Object.entries(ACTIONS).map(([value, name]) => (
              <option value={value}>{name}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="bulk-tag">Tag name</label>
          <input id="bulk-tag" name="bulk_tag" type="text" />
        </div>
        <button type="submit">Apply to selected</button>
      </fieldset>
    </>
  );
}

const links = (count: number) => (count === 1 ? "1 link" : `${count} links`);

/** The redirect's one-line summary (`done=<action>:<changed>:<unchanged>`), as the links page says it. */
export function bulkNotice(done: string | null | undefined): string | undefined {
  const match = /^(tag-add|tag-remove|deactivate):(\d{1,3}):(\d{1,3})$/.exec(done ?? "");
  if (!match) return undefined;
  const [action, changed, rest] = [match[1], Number(match[2]), Number(match[3])];
  const was = (count: number) => (count === 1 ? "1 was" : `${count} were`);
  if (action === "tag-add") return `Tag added to ${links(changed)}${rest ? `; ${rest} already had it` : ""}.`;
  if (action === "tag-remove") return `Tag removed from ${links(changed)}${rest ? `; ${rest} did not have it` : ""}.`;
  return `${links(changed)} deactivated${rest ? `; ${was(rest)} inactive already` : ""}.`;
}

async function refuse(c: Context<AppEnv>, status: 400 | 404, message: string) {
  const body = (
    <>
      <p class="error" role="alert">
        {message}
      </p>
      <p>
        <a href={`${APP_PATH}/links`}>Back to the links</a>
      </p>
    </>
  );
  return renderPage(c, { title: "Links", person: await signedInAs(c), current: "links", body, status });
}

type Form = Record<string, string | File | (string | File)[]>;

/** The ticked ids, distinct, in id order; or what is wrong with them. */
function idsOf(form: Form): number[] | string {
  const given = form.id === undefined ? [] : Array.isArray(form.id) ? form.id : [form.id];
  const ids = new Set<number>();
  for (const value of given) {
    const id = typeof value === "string" && /^\d{1,10}$/.test(value) ? Number(value) : 0;
    if (id < 1 || id > POSTGRES_MAX_INT) return "Each selected link must be a link id (digits only).";
    ids.add(id);
  }
  if (ids.size === 0) return "Select at least one link.";
  if (ids.size > BULK_MAX_LINKS) return `Select at most ${BULK_MAX_LINKS} links at once.`;
  return [...ids].sort((a, b) => a - b);
}

const text = (form: Form, name: string) => (typeof form[name] === "string" ? form[name].trim() : "");

/** /app/links with the filters the form carried, and the summary. */
function backTo(form: Form, done: string): string {
  const query = new URLSearchParams();
  for (const name of FILTER_FIELDS) if (text(form, name) !== "") query.set(name, text(form, name));
  query.set("done", done);
  return `${APP_PATH}/links?${query}`;
}

/** Each id's link, read as its page reads it; or the ids this workspace has no link for. */
async function eachLink<T>(ids: number[], read: (id: number) => Promise<T>): Promise<T[] | number[]> {
  const found: T[] = [];
  const missing: number[] = [];
  for (const id of ids) {
    try {
      found.push(await read(id));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      missing.push(id);
    }
  }
  return missing.length > 0 ? missing : found;
}

const notHere = (missing: number[]) =>
  `No link ${missing.map((id) => `#${id}`).join(", ")} in this workspace: nothing was done.`;

async function exportSelected(c: Context<AppEnv>, ids: number[]) {
  const rows = await eachLink(ids, (id) => getOwnedUrl(c.var, id));
  if (typeof rows[0] === "number") return refuse(c, 404, notHere(rows as number[]));
  const origin = new URL(c.req.url).origin;
  const now = Date.now();
  const lines = (rows as LinkRow[]).map((row) => csvRecord(row, origin, now));
  return c.body([csvLine([...URL_EXPORT_COLUMNS]), ...lines].join(""), 200, downloadHeaders("csv", "linkscope-urls"));
}

/** The tags each link would carry with `tag` added or removed (names compare without case). */
function retagged(urls: UrlResponse[], tag: string, add: boolean) {
  const name = tag.toLowerCase();
  return urls.flatMap((url) => {
    const has = url.tags.some((candidate) => candidate.toLowerCase() === name);
    if (has === add) return [];
    return [{ id: url.id, tags: add ? [...url.tags, tag] : url.tags.filter((t) => t.toLowerCase() !== name) }];
  });
}

export async function bulkAction(c: Context<AppEnv>) {
  const form: Form = await c.req.parseBody({ all: true });
  const ids = idsOf(form);
  if (typeof ids === "string") return refuse(c, 400, ids);
  const action = form.action;
  if (!isAction(action)) return refuse(c, 400, `Choose an action: ${Object.values(ACTIONS).join(", ")}.`);
  if (action === "export") return exportSelected(c, ids);

  const tag = text(form, "bulk_tag");
  if (action !== "deactivate") {
    if (tag === "") return refuse(c, 400, "Name the tag to add or remove.");
    const named = UpdateUrlBody.safeParse({ tags: [tag] });
    if (!named.success) return refuse(c, 400, named.error.issues[0]?.message ?? "invalid tag");
  }
  const read = await eachLink(ids, (id) => readUrl(c.var, id));
  if (typeof read[0] === "number") return refuse(c, 404, notHere(read as number[]));
  const urls = read as UrlResponse[];
  const host = new URL(c.req.url).hostname;

  if (action === "deactivate") {
    const active = urls.filter((url) => url.is_active);
    for (const url of active) await removeUrl(c.var, url.id);
    return c.redirect(backTo(form, `${action}:${active.length}:${urls.length - active.length}`), 303);
  }
  // Every edit is checked before the first is made (a link at its tag limit refuses them all).
  const edits = [];
  for (const { id, tags } of retagged(urls, tag, action === "tag-add")) {
    const parsed = UpdateUrlBody.safeParse({ tags });
    if (!parsed.success) return refuse(c, 400, `Link #${id}: ${parsed.error.issues[0]?.message}; nothing was done.`);
    edits.push({ id, edit: parsed.data });
  }
  for (const { id, edit } of edits) await updateUrl(c.var, id, edit, {}, host);
  return c.redirect(backTo(form, `${action}:${edits.length}:${urls.length - edits.length}`), 303);
}
