// The workspace's custom domains: each one's state (ownership and certificate apart, as the provider
// answers them), the DNS records to create (each value in a read-only field, to copy without
// JavaScript; copy-buttons.client.js adds Copy buttons), and, for a role that administers the
// workspace, its buttons and the form that adds one.
import type { DomainResponse } from "../contracts/domains";
import { APP_PATH } from "./page-shell";
import { FormField } from "./text-input";

export const DOMAIN_FORM_FIELDS = ["hostname", "root_redirect", "not_found_redirect"] as const;
export type DomainFormField = (typeof DOMAIN_FORM_FIELDS)[number];
export type DomainFormValues = Partial<Record<DomainFormField, string>>;

/** What the last post did, said once at the top of the page (the `done` query parameter). */
export const DONE_MESSAGES = {
  added: "Domain added: create its DNS records below, then verify it.",
  checked: "Checked with the provider just now.",
  default: "The default domain for new links is changed.",
  deleted: "Domain deleted: its hostname is given up.",
} as const;
export type Done = keyof typeof DONE_MESSAGES;

export interface DomainsViewProps {
  domains: DomainResponse[];
  /** Shown forms (an owner's or admin's role), or the list only. */
  mayAdmin: boolean;
  role: string;
  /** The service's own host, where links without a custom domain answer. */
  serviceHost: string;
  /** False while the deployment sets no DOMAIN_PROVIDER: no domain can be added or checked. */
  domainsOn: boolean;
  csrfToken: string;
  values: DomainFormValues;
  errors: DomainFormValues;
  formError?: string | undefined;
  /** A refusal of one domain's button (verify, default, delete), shown in that domain's card. */
  actionError?: { id: number; message: string } | undefined;
  done?: Done | undefined;
}

const when = (timestamp: string | null) =>
  timestamp === null ? (
    "never"
  ) : (
    <time datetime={`${timestamp}Z`}>{`${timestamp.replace("T", " ").slice(0, 16)} UTC`}</time>
  );

const CERTIFICATE_NOTES: Record<DomainResponse["certificate"], string> = {
  pending: "pending: being issued",
  active: "active",
  failed: "failed",
  none: "none from the provider (the deployment's proxy holds it)",
};

/**
 * A record's name or value, read-only to select and copy by hand; copy-buttons.client.js, where it runs,
 * adds a Copy button after each field marked data-copy, named by it.
 */
function CopyField(props: { part: "name" | "value"; type: string; value: string; hostname: string }) {
  const { part, type, hostname } = props;
  return (
    <div class="copy-field">
      <input
        class="copy"
        type="text"
        readonly
        value={props.value}
        aria-label={`${type} record ${part} for ${hostname}`}
        data-copy={`the ${part} of the ${type} record for ${hostname}`}
      />
    </div>
  );
}

