// The workspace's webhooks: the list (url, events, state and health, created) with the form that adds
// one, and each endpoint's page (its settings form, Enable or Disable, Send a test ping, Rotate secret,
// Delete… behind a confirmation, and its recent deliveries with Retry on a failed one). A signing secret
// is shown here once, in the page that answers the form that made it: never in a list, a URL or a cookie.
import { WEBHOOK_CLICK_CLASSES, WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../domain/webhook-words";
import type { serializeDelivery, serializeWebhook } from "../services/webhooks/serialize";
import { APP_PATH } from "./page-shell";
import { FormField } from "./text-input";

export const WEBHOOK_FORM_FIELDS = ["url", "events", "click_classes", "description", "filter"] as const;
export type WebhookFormField = (typeof WEBHOOK_FORM_FIELDS)[number];

/** The form as typed: the events checked, the rest as text (the filter: link ids, comma-separated). */
export interface WebhookFormValues {
  url?: string | undefined;
  events?: string[] | undefined;
  click_classes?: string | undefined;
  description?: string | undefined;
  filter?: string | undefined;
}
export type WebhookFormErrors = Partial<Record<WebhookFormField, string>>;

/** An endpoint as the API answers it (never its secret). */
export type ListedWebhook = ReturnType<typeof serializeWebhook>;
export type ListedDelivery = ReturnType<typeof serializeDelivery>;

/** What a ping did, as POST /webhooks/{id}/test answers it. */
export interface PingResult {
  delivered: boolean;
  status: number | null;
  latency_ms: number;
  error: string | null;
}

/** What the last post did, said once at the top of the page (the `done` query parameter). */
export const WEBHOOK_DONE_MESSAGES = {
  deleted: "Webhook deleted, with its deliveries.",
  saved: "Saved.",
  unchanged: "Nothing was changed.",
  enabled: "Enabled: events are sent to it again, its failure streak forgotten.",
  disabled: "Disabled: no events are sent to it until it is enabled again.",
  retried: "Due again now: the delivery is being sent.",
} as const;
export type WebhookDone = keyof typeof WEBHOOK_DONE_MESSAGES;

/** Deliveries shown on an endpoint's page, newest first (of the use case's last 100): its HTML stays small. */
export const DELIVERIES_SHOWN = 40;
export const DELIVERY_FILTERS = ["all", "failed", "pending", "delivered"] as const;
export type DeliveryFilter = (typeof DELIVERY_FILTERS)[number];

const EVENT_NOTES: Record<WebhookEventType, string> = {
  "link.created": "a link is made",
  "link.updated": "a link is changed",
  "link.deleted": "a link is deleted",
  "link.expired": "a link's end time passes",
  "link.exhausted": "a link's click cap is used up",
  "link.clicked": "a link is clicked",
  "link.health_changed": "a destination's health changes",
  "link.anomaly": "a link's clicks look unusual",
};

const DISABLED_NOTES: Record<string, string> = {
  owner: "disabled by a member",
  gone: "disabled: the receiver answered 410 Gone",
  failing: "disabled: it failed 20 times in a row over a day",
};

const when = (timestamp: string | null, none = "never") =>
  timestamp === null ? none : <time datetime={timestamp}>{`${timestamp.replace("T", " ").slice(0, 16)} UTC`}</time>;

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="csrf_token" value={token} />;
}

/** The endpoint's state and health in a few words, with a class for its colour. */
function health(webhook: ListedWebhook): { words: string; tone: string } {
  if (webhook.state === "disabled") {
    return { words: DISABLED_NOTES[webhook.disabled_reason ?? ""] ?? "disabled", tone: "health-broken" };
  }
  if (webhook.consecutive_failures > 0) {
    const since = webhook.failing_since ? ` since ${webhook.failing_since.slice(0, 16).replace("T", " ")} UTC` : "";
    return {
      words: `active, failing: ${webhook.consecutive_failures} failures in a row${since}`,
      tone: "health-degraded",
    };
  }
  if (webhook.last_success_at === null) return { words: "active, nothing delivered yet", tone: "" };
  return { words: "active, healthy", tone: "health-healthy" };
}

function NewSecret(props: { secret: string; title: string; note: string }) {
  return (
    <section class="card wide new-key" aria-labelledby="new-secret-title" role="status">
      <h2 id="new-secret-title">{props.title}</h2>
      <p>
        <strong>Copy it now: it will not be shown again.</strong> {props.note} Verify each delivery's{" "}
        <code>webhook-signature</code> with it (Standard Webhooks).
      </p>
      <input class="copy" type="text" readonly value={props.secret} aria-label="The signing secret" />
    </section>
  );
}

