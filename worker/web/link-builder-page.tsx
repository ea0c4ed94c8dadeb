// /app/links/new and its post: the link builder making a link through POST /urls's use case, each
// refusal next to its field; and the one render of the builder's page, which the edit page shares.
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AppEnv } from "../app-env";
import { CreateUrlBody } from "../contracts/link-requests";
import type { AppError } from "../lib/errors";
import { readDomains } from "../services/domains/domain-use-cases";
import { linkSettingsOf } from "../services/urls/link-settings";
import { createUrl } from "../services/urls/url-use-cases";
import { statusOf } from "./form-parts";
import { previewOf } from "./link-builder-fragments";
import { LinkForm, type LinkFormMode, type LinkFormState } from "./link-form";
import { createBodyOf, errorsOfIssues, errorsOfMessage, type LinkFormInput, linkFormInput } from "./link-form-input";
import { APP_PATH, type PageStatus, renderPage } from "./page-shell";
import {
  blankRule,
  type RuleRow,
  type RulesJson,
  rowsFitThePage,
  rulesBodyOf,
  rulesJsonOf,
  withAdded,
} from "./rule-form-input";
import { signedInAs } from "./signed-in-as";
import { mayWriteLinks } from "./web-roles";

const CREATE: LinkFormMode = { kind: "create" };
const READ_ONLY = "Your role in this workspace can read links, not make them.";

/** The builder's page, for a new link or (mode edit) a link's settings, with `after` below the form. */
export async function renderBuilder(
  c: Context<AppEnv>,
  mode: LinkFormMode,
  state: LinkFormState,
  status: PageStatus = 200,
  after?: Child,
) {
  const [person, domains, preview] = await Promise.all([
    signedInAs(c),
    readDomains(c.var),
    previewOf(c, {
      domain: state.values.domain,
      code: mode.kind === "edit" ? mode.shortCode : state.values.short_code,
      edit: mode.kind === "edit",
    }),
  ]);
  const rulesOpen = state.rulesOpen || state.rulesJson !== undefined || rulesBodyOf(state.rules).rules.length > 0;
  const body = (
    <>
      <LinkForm
        {...state}
        rulesOpen={rulesOpen}
        mode={mode}
        domains={domains.map((domain) => domain.hostname)}
        serviceHost={new URL(c.req.url).host}
        csrfToken={person?.csrfToken ?? ""}
        preview={preview}
      />
      {after}
    </>
  );
  const title = mode.kind === "edit" ? `Settings of ${mode.title}` : "New link";
  return renderPage(c, { title, person, current: "links", htmx: true, body, status });
}

/** The rules typed in rows as the JSON editor's text, and why. */
const rulesJsonFrom = (rows: readonly RuleRow[], why: RulesJson["why"]): RulesJson => ({
  text: rulesJsonOf(rulesBodyOf(rows).rules),
  why,
});

/**
 * The form again with one more blank rule, condition or variant where asked, or with the rules as JSON
 * (asked, or when one more row would not fit the page): nothing is saved.
 */
export function withRowAdded(input: LinkFormInput & { add: string }): LinkFormState {
  const rows = input.rulesJson === undefined && input.add !== "json" ? withAdded(input.rules, input.add) : [];
  const rulesJson =
    input.rulesJson ??
    (input.add === "json"
      ? rulesJsonFrom(input.rules, "asked")
      : rowsFitThePage(rows)
        ? undefined
        : rulesJsonFrom(rows, "size"));
  return {
    values: input.values,
    errors: {},
    ruleErrors: {},
    rules: rulesJson === undefined ? rows : [],
    rulesJson,
    rulesOpen: true,
    notice:
      (input.values.password ?? "") === ""
        ? undefined
        : "A password is never written back into a page: type it again before you save.",
  };
}

export async function newLinkPage(c: Context<AppEnv>) {
  const blank: LinkFormState = { values: {}, errors: {}, ruleErrors: {}, rules: [blankRule()], rulesOpen: false };
  if (!mayWriteLinks(c)) return renderBuilder(c, CREATE, { ...blank, formError: READ_ONLY }, 403);
  return renderBuilder(c, CREATE, blank);
}

export async function createLink(c: Context<AppEnv>) {
  const input = linkFormInput(await c.req.parseBody());
  if (input.add !== undefined) return renderBuilder(c, CREATE, withRowAdded({ ...input, add: input.add }));
  const { body, places, ruleErrors } = createBodyOf(input.values, input.rules, input.rulesJson);
  const form = { values: input.values, rules: input.rules, rulesJson: input.rulesJson, rulesOpen: false };
  if (Object.keys(ruleErrors).length > 0) return renderBuilder(c, CREATE, { ...form, errors: {}, ruleErrors }, 400);
  const parsed = CreateUrlBody.safeParse(body);
  if (!parsed.success) return renderBuilder(c, CREATE, { ...form, ...errorsOfIssues(parsed.error, places) }, 400);
  try {
    const row = await createUrl(c.var, parsed.data, await linkSettingsOf(parsed.data), new URL(c.req.url).hostname);
    return c.redirect(`${APP_PATH}/links/${row.id}`, 303);
  } catch (error) {
    const status = statusOf(error);
    if (status !== 400 && status !== 409) throw error;
    return renderBuilder(c, CREATE, { ...form, ...errorsOfMessage((error as AppError).message, places) }, 400);
  }
}