function DnsRecords({ domain }: { domain: DomainResponse }) {
  return (
    <table class="dns-records">
      <caption>Create these records at the DNS host of {domain.hostname}</caption>
      <thead>
        <tr>
          <th scope="col">Type</th>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {domain.dns_records.map((record) => (
          <tr>
            <td data-label="Type">{record.type}</td>
            <td data-label="Name">
              <CopyField part="name" type={record.type} value={record.name} hostname={domain.hostname} />
            </td>
            <td data-label="Value">
              <CopyField part="value" type={record.type} value={record.value} hostname={domain.hostname} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DomainButtons(props: { domain: DomainResponse; csrfToken: string; domainsOn: boolean }) {
  const { domain, csrfToken } = props;
  const action = (verb: string) => `${APP_PATH}/domains/${domain.id}/${verb}`;
  const csrf = <input type="hidden" name="csrf_token" value={csrfToken} />;
  return (
    <div class="domain-actions">
      {props.domainsOn && (
        <form class="inline" method="post" action={action("verify")}>
          {csrf}
          <button type="submit">Verify now</button>
        </form>
      )}
      <form class="inline" method="post" action={action("default")}>
        {csrf}
        <input type="hidden" name="is_default" value={domain.is_default ? "false" : "true"} />
        <button class="quiet" type="submit">
          {domain.is_default ? "Stop being the default" : "Make default"}
        </button>
      </form>
      <details class="confirm">
        <summary>Delete…</summary>
        <form method="post" action={action("delete")}>
          {csrf}
          <p class="note">
            The workspace gives {domain.hostname} up. Refused while links use it: move them to another domain first.
          </p>
          <button class="danger" type="submit">
            Delete {domain.hostname}
          </button>
        </form>
      </details>
    </div>
  );
}

function DomainCard(props: DomainsViewProps & { domain: DomainResponse }) {
  const { domain, actionError } = props;
  const titleId = `domain-${domain.id}-name`;
  const refused = actionError?.id === domain.id ? actionError.message : undefined;
  return (
    <article class="domain" id={`domain-${domain.id}`} aria-labelledby={titleId}>
      <div class="heading">
        <h2 id={titleId}>{domain.hostname}</h2>
        {domain.is_default && <span class="tag">default for new links</span>}
      </div>
      {refused && (
        <p class="error" role="alert">
          {refused}
        </p>
      )}
      <dl class="domain-facts">
        <dt>State</dt>
        <dd class={`domain-${domain.state}`}>{domain.state}</dd>
        <dt>Ownership</dt>
        <dd class={`ownership-${domain.ownership}`}>{domain.ownership}</dd>
        <dt>Certificate</dt>
        <dd class={`certificate-${domain.certificate}`}>{CERTIFICATE_NOTES[domain.certificate]}</dd>
        {domain.problem !== null && (
          <>
            <dt>Problem</dt>
            <dd class="error">{domain.problem}</dd>
          </>
        )}
        <dt>Checked</dt>
        <dd>{when(domain.checked_at)}</dd>
        <dt>Its root (/) goes to</dt>
        <dd>{domain.root_redirect ?? "a plain page"}</dd>
        <dt>Unknown codes go to</dt>
        <dd>{domain.not_found_redirect ?? "the not-found page"}</dd>
      </dl>
      {domain.state === "pending" && <p class="note">Nothing is served on it until the provider sees these records.</p>}
      <DnsRecords domain={domain} />
      {props.mayAdmin && <DomainButtons domain={domain} csrfToken={props.csrfToken} domainsOn={props.domainsOn} />}
    </article>
  );
}

function AddDomainForm(props: DomainsViewProps) {
  const form = { values: props.values, errors: props.errors };
  return (
    <section class="card wide add-domain" aria-labelledby="add-domain-title">
      <h2 id="add-domain-title">Add a domain</h2>
      {props.formError && (
        <p class="error" role="alert">
          {props.formError}
        </p>
      )}
      {props.domainsOn ? null : (
        <p class="note">
          Custom domains are off on this deployment: its operator has set no domain provider (DOMAIN_PROVIDER).
        </p>
      )}
      <form method="post" action={`${APP_PATH}/domains`} novalidate>
        <input type="hidden" name="csrf_token" value={props.csrfToken} />
        <FormField
          form={form}
          idPrefix="domain-"
          name="hostname"
          label="Hostname"
          hint="A name you hold, such as go.example.com: one workspace at most may claim it."
          required
        />
        <FormField
          form={form}
          idPrefix="domain-"
          name="root_redirect"
          label="Send its root (/) to"
          hint="Optional: an address. Left empty, the root shows a plain page."
          type="url"
        />
        <FormField
          form={form}
          idPrefix="domain-"
          name="not_found_redirect"
          label="Send unknown codes to"
          hint="Optional: an address. Left empty, an unknown code shows the not-found page."
          type="url"
        />
        <button type="submit">Add domain</button>
      </form>
    </section>
  );
}

export function DomainsView(props: DomainsViewProps) {
  const { domains } = props;
  return (
    <>
      <h1>Domains</h1>
      {props.done && (
        <p class="saved" role="status">
          {DONE_MESSAGES[props.done]}
        </p>
      )}
      {!props.mayAdmin && (
        <p class="note">
          Your role in this workspace ({props.role}) can read its domains; an owner or admin adds and changes them.
        </p>
      )}
      {!props.mayAdmin && props.formError && (
        <p class="error" role="alert">
          {props.formError}
        </p>
      )}
      {domains.length === 0 ? (
        <p>No custom domains yet: this workspace's links answer on {props.serviceHost}.</p>
      ) : (
        domains.map((domain) => <DomainCard {...props} domain={domain} />)
      )}
      {props.mayAdmin && <AddDomainForm {...props} />}
    </>
  );
}