function Done(props: { done?: WebhookDone | undefined; actionError?: string | undefined }) {
  return (
    <>
      {props.done && (
        <p class="saved" role="status">
          {WEBHOOK_DONE_MESSAGES[props.done]}
        </p>
      )}
      {props.actionError && (
        <p class="error" role="alert">
          {props.actionError}
        </p>
      )}
    </>
  );
}

/** The endpoint's fields: the create form's and the settings form's. */
function WebhookFields(props: { values: WebhookFormValues; errors: WebhookFormErrors }) {
  const { values, errors } = props;
  const form = { values, errors };
  const chosen = new Set(values.events ?? []);
  return (
    <>
      <FormField
        form={form}
        idPrefix="webhook-"
        name="url"
        label="Receiver URL"
        hint="Where each event is POSTed: https, and not a private address."
        type="url"
        required
      />
      <fieldset
        class="scopes events"
        aria-invalid={errors.events ? "true" : undefined}
        aria-describedby={errors.events ? "webhook-events-error" : undefined}
      >
        <legend>Events (at least one)</legend>
        {errors.events && (
          <p class="error" id="webhook-events-error">
            {errors.events}
          </p>
        )}
        {WEBHOOK_EVENT_TYPES.map((event) => (
          <label class="scope">
            <input type="checkbox" name="events" value={event} checked={chosen.has(event)} /> <code>{event}</code>{" "}
            <span class="note">{EVENT_NOTES[event]}</span>
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="webhook-click_classes">Clicks sent (link.clicked)</label>
        <select
          id="webhook-click_classes"
          name="click_classes"
          aria-invalid={errors.click_classes ? "true" : undefined}
          aria-describedby={errors.click_classes ? "webhook-click_classes-error" : undefined}
        >
          {WEBHOOK_CLICK_CLASSES.map((value) => (
            <option value={value} selected={(values.click_classes ?? "human") === value}>
              {value === "human" ? "people's clicks only" : "every click: bots, previews and prefetches too"}
            </option>
          ))}
        </select>
        {errors.click_classes && (
          <p class="error" id="webhook-click_classes-error">
            {errors.click_classes}
          </p>
        )}
      </div>
      <FormField
        form={form}
        idPrefix="webhook-"
        name="description"
        label="Description"
        hint="Optional: what receives it, such as “CRM sync”."
      />
      <FormField
        form={form}
        idPrefix="webhook-"
        name="filter"
        label="Only these links"
        hint="Optional: link ids, comma-separated (at most 100). Empty: every link of the workspace."
      />
    </>
  );
}

export interface WebhooksViewProps {
  /** The workspace's endpoints, or the API's refusal for a role without webhooks:write. */
  webhooks: ListedWebhook[] | { refused: string };
  workspaceName: string;
  csrfToken: string;
  values: WebhookFormValues;
  errors: WebhookFormErrors;
  formError?: string | undefined;
  /** The endpoint just made, with its secret: shown this once. */
  created?: { id: number; secret: string } | undefined;
  done?: WebhookDone | undefined;
}

function WebhookRows(props: WebhooksViewProps & { webhooks: ListedWebhook[] }) {
  if (props.webhooks.length === 0) return <p>No webhooks in {props.workspaceName} yet.</p>;
  return (
    <div class="table-wrap">
      <table class="webhooks">
        <caption>Webhooks of {props.workspaceName}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Receiver</th>
            <th scope="col">Events</th>
            <th scope="col">State</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {props.webhooks.map((webhook) => {
            const { words, tone } = health(webhook);
            return (
              <tr id={`webhook-${webhook.id}`}>
                <td data-label="Receiver" class="webhook-url">
                  <a href={`${APP_PATH}/webhooks/${webhook.id}`}>{webhook.description ?? webhook.url}</a>
                  {webhook.description !== null && <div class="note">{webhook.url}</div>}
                </td>
                <td data-label="Events">
                  {webhook.events.map((event) => (
                    <span class="tag">{event}</span>
                  ))}
                </td>
                <td data-label="State" class={tone || undefined}>
                  {words}
                </td>
                <td data-label="Created">{when(webhook.created_at)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function NewWebhookForm(props: WebhooksViewProps) {
  return (
    <section class="card wide add-domain" aria-labelledby="add-webhook-title">
      <h2 id="add-webhook-title">Add a webhook</h2>
      {props.formError && (
        <p class="error" role="alert">
          {props.formError}
        </p>
      )}
      <form method="post" action={`${APP_PATH}/webhooks`} novalidate>
        <Csrf token={props.csrfToken} />
        <WebhookFields values={props.values} errors={props.errors} />
        <button type="submit">Add webhook</button>
      </form>
    </section>
  );
}

export function WebhooksView(props: WebhooksViewProps) {
  const { webhooks } = props;
  return (
    <>
      <h1>Webhooks</h1>
      <Done done={props.done} />
      {props.created && (
        <NewSecret
          secret={props.created.secret}
          title="Your new webhook's signing secret"
          note="Only the webhook is kept in the list below, never its secret."
        />
      )}
      {"refused" in webhooks ? (
        <p class="note">{`${webhooks.refused}: an owner or admin sees and manages the workspace's webhooks.`}</p>
      ) : (
        <>
          <WebhookRows {...props} webhooks={webhooks} />
          <NewWebhookForm {...props} />
        </>
      )}
    </>
  );
}

export interface WebhookViewProps {
  webhook: ListedWebhook;
  /** The use case's deliveries, newest first (the page shows DELIVERIES_SHOWN of those `filter` keeps). */
  deliveries: ListedDelivery[];
  filter: DeliveryFilter;
  csrfToken: string;
  values: WebhookFormValues;
  errors: WebhookFormErrors;
  formError?: string | undefined;
  /** A refusal of a button (ping or retry on a disabled endpoint, a delivery gone), at the top. */
  actionError?: string | undefined;
  /** The secret a rotation just made: shown this once. */
  rotated?: string | undefined;
  ping?: PingResult | undefined;
  done?: WebhookDone | undefined;
}

function PingAnswer({ ping }: { ping: PingResult }) {
  const answered = ping.status === null ? "nothing answered" : `the receiver answered ${ping.status}`;
  return (
    <p class={ping.delivered ? "saved" : "error"} role="status">
      {ping.delivered ? "Test ping delivered: " : "Test ping not delivered: "}
      {answered} in {ping.latency_ms} ms{ping.error ? ` (${ping.error})` : ""}.
    </p>
  );
}

function Facts({ webhook }: { webhook: ListedWebhook }) {
  const { words, tone } = health(webhook);
  return (
    <dl class="domain-facts">
      <dt>Receiver</dt>
      <dd class="webhook-url">{webhook.url}</dd>
      <dt>State</dt>
      <dd class={tone || undefined}>{words}</dd>
      <dt>Last success</dt>
      <dd>{when(webhook.last_success_at)}</dd>
      <dt>Events</dt>
      <dd>
        {webhook.events.map((event) => (
          <span class="tag">{event}</span>
        ))}
      </dd>
      <dt>Links</dt>
      <dd>{webhook.filter === null ? "every link of the workspace" : `ids ${webhook.filter.url_ids.join(", ")}`}</dd>
      <dt>Created</dt>
      <dd>{when(webhook.created_at)}</dd>
      {webhook.previous_secret_expires_at !== null && (
        <>
          <dt>Previous secret</dt>
          <dd>signs too until {when(webhook.previous_secret_expires_at)}</dd>
        </>
      )}
    </dl>
  );
}

function Buttons(props: WebhookViewProps) {
  const { webhook, csrfToken } = props;
  const action = (verb: string) => `${APP_PATH}/webhooks/${webhook.id}/${verb}`;
  const active = webhook.state === "active";
  return (
    <div class="domain-actions">
      {active && (
        <form class="inline" method="post" action={action("test")}>
          <Csrf token={csrfToken} />
          <button type="submit">Send a test ping</button>
        </form>
      )}
      <form class="inline" method="post" action={action(active ? "disable" : "enable")}>
        <Csrf token={csrfToken} />
        <button class="quiet" type="submit">
          {active ? "Disable" : "Enable"}
        </button>
      </form>
      <form class="inline" method="post" action={action("rotate")}>
        <Csrf token={csrfToken} />
        <button class="quiet" type="submit">
          Rotate secret
        </button>
      </form>
      <details class="confirm">
        <summary>Delete…</summary>
        <form method="post" action={action("delete")}>
          <Csrf token={csrfToken} />
          <p class="note">The webhook and its deliveries are deleted; no event is sent to it again.</p>
          <button class="danger" type="submit">
            Delete this webhook
          </button>
        </form>
      </details>
    </div>
  );
}

function lastAttempt(delivery: ListedDelivery) {
  const last = delivery.last_attempt;
  if (last === null) return "none yet";
  const answer = last.status === null ? "no answer" : String(last.status);
  return (
    <>
      {answer}
      {last.error ? ` (${last.error})` : ""}, {last.latency_ms} ms, {when(last.at)}
    </>
  );
}

function Deliveries(props: WebhookViewProps) {
  const kept = props.deliveries.filter((delivery) => props.filter === "all" || delivery.state === props.filter);
  const shown = kept.slice(0, DELIVERIES_SHOWN);
  const base = `${APP_PATH}/webhooks/${props.webhook.id}`;
  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Recent deliveries</h2>
      <nav class="pager" aria-label="Deliveries shown">
        {DELIVERY_FILTERS.map((filter) => (
          <a
            href={filter === "all" ? base : `${base}?deliveries=${filter}`}
            aria-current={filter === props.filter ? "page" : undefined}
          >
            {filter}
          </a>
        ))}
      </nav>
      {shown.length === 0 ? (
        <p>{props.filter === "all" ? "No deliveries yet." : `No ${props.filter} deliveries.`}</p>
      ) : (
        // One form for every Retry button (each names its delivery): one CSRF field, a smaller page.
        <form method="post" action={`${base}/retry`}>
          <Csrf token={props.csrfToken} />
          <div class="table-wrap">
            <table class="deliveries">
              <caption>
                {`${props.filter === "all" ? "Deliveries" : `${props.filter[0]?.toUpperCase()}${props.filter.slice(1)} deliveries`}, newest first: ${shown.length} of the last ${props.deliveries.length}`}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">State</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last attempt</th>
                  <th scope="col">Created</th>
                  <th scope="col">Finished</th>
                  {props.webhook.state === "active" && <th scope="col">Retry</th>}
                </tr>
              </thead>
              <tbody>
                {shown.map((delivery) => (
                  <tr>
                    <td data-label="Event">{delivery.event_type}</td>
                    <td data-label="State" class={`delivery-${delivery.state}`}>
                      {delivery.state}
                    </td>
                    <td data-label="Attempts">{delivery.attempts}</td>
                    <td data-label="Last attempt">{lastAttempt(delivery)}</td>
                    <td data-label="Created">{when(delivery.created_at)}</td>
                    <td data-label="Finished">
                      {delivery.state === "pending"
                        ? ["next try ", when(delivery.next_attempt_at, "soon")]
                        : when(delivery.finished_at)}
                    </td>
                    {props.webhook.state === "active" && (
                      <td data-label="Retry">
                        {delivery.state === "failed" && (
                          <button
                            class="quiet"
                            type="submit"
                            name="delivery_id"
                            value={delivery.id}
                            aria-label={`Retry ${delivery.event_type} of ${delivery.created_at.slice(0, 16).replace("T", " ")}`}
                          >
                            Retry
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </form>
      )}
    </section>
  );
}

export function WebhookView(props: WebhookViewProps) {
  const { webhook } = props;
  return (
    <>
      <p>
        <a href={`${APP_PATH}/webhooks`}>All webhooks</a>
      </p>
      <h1 class="webhook-url">{webhook.description ?? webhook.url}</h1>
      <Done done={props.done} actionError={props.actionError} />
      {props.ping && <PingAnswer ping={props.ping} />}
      {props.rotated && (
        <NewSecret
          secret={props.rotated}
          title="The new signing secret"
          note="The previous secret keeps signing too for 24 hours, so your receiver can switch over."
        />
      )}
      <Facts webhook={webhook} />
      <Buttons {...props} />
      <Deliveries {...props} />
      <section class="card wide add-domain" aria-labelledby="edit-webhook-title">
        <h2 id="edit-webhook-title">Settings</h2>
        {props.formError && (
          <p class="error" role="alert">
            {props.formError}
          </p>
        )}
        <form method="post" action={`${APP_PATH}/webhooks/${webhook.id}`} novalidate>
          <Csrf token={props.csrfToken} />
          <WebhookFields values={props.values} errors={props.errors} />
          <button type="submit">Save</button>
        </form>
      </section>
    </>
  );
}
