// The workspace's links: a filter form (GET, so a filtered view is a URL to share or bookmark), the
// table (for a role that may write: with a checkbox a row and the bulk actions' form around it), and
// the next page by keyset cursor. Works without JavaScript.
import { html } from "hono/html";
import type { UrlResponse } from "../contracts/responses";
import { HEALTH_STATES } from "../domain/health-states";
import { LINK_STATES } from "../domain/link-state";
import { shortUrlOf } from "../domain/short-url";
import { URL_SORTS } from "../domain/url-list-order";
import { BulkToolbar } from "./bulk-actions";
import { APP_PATH } from "./page-shell";

export interface LinksFilters {
  q?: string | undefined;
  state?: string | undefined;
  health?: string | undefined;
  tag?: string | undefined;
  sort?: string | undefined;
}

const SORT_NAMES: Record<(typeof URL_SORTS)[number], string> = {
  "-created_at": "Newest first",
  created_at: "Oldest first",
  "-clicks": "Most clicks",
  clicks: "Fewest clicks",
  title: "Title A–Z",
  "-title": "Title Z–A",
};

function Choice(props: { name: string; label: string; values: readonly string[]; chosen: string | undefined }) {
  return (
    <div class="field">
      <label for={`filter-${props.name}`}>{props.label}</label>
      <select id={`filter-${props.name}`} name={props.name}>
        <option value="">Any</option>
        {props.values.map((value) => (
          <option value={value} selected={value === props.chosen}>
            {value}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters({ filters }: { filters: LinksFilters }) {
  return (
    <search aria-label="Filter links">
      <form class="filters" method="get" action={`${APP_PATH}/links`}>
        <div class="field">
          <label for="filter-q">Search</label>
          <input
            id="filter-q"
            name="q"
            type="search"
            value={filters.q ?? ""}
            placeholder="code, destination or title"
          />
        </div>
        <Choice name="state" label="State" values={LINK_STATES} chosen={filters.state} />
        <Choice name="health" label="Health" values={HEALTH_STATES} chosen={filters.health} />
        <div class="field">
          <label for="filter-tag">Tag</label>
          <input id="filter-tag" name="tag" type="text" value={filters.tag ?? ""} />
        </div>
        <div class="field">
          <label for="filter-sort">Order</label>
          <select id="filter-sort" name="sort">
            {URL_SORTS.map((sort) => (
              <option value={sort} selected={sort === (filters.sort ?? "-created_at")}>
                {SORT_NAMES[sort]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Apply</button>
      </form>
    </search>
  );
}

/**
 * One row of the table, as a tagged template rather than JSX: 50 rows were most of the page's CPU
 * through the JSX renderer (npm run bench -- --profile app_links_page); `html` escapes every value.
 */
function linkRow(url: UrlResponse, origin: string, selectable: boolean) {
  const short = shortUrlOf(origin, url.domain, url.short_code);
  const shown = short.replace(/^https?:\/\//, "");
  const tags = url.tags.map((tag) => html`<span class="tag">${tag}</span>`);
  const pick = selectable
    ? html`<td class="pick" data-label="Select"><input type="checkbox" name="id" value="${url.id}" aria-label="Select ${shown}"></td>`
    : "";
  return html`<tr>${pick}
<td data-label="Short link"><a href="${short}">${shown}</a></td>
<td data-label="Destination" class="dest"><a href="${APP_PATH}/links/${url.id}"><strong>${url.title ?? url.short_code}</strong></a><br>${url.original_url}</td>
<td data-label="Tags">${tags}</td>
<td data-label="State" class="state-${url.state}">${url.state}</td>
<td data-label="Health" class="health-${url.health.state}">${url.health.state}</td>
<td data-label="Created"><time datetime="${url.created_at}Z">${url.created_at.slice(0, 10)}</time></td>
</tr>`;
}

export function LinksView(props: {
  urls: UrlResponse[];
  filters: LinksFilters;
  origin: string;
  nextPage: string | undefined;
  error: string | undefined;
  /** The session's, for the bulk actions' form. */
  csrfToken: string;
  /** Whether the role may change links: the checkboxes and the bulk actions only then. */
  mayWrite: boolean;
  /** What the last bulk action did (bulk-actions.tsx's bulkNotice). */
  notice?: string | undefined;
}) {
  const { urls, filters, origin, nextPage, error, csrfToken, mayWrite, notice } = props;
  const table = (
    <div class="table-wrap">
      <table>
        <caption class="note">{urls.length === 1 ? "1 link" : `${urls.length} links`} on this page</caption>
        <thead>
          <tr>
            {mayWrite && (
              <th scope="col" class="pick">
                Select
              </th>
            )}
            <th scope="col">Short link</th>
            <th scope="col">Destination</th>
            <th scope="col">Tags</th>
            <th scope="col">State</th>
            <th scope="col">Health</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>{urls.map((url) => linkRow(url, origin, mayWrite))}</tbody>
      </table>
    </div>
  );
  return (
    <>
      <div class="heading">
        <h1>Links</h1>
        <a class="button" href={`${APP_PATH}/links/new`}>
          New link
        </a>
      </div>
      <Filters filters={filters} />
      {notice && (
        <p class="saved" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {urls.length === 0 ? (
        <p class="note">No link matches these filters.</p>
      ) : mayWrite ? (
        <form class="bulk" method="post" action={`${APP_PATH}/links/bulk`}>
          <BulkToolbar csrfToken={csrfToken} filters={filters} />
          {table}
        </form>
      ) : (
        table
      )}
      {nextPage && (
        <nav class="pager" aria-label="Pages">
          <a href={nextPage}>Next page</a>
        </nav>
      )}
    </>
  );
}
