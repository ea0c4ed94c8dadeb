// /app/webhooks: the webhook endpoints of the workspace the person acts in (docs/WEB-APP.md, "Webhooks"),
// read and changed through the use cases of the /webhooks routes (createWebhookFor, updateWebhookFor,
// rotateSecretFor, pingWebhook, retryDeliveryFor, deleteWebhookFor, listDeliveriesFor), so another
// workspace's endpoint is a 404 here as in the API, and what the API refuses is shown next to its field
// in its words. A signing secret is in the answer to its form only (no redirect: a URL would keep it).

import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { afterResponse } from "../lib/after-response";
import { AppError } from "../lib/errors";
import { CreateWebhookBody, DeliveryIdParam, UpdateWebhookBody } from "../routes/webhooks/schema";
import { kickDelivery } from "../services/webhooks/dispatch-deliveries";
import { serializeWebhook } from "../services/webhooks/serialize";
import { getOwnedWebhook, listWebhooks } from "../services/webhooks/webhook-store";
import {
  createWebhookFor,
  deleteWebhookFor,
  listDeliveriesFor,
  pingWebhook,
  retryDeliveryFor,
  rotateSecretFor,
  updateWebhookFor,
} from "../services/webhooks/webhook-use-cases";
import { fieldNamedBy, isNotFound, shownRefusal } from "./form-parts";
import { notFoundPage } from "./not-found-page";
import { APP_PATH, type PageStatus, renderPage } from "./page-shell";
import { pathId } from "./path-id";
import { signedInAs } from "./signed-in-as";
import { mayDo } from "./web-roles";
import {
  DELIVERY_FILTERS,
  type DeliveryFilter,
  type ListedWebhook,
  WEBHOOK_DONE_MESSAGES,
  WEBHOOK_FORM_FIELDS,
  type WebhookDone,
  type WebhookFormErrors,
  type WebhookFormValues,
  WebhooksView,
  type WebhooksViewProps,
  WebhookView,
  type WebhookViewProps,
} from "./webhooks-view";

/** The scope every /webhooks route declares (worker/routes/webhooks/*.ts), reading included. */
const WEBHOOKS_SCOPE = "webhooks:write";

const requestHost = (c: Context<AppEnv>) => new URL(c.req.url).hostname;

const missing = (c: Context<AppEnv>) => notFoundPage(c, "webhooks", "webhook");

// ---- the list and the form that adds one

async function renderWebhooks(
  c: Context<AppEnv>,
  form: Pick<Partial<WebhooksViewProps>, "values" | "errors" | "formError" | "created"> = {},
  status: PageStatus = 200,
) {
  const person = await signedInAs(c);
  // The API lists endpoints to webhooks:write only (a receiver's URL may hold its token): so does the page.
  const webhooks: WebhooksViewProps["webhooks"] = mayDo(c, WEBHOOKS_SCOPE)
    ? (await listWebhooks(c.var)).map((row) => serializeWebhook(row))
    : { refused: `your role in this workspace (${person?.role ?? ""}) does not hold the ${WEBHOOKS_SCOPE} scope` };
  const done = new URL(c.req.url).searchParams.get("done") ?? "";
  const body = (
    <WebhooksView
      webhooks={webhooks}
      workspaceName={person?.workspaceName ?? ""}
      csrfToken={person?.csrfToken ?? ""}
      values={form.values ?? { events: [] }}
      errors={form.errors ?? {}}
      formError={form.formError}
      created={form.created}
      done={status === 200 && done in WEBHOOK_DONE_MESSAGES ? (done as WebhookDone) : undefined}
    />
  );
  return renderPage(c, { title: "Webhooks", person, current: "webhooks", body, status });
}

export const webhooksPage = (c: Context<AppEnv>) => renderWebhooks(c);

type FormBody = Record<string, string | File | (string | File)[]>;

const firstString = (value: FormBody[string] | undefined): string | undefined => {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : undefined;
};

function webhookFormValues(form: FormBody): WebhookFormValues {
  const given = form.events;
  const events = (Array.isArray(given) ? given : given === undefined ? [] : [given]).filter(
    (event): event is string => typeof event === "string",
  );
  return {
    url: firstString(form.url),
    events,
    click_classes: firstString(form.click_classes),
    description: firstString(form.description),
    filter: firstString(form.filter),
  };
}

