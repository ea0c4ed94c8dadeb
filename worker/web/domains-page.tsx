// /app/domains: the custom domains of the workspace the person acts in (docs/WEB-APP.md, "Domains"),
// read and changed through the domain use cases (readDomains, createDomain, verifyDomain, changeDomain,
// removeDomain), so another workspace's domain is a 404 here as in the API, and what the API refuses is
// shown next to its field or in its domain's card with the API's words.

import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { CreateDomainBody } from "../contracts/domains";
import type { AppError } from "../lib/errors";
import {
  changeDomain,
  createDomain,
  readDomains,
  removeDomain,
  verifyDomain,
} from "../services/domains/domain-use-cases";
import { serializeDomain } from "../services/domains/serialize";
import {
  DOMAIN_FORM_FIELDS,
  DONE_MESSAGES,
  type DomainFormField,
  type DomainFormValues,
  DomainsView,
  type DomainsViewProps,
  type Done,
} from "./domains-view";
import { fieldNamedBy, isNotFound, statusOf, stringFields } from "./form-parts";
import { notFoundPage } from "./not-found-page";
import { APP_PATH, type PageStatus, renderPage } from "./page-shell";
import { pathId } from "./path-id";
import { signedInAs } from "./signed-in-as";
import { mayAdminWorkspace } from "./web-roles";

/** Whether the person's role holds workspace:admin (owner, admin): the scope the API's domain writes need. */

/** The API's status as the page's: a 409 is a form answered with its error, as the link form does. */
const pageStatusOf = (status: number): PageStatus => (status === 503 ? 503 : status === 404 ? 404 : 400);

const domainIdOf = (c: Context<AppEnv>): number | undefined => pathId(c);

const missing = (c: Context<AppEnv>) => notFoundPage(c, "domains", "domain");

async function renderDomains(
  c: Context<AppEnv>,
  form: Pick<Partial<DomainsViewProps>, "values" | "errors" | "formError" | "actionError"> = {},
  status: PageStatus = 200,
) {
  const [rows, person] = await Promise.all([readDomains(c.var), signedInAs(c)]);
  const done = new URL(c.req.url).searchParams.get("done") ?? "";
  const body = (
    <DomainsView
      domains={rows.map(serializeDomain)}
      mayAdmin={mayAdminWorkspace(c)}
      role={person?.role ?? ""}
      serviceHost={new URL(c.req.url).host}
      domainsOn={c.var.config.domainProvider !== null}
      csrfToken={person?.csrfToken ?? ""}
      values={form.values ?? {}}
      errors={form.errors ?? {}}
      formError={form.formError}
      actionError={form.actionError}
      done={status === 200 && done in DONE_MESSAGES ? (done as Done) : undefined}
    />
  );
  // The records' Copy buttons: only where there are records to copy.
  const scripts = rows.length > 0 ? (["copy-buttons.js"] as const) : [];
  return renderPage(c, { title: "Domains", person, current: "domains", body, status, scripts });
}

export const domainsPage = (c: Context<AppEnv>) => renderDomains(c);

const domainFormValues = (form: Record<string, unknown>): DomainFormValues => stringFields(form, DOMAIN_FORM_FIELDS);

/** The body POST /domains would take: the hostname as typed (the API trims it), empty redirects left out. */
function createBodyOf(values: DomainFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = { hostname: values.hostname ?? "" };
  for (const field of ["root_redirect", "not_found_redirect"] as const) {
    const value = values[field]?.trim();
    if (value) body[field] = value;
  }
  return body;
}

/** The field a refusal names (the API's messages start with it), else undefined: the form's own. */
const fieldOfMessage = (message: string): DomainFormField | undefined => fieldNamedBy(message, DOMAIN_FORM_FIELDS);

export async function addDomain(c: Context<AppEnv>) {
  const values = domainFormValues(await c.req.parseBody());
  const parsed = CreateDomainBody.safeParse(createBodyOf(values));
  if (!parsed.success) {
    const errors: DomainFormValues = {};
    let formError: string | undefined;
    for (const issue of parsed.error.issues) {
      const field = DOMAIN_FORM_FIELDS.find((name) => name === issue.path[0]);
      if (field) errors[field] ??= issue.message;
      else formError ??= issue.message;
    }
    return renderDomains(c, { values, errors, formError }, 400);
  }
  try {
    const row = await createDomain(c.var, parsed.data, new URL(c.req.url).hostname);
    return c.redirect(`${APP_PATH}/domains?done=added#domain-${row.id}`, 303);
  } catch (error) {
    const status = statusOf(error);
    if (status !== 400 && status !== 409 && status !== 503) throw error;
    const message = (error as AppError).message;
    const field = status === 503 ? undefined : fieldOfMessage(message);
    const form = field ? { values, errors: { [field]: message } } : { values, formError: message };
    return renderDomains(c, form, pageStatusOf(status));
  }
}

/**
 * One domain's button: an owner's or admin's only; another workspace's domain is a 404, and any other
 * refusal (a provider that cannot be asked, links still on the domain) is shown in the domain's card.
 */
function domainAction(done: Done, run: (c: Context<AppEnv>, id: number) => Promise<unknown>) {
  return async (c: Context<AppEnv>) => {
    const id = domainIdOf(c);
    if (id === undefined) return missing(c);
    try {
      await run(c, id);
    } catch (error) {
      if (isNotFound(error)) return missing(c);
      const status = statusOf(error);
      if (status >= 500 && status !== 503) throw error;
      return renderDomains(c, { actionError: { id, message: (error as AppError).message } }, pageStatusOf(status));
    }
    const anchor = done === "deleted" ? "" : `#domain-${id}`;
    return c.redirect(`${APP_PATH}/domains?done=${done}${anchor}`, 303);
  };
}

export const verifyDomainNow = domainAction("checked", (c, id) => verifyDomain(c.var, id));

/** Makes the domain the workspace's default for new links (or stops it being so: is_default=false). */
export const setDefaultDomain = domainAction("default", async (c, id) => {
  const form = await c.req.parseBody();
  await changeDomain(c.var, id, { is_default: form.is_default !== "false" }, new URL(c.req.url).hostname);
});

export const deleteDomainNow = domainAction("deleted", (c, id) => removeDomain(c.var, id));
