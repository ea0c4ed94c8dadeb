// /app/links/{id}: one link's page, its edit, its switch and its "Check now". Reads and writes go
// through the link use cases (readUrl, readUrlStats, readUrlEvents, readLinkHealth, readLinkAnomalies,
// updateUrl, removeUrl, checkLinkNow), so another workspace's link is a 404 here as in the API, and
// what the API refuses is shown next to its field.
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { UpdateUrlBody } from "../contracts/link-requests";
import type { UrlResponse } from "../contracts/responses";
import { AppError } from "../lib/errors";
import { readLinkAnomalies } from "../services/anomalies/link-anomaly-use-cases";
import { checkLinkNow } from "../services/link-health/check-link";
import { readLinkHealth } from "../services/link-health/health-history";
import { linkSettingsOf } from "../services/urls/link-settings";
import { readUrl, readUrlEvents, removeUrl, updateUrl } from "../services/urls/url-use-cases";
import { fieldNamedBy, isNotFound, statusOf, stringFields } from "./form-parts";
import { readLinkClicks } from "./link-clicks";
import { type EditValues, LinkView } from "./link-view";
import { notFoundPage } from "./not-found-page";
import { APP_PATH, type PageStatus, renderPage } from "./page-shell";
import { pathId } from "./path-id";
import { signedInAs } from "./signed-in-as";
import { mayWriteLinks } from "./web-roles";

const HISTORY_ROWS = 50;
const EDIT_FIELDS = ["original_url", "title", "tags"] as const;

/** The id in the path, or undefined (then the page is a 404, as for a link that is not there). */
export const linkIdOf = (c: Context<AppEnv>): number | undefined => pathId(c);

const missing = (c: Context<AppEnv>) => notFoundPage(c, "links", "link");

async function renderLink(
  c: Context<AppEnv>,
  id: number,
  form: { values?: EditValues; errors?: EditValues; status?: PageStatus; checkError?: string },
) {
  const url = await readUrl(c.var, id);
  const now = Date.now();
  const [stats, events, person, health, anomalies] = await Promise.all([
    readLinkClicks(c, id),
    readUrlEvents(c.var, id, { limit: HISTORY_ROWS, offset: 0 }),
    signedInAs(c),
    readLinkHealth(c.var, id),
    readLinkAnomalies(c.var, id),
  ]);
  const values = form.values ?? { original_url: url.original_url, title: url.title ?? "", tags: url.tags.join(", ") };
  const body = (
    <LinkView
      url={url}
      origin={new URL(c.req.url).origin}
      stats={stats}
      events={events}
      values={values}
      errors={form.errors ?? {}}
      saved={new URL(c.req.url).searchParams.has("saved")}
      csrfToken={person?.csrfToken ?? ""}
      mayWrite={mayWriteLinks(c)}
      now={now}
      health={{
        detail: health,
        checked: new URL(c.req.url).searchParams.has("checked"),
        checkError: form.checkError,
      }}
      anomalies={anomalies}
    />
  );
  const title = url.title ?? url.short_code;
  return renderPage(c, { title, person, current: "links", chart: true, body, status: form.status ?? stats.status });
}

export async function linkPage(c: Context<AppEnv>) {
  const id = linkIdOf(c);
  if (id === undefined) return missing(c);
  try {
    return await renderLink(c, id, {});
  } catch (error) {
    if (isNotFound(error)) return missing(c);
    throw error;
  }
}

/**
 * The edit as PUT /urls/{id} takes it: only the fields that changed (a destination sent unchanged
 * would start its health checks over).
 */
function editBodyOf(
  form: Record<string, unknown>,
  current: UrlResponse,
): { values: EditValues; body: Record<string, unknown> } {
  const values: EditValues = stringFields(form, EDIT_FIELDS);
  const tags = (values.tags ?? "")
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
  const title = values.title?.trim() ?? "";
  const destination = values.original_url?.trim();
  const body: Record<string, unknown> = {};
  if (destination !== current.original_url) body.original_url = destination;
  if ((title === "" ? null : title) !== current.title) body.title = title === "" ? null : title;
  if (tags.join("\n") !== current.tags.join("\n")) body.tags = tags;
  return { values, body };
}

export async function saveLink(c: Context<AppEnv>) {
  const id = linkIdOf(c);
  if (id === undefined) return missing(c);
  try {
    const { values, body } = editBodyOf(await c.req.parseBody(), await readUrl(c.var, id));
    if (Object.keys(body).length === 0) return c.redirect(`${APP_PATH}/links/${id}?saved`, 303);
    const parsed = UpdateUrlBody.safeParse(body);
    if (!parsed.success) {
      const errors: EditValues = {};
      for (const issue of parsed.error.issues) {
        const field = EDIT_FIELDS.find((name) => name === issue.path[0]) ?? "original_url";
        errors[field] ??= issue.message;
      }
      return await renderLink(c, id, { values, errors, status: 400 });
    }
    try {
      await updateUrl(c.var, id, parsed.data, await linkSettingsOf(parsed.data), new URL(c.req.url).hostname);
    } catch (error) {
      if (!(error instanceof AppError) || statusOf(error) !== 400) throw error;
      const field = fieldNamedBy(error.message, EDIT_FIELDS) ?? "original_url";
      return await renderLink(c, id, { values, errors: { [field]: error.message }, status: 400 });
    }
    return c.redirect(`${APP_PATH}/links/${id}?saved`, 303);
  } catch (error) {
    if (isNotFound(error)) return missing(c);
    throw error;
  }
}

/** Deactivate (the API's DELETE: a soft delete) or activate again. */
export function switchLink(active: boolean) {
  return async (c: Context<AppEnv>) => {
    const id = linkIdOf(c);
    if (id === undefined) return missing(c);
    try {
      if (active) await updateUrl(c.var, id, { is_active: true }, {}, new URL(c.req.url).hostname);
      else await removeUrl(c.var, id);
    } catch (error) {
      if (isNotFound(error)) return missing(c);
      throw error;
    }
    return c.redirect(`${APP_PATH}/links/${id}?saved`, 303);
  };
}

/**
 * "Check now": POST /urls/{id}/health/check's use case, then back to the page, which shows the result.
 * Its refusals (checked less than a minute ago, the destination changed meanwhile) are the page's
 * status and message, never a 500.
 */
export async function checkLink(c: Context<AppEnv>) {
  const id = linkIdOf(c);
  if (id === undefined) return missing(c);
  try {
    try {
      await checkLinkNow(c.var, id, new URL(c.req.url).hostname);
    } catch (error) {
      const status = statusOf(error);
      if (status !== 429 && status !== 409) throw error;
      return await renderLink(c, id, { status: status === 429 ? 429 : 400, checkError: (error as AppError).message });
    }
    return c.redirect(`${APP_PATH}/links/${id}?checked#health-title`, 303);
  } catch (error) {
    if (isNotFound(error)) return missing(c);
    throw error;
  }
}