/** The filter's link ids as typed: digits become numbers, anything else is left for the API to refuse. */
function filterOf(text: string | undefined): { url_ids: unknown[] } | null {
  const parts = (text ?? "").split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) return null;
  return { url_ids: parts.map((part) => (/^\d{1,10}$/.test(part) ? Number(part) : part)) };
}

/** The whole body POST /webhooks (or PATCH) would take, from the form. */
function bodyOf(values: WebhookFormValues) {
  const description = values.description?.trim();
  return {
    url: values.url?.trim() ?? "",
    events: values.events ?? [],
    click_classes: values.click_classes ?? "human",
    description: description ? description : null,
    filter: filterOf(values.filter),
  };
}

/** Zod's issues by the form's field (the first of each), the rest for the form itself. */
function issuesByField(issues: { path: PropertyKey[]; message: string }[]) {
  const errors: WebhookFormErrors = {};
  let formError: string | undefined;
  for (const issue of issues) {
    const field = WEBHOOK_FORM_FIELDS.find((name) => name === issue.path[0]);
    if (field) errors[field] ??= issue.message;
    else formError ??= issue.message;
  }
  return { errors, formError };
}

/** A use case's refusal next to the field its message names (the API's start with it), or the form's. */
function refusalOf(message: string): { errors: WebhookFormErrors; formError?: string } {
  const field = fieldNamedBy(message, WEBHOOK_FORM_FIELDS);
  return field ? { errors: { [field]: message } } : { errors: {}, formError: message };
}

/** Makes an endpoint as POST /webhooks does and answers its secret in this page, this once. */
export async function createWebhookNow(c: Context<AppEnv>) {
  const values = webhookFormValues(await c.req.parseBody({ all: true }));
  const parsed = CreateWebhookBody.safeParse(bodyOf(values));
  if (!parsed.success) return renderWebhooks(c, { values, ...issuesByField(parsed.error.issues) }, 400);
  try {
    const made = await createWebhookFor(c.var, parsed.data, requestHost(c));
    return renderWebhooks(c, { created: { id: made.id, secret: made.secret } });
  } catch (error) {
    const refusal = shownRefusal(error);
    if (!refusal) throw error;
    return renderWebhooks(c, { values, ...refusalOf(refusal.message) }, refusal.status);
  }
}

// ---- one endpoint's page

const formValuesOf = (webhook: ListedWebhook): WebhookFormValues => ({
  url: webhook.url,
  events: webhook.events,
  click_classes: webhook.click_classes,
  description: webhook.description ?? "",
  filter: webhook.filter?.url_ids.join(", ") ?? "",
});

type PageParts = Pick<
  Partial<WebhookViewProps>,
  "values" | "errors" | "formError" | "actionError" | "rotated" | "ping"
>;

/** The endpoint's page, or the not-found page for an id that is not one of the workspace's. */
async function renderWebhook(
  c: Context<AppEnv>,
  id: number | undefined,
  parts: PageParts = {},
  status: PageStatus = 200,
) {
  if (id === undefined) return missing(c);
  let webhook: ListedWebhook;
  let deliveries: WebhookViewProps["deliveries"];
  try {
    webhook = serializeWebhook(await getOwnedWebhook(c.var, id));
    deliveries = await listDeliveriesFor(c.var, id);
  } catch (error) {
    if (isNotFound(error)) return missing(c);
    throw error;
  }
  const query = new URL(c.req.url).searchParams;
  const done = query.get("done") ?? "";
  const asked = query.get("deliveries") ?? "all";
  const filter = (DELIVERY_FILTERS as readonly string[]).includes(asked) ? (asked as DeliveryFilter) : "all";
  const person = await signedInAs(c);
  const body = (
    <WebhookView
      webhook={webhook}
      deliveries={deliveries}
      filter={filter}
      csrfToken={person?.csrfToken ?? ""}
      values={parts.values ?? formValuesOf(webhook)}
      errors={parts.errors ?? {}}
      formError={parts.formError}
      actionError={parts.actionError}
      rotated={parts.rotated}
      ping={parts.ping}
      done={status === 200 && done in WEBHOOK_DONE_MESSAGES ? (done as WebhookDone) : undefined}
    />
  );
  const title = webhook.description ?? new URL(webhook.url).hostname;
  return renderPage(c, { title: `Webhook ${title}`, person, current: "webhooks", body, status });
}

export const webhookPage = (c: Context<AppEnv>) => renderWebhook(c, pathId(c));

