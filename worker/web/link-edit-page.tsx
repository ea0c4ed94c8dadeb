// /app/links/{id}/edit: every setting of a link in the link builder, prefilled from the link (never its
// password), saved through PUT /urls/{id}'s use case with only what changed; and below it "try it"
// (rule-try-it.tsx). Another workspace's link is a 404 here, as in the API.
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { UpdateUrlBody } from "../contracts/link-requests";
import type { UrlResponse } from "../contracts/responses";
import type { AppError } from "../lib/errors";
import { linkSettingsOf } from "../services/urls/link-settings";
import { readUrl, updateUrl } from "../services/urls/url-use-cases";
import { isNotFound, statusOf } from "./form-parts";
import { renderBuilder, withRowAdded } from "./link-builder-page";
import type { LinkFormMode, LinkFormState } from "./link-form";
import { editBodyOf, errorsOfIssues, errorsOfMessage, formOfLink, linkFormInput } from "./link-form-input";
import { notFoundPage } from "./not-found-page";
import { APP_PATH, type PageStatus } from "./page-shell";
import { pathId } from "./path-id";
import { rowsFitThePage, rulesJsonOf } from "./rule-form-input";
import { type TryAnswer, TryIt, tryRulesFrom } from "./rule-try-it";

const missing = (c: Context<AppEnv>) => notFoundPage(c, "links", "link");

const modeOf = (url: UrlResponse): LinkFormMode => ({
  kind: "edit",
  id: url.id,
  shortCode: url.short_code,
  passwordSet: url.password_protected,
  title: url.title ?? url.short_code,
});

function renderEdit(
  c: Context<AppEnv>,
  url: UrlResponse,
  state: LinkFormState,
  status: PageStatus = 200,
  answer?: TryAnswer,
) {
  return renderBuilder(c, modeOf(url), state, status, <TryIt url={url} answer={answer} />);
}

/** Runs `page` on the link of the path, or answers the 404 page (no such link, or another workspace's). */
const withLink = (page: (c: Context<AppEnv>, url: UrlResponse) => Promise<Response>) => async (c: Context<AppEnv>) => {
  const id = pathId(c);
  if (id === undefined) return missing(c);
  try {
    return await page(c, await readUrl(c.var, id));
  } catch (error) {
    if (isNotFound(error)) return missing(c);
    throw error;
  }
};

/**
 * GET: the link's settings, its rules as rows or, too many for the page's size, as the API's JSON; with
 * a try-it query (the form sent without script), its answer too.
 */
export const editLinkPage = withLink(async (c, url) => {
  const { values, rules } = formOfLink(url);
  const answer = await tryRulesFrom(c, url.id, new URL(c.req.url).searchParams);
  const rulesJson = rowsFitThePage(rules) ? undefined : { text: rulesJsonOf(url.rules), why: "size" as const };
  const state = { values, rules: rulesJson ? [] : rules, rulesJson, errors: {}, ruleErrors: {}, rulesOpen: false };
  return renderEdit(c, url, state, 200, answer);
});

/** POST: the changed settings through updateUrl, each refusal next to its field; then the link's page. */
export const saveLinkSettings = withLink(async (c, url) => {
  const input = linkFormInput(await c.req.parseBody());
  if (input.add !== undefined) return renderEdit(c, url, withRowAdded({ ...input, add: input.add }));
  const form = { values: input.values, rules: input.rules, rulesJson: input.rulesJson, rulesOpen: false };
  const { body, places, errors, ruleErrors } = editBodyOf(input, url);
  if (Object.keys(errors).length + Object.keys(ruleErrors).length > 0) {
    return renderEdit(c, url, { ...form, errors, ruleErrors }, 400);
  }
  if (Object.keys(body).length === 0) return c.redirect(`${APP_PATH}/links/${url.id}?saved`, 303);
  const parsed = UpdateUrlBody.safeParse(body);
  if (!parsed.success) return renderEdit(c, url, { ...form, ...errorsOfIssues(parsed.error, places) }, 400);
  try {
    const settings = await linkSettingsOf(parsed.data);
    await updateUrl(c.var, url.id, parsed.data, settings, new URL(c.req.url).hostname);
  } catch (error) {
    const status = statusOf(error);
    if (status !== 400 && status !== 409) throw error;
    return renderEdit(c, url, { ...form, ...errorsOfMessage((error as AppError).message, places) }, 400);
  }
  return c.redirect(`${APP_PATH}/links/${url.id}?saved`, 303);
});