/** Runs one button's use case; another workspace's endpoint is a 404, any other refusal said at the top. */
function webhookAction(
  run: (c: Context<AppEnv>, id: number) => Promise<Response | { done: WebhookDone; to?: string }>,
) {
  return async (c: Context<AppEnv>) => {
    const id = pathId(c);
    if (id === undefined) return missing(c);
    let outcome: Awaited<ReturnType<typeof run>>;
    try {
      outcome = await run(c, id);
    } catch (error) {
      if (isNotFound(error)) return missing(c);
      const refusal = shownRefusal(error);
      if (!refusal) throw error;
      return renderWebhook(c, id, { actionError: refusal.message }, refusal.status);
    }
    if (outcome instanceof Response) return outcome;
    return c.redirect(outcome.to ?? `${APP_PATH}/webhooks/${id}?done=${outcome.done}`, 303);
  };
}

/** Changes what the settings form changed, as PATCH /webhooks/{id} does (an unchanged field is not sent). */
export const saveWebhook = webhookAction(async (c, id) => {
  const values = webhookFormValues(await c.req.parseBody({ all: true }));
  const current = serializeWebhook(await getOwnedWebhook(c.var, id));
  const typed = bodyOf(values);
  const changes: Record<string, unknown> = {};
  if (typed.url !== current.url) changes.url = typed.url;
  const sameEvents =
    typed.events.length === current.events.length &&
    typed.events.every((event) => (current.events as string[]).includes(event));
  if (!sameEvents) changes.events = typed.events;
  if (typed.click_classes !== current.click_classes) changes.click_classes = typed.click_classes;
  if (typed.description !== current.description) changes.description = typed.description;
  if (JSON.stringify(typed.filter) !== JSON.stringify(current.filter)) changes.filter = typed.filter;
  if (Object.keys(changes).length === 0) return { done: "unchanged" };
  const parsed = UpdateWebhookBody.safeParse(changes);
  if (!parsed.success) return renderWebhook(c, id, { values, ...issuesByField(parsed.error.issues) }, 400);
  try {
    await updateWebhookFor(c.var, id, parsed.data, requestHost(c));
  } catch (error) {
    const refusal = shownRefusal(error);
    // A 404 (deleted meanwhile) is the not-found page, from webhookAction.
    if (!refusal || refusal.status === 404) throw error;
    return renderWebhook(c, id, { values, ...refusalOf(refusal.message) }, refusal.status);
  }
  return { done: "saved" };
});

/** Enable (a fresh start: its failure streak forgotten) or disable, as PATCH {"enabled"} does. */
export const switchWebhook = (enabled: boolean) =>
  webhookAction(async (c, id) => {
    await updateWebhookFor(c.var, id, { enabled }, requestHost(c));
    return { done: enabled ? "enabled" : "disabled" };
  });

/** A new secret, shown in this answer once; the previous one keeps signing for a day. */
export const rotateWebhookNow = webhookAction(async (c, id) => {
  const { secret } = await rotateSecretFor(c.var, id);
  return renderWebhook(c, id, { rotated: secret });
});

/** A signed ping sent now: the page says what the receiver answered (and the log lists it). */
export const pingWebhookNow = webhookAction(async (c, id) => {
  const ping = await pingWebhook(c.var, id);
  return renderWebhook(c, id, { ping });
});

/** The delivery named by the pressed Retry button, due again now and sent as the response leaves. */
export const retryDeliveryNow = webhookAction(async (c, id) => {
  const form = await c.req.parseBody();
  const parsed = DeliveryIdParam.safeParse(form.delivery_id);
  if (!parsed.success) return renderWebhook(c, id, { actionError: "delivery not found" }, 404);
  let delivery: Awaited<ReturnType<typeof retryDeliveryFor>>;
  try {
    delivery = await retryDeliveryFor(c.var, id, parsed.data);
  } catch (error) {
    // The endpoint is the workspace's (its 404 is the not-found page), the delivery is not one of its.
    if (error instanceof AppError && error.message === "delivery not found") {
      return renderWebhook(c, id, { actionError: error.message }, 404);
    }
    throw error;
  }
  afterResponse(c.executionCtx, () => kickDelivery(c.env, c.var.config, delivery.id));
  return { done: "retried" };
});

export const deleteWebhookNow = webhookAction(async (c, id) => {
  await deleteWebhookFor(c.var, id);
  return { done: "deleted", to: `${APP_PATH}/webhooks?done=deleted` };
});
