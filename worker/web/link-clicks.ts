// The clicks part of a link's page (/app/links/{id}?window=24h|7d|30d|custom&from=&to=&granularity=
// &compare=previous|compare_link=): which window the query asks for and the table and chart shapes
// (pure, tests/unit/link-clicks.test.ts), then the link's stats through readUrlStats, the API's use
// case, for the window and for what it is compared with. A window the API refuses is its message next
// to the form with a 400 page; another workspace's link to compare with is the API's 404 message.
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { timeQuery } from "../contracts/time-query";
import { AppError } from "../lib/errors";
import { DAY_MS } from "../lib/time";
import { POSTGRES_MAX_INT } from "../lib/validation";
import { BUCKET_MS, type Granularity } from "../services/clicks/url-stats";
import { findUrlIdsByCode, readUrl, readUrlStats } from "../services/urls/url-use-cases";
import { isNotFound, statusOf } from "./form-parts";

export const WINDOW_CHOICES = ["24h", "7d", "30d", "custom"] as const;
export type WindowChoice = (typeof WINDOW_CHOICES)[number];
const PRESET_MS: Record<Exclude<WindowChoice, "custom">, number> = {
  "24h": DAY_MS,
  "7d": 7 * DAY_MS,
  "30d": 30 * DAY_MS,
};
const PRESET_LABELS: Record<Exclude<WindowChoice, "custom">, string> = {
  "24h": "last 24 hours",
  "7d": "last 7 days",
  "30d": "last 30 days",
};
/** The longest daily window the page draws: the API answers up to ten years, but not in 60 KB of HTML. */
export const PAGE_MAX_DAYS = 366;
/** The most rows the table beside the chart lists; beyond it, hours are summed per day, days per month. */
export const TABLE_MAX_ROWS = 62;
/** The most rows each breakdown lists. */
export const BREAKDOWN_ROWS = 10;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const FIELD_MAX_LENGTH = 200;

/** The form's fields as typed (shown again in the form). */
export interface ClicksForm {
  window: string;
  from: string;
  to: string;
  granularity: string;
  compare: string;
  compare_link: string;
}

export interface ClicksErrors {
  /** About the window (window, from, to, granularity): no stats are shown. */
  window?: string | undefined;
  /** About the comparison: the stats are shown, without it. */
  compare_link?: string | undefined;
}

/** The link to compare with, as typed: an id, a code, or a short link pasted whole (its code). */
export interface LinkRef {
  id?: number | undefined;
  code: string;
}

export interface ClicksRequest {
  form: ClicksForm;
  errors: ClicksErrors;
  /** What readUrlStats is asked (undefined: the window is refused). */
  query?: { from: Date; to?: Date | undefined; granularity: Granularity } | undefined;
  /** For the heading: "last 30 days"; undefined for dates (the stats' own from and to name them). */
  preset?: string | undefined;
  compare?: { previous: true } | { link: LinkRef } | undefined;
}

const fieldOf = (query: Record<string, string | undefined>, name: keyof ClicksForm) =>
  (query[name] ?? "").trim().slice(0, FIELD_MAX_LENGTH);

/** An id when the text is one Postgres can hold, and always the code it may also be. */
export function linkRefOf(text: string): LinkRef {
  let code = text;
  // A short link pasted whole: its last path segment is the code.
  if (code.includes("/")) code = code.split(/[?#]/)[0]?.split("/").filter(Boolean).at(-1) ?? "";
  const id = /^[1-9]\d{0,9}$/.test(code) && Number(code) <= POSTGRES_MAX_INT ? Number(code) : undefined;
  return { id, code };
}

/**
 * The window the query asks for, as of `now`: a preset (the last 24 hours, 7 or 30 days, ending with
 * the current bucket) or dates of one's own (to: that whole day), the granularity (a preset's own by
 * default: hourly for 24 hours, else daily), and the comparison. Refusals carry the API's words where
 * it has them.
 */
export function parseClicksQuery(query: Record<string, string | undefined>, now: number): ClicksRequest {
  const form: ClicksForm = {
    window: fieldOf(query, "window"),
    from: fieldOf(query, "from"),
    to: fieldOf(query, "to"),
    granularity: fieldOf(query, "granularity"),
    compare: fieldOf(query, "compare"),
    compare_link: fieldOf(query, "compare_link"),
  };
  const errors: ClicksErrors = {};
  const request: ClicksRequest = { form, errors };

  if (form.compare !== "" && form.compare !== "previous") errors.compare_link = "compare must be previous";
  else if (form.compare === "previous" && form.compare_link !== "") {
    errors.compare_link = "compare with the previous period or with another link, not both";
  } else if (form.compare === "previous") request.compare = { previous: true };
  else if (form.compare_link !== "") {
    const ref = linkRefOf(form.compare_link);
    if (ref.code === "") errors.compare_link = "compare_link must be a link's id or short code";
    else request.compare = { link: ref };
  }

  const choice = form.window === "" ? (form.from !== "" || form.to !== "" ? "custom" : "30d") : form.window;
  if (!(WINDOW_CHOICES as readonly string[]).includes(choice)) {
    errors.window = `window must be one of ${WINDOW_CHOICES.join(", ")}`;
    return request;
  }
  if (form.granularity !== "" && form.granularity !== "hour" && form.granularity !== "day") {
    // The API's words (GET /urls/{id}/stats).
    errors.window = "granularity must be hour or day";
    return request;
  }
  form.window = choice;
  const granularity: Granularity = form.granularity === "" ? (choice === "24h" ? "hour" : "day") : form.granularity;
  const size = BUCKET_MS[granularity];

  if (choice !== "custom") {
    const window = choice as Exclude<WindowChoice, "custom">;
    const length = PRESET_MS[window];
    // Whole buckets ending with the current one; a day's window that is one bucket long also takes
    // the day before, since the last 24 hours span both.
    const buckets = length > size ? length / size : 2;
    request.query = { from: new Date(now - (buckets - 1) * size), granularity };
    request.preset = PRESET_LABELS[window];
    return request;
  }

  if (form.from === "") {
    errors.window = "from is needed for a window of your own (a date, UTC)";
    return request;
  }
  const from = timeQuery("from").safeParse(form.from);
  const to = timeQuery("to").safeParse(form.to === "" ? undefined : form.to);
  if (!from.success || !to.success) {
    errors.window = (from.error ?? to.error)?.issues[0]?.message ?? "from and to must be dates";
    return request;
  }
  const fromTime = from.data as Date;
  // A date is that whole day: the API's `to` is exclusive, so it is asked for the next midnight.
  const toTime =
    to.data === undefined ? undefined : new Date(to.data.getTime() + (DATE_ONLY.test(form.to) ? DAY_MS : 0));
  const end = toTime?.getTime() ?? Math.floor(now / size) * size + size;
  if (granularity === "day" && end - Math.floor(fromTime.getTime() / DAY_MS) * DAY_MS > PAGE_MAX_DAYS * DAY_MS) {
    errors.window = `this page shows at most ${PAGE_MAX_DAYS} days at once: narrow from and to`;
    return request;
  }
  request.query = { from: fromTime, to: toTime, granularity };
  return request;
}

/** One bucket of the series, with the classes the page asks the service for. */
export interface ClicksPoint {
  start: string;
  clicks: number;
  human: number;
  unique: number;
  bot?: number | undefined;
  preview?: number | undefined;
}

export interface TableRow {
  /** "2026-11-29 13:00", "2026-11-29" or "2026-11" (UTC). */
  label: string;
  clicks: number;
  human: number;
  unique: number;
  bot: number;
  preview: number;
  /** The compared series' clicks in the same place (the previous period's, or the other link's). */
  compared?: number | undefined;
}

export type TableUnit = "hour" | "day" | "month";

const labelOf = (start: string, unit: TableUnit) =>
  unit === "hour" ? `${start.slice(0, 10)} ${start.slice(11, 16)}` : start.slice(0, unit === "day" ? 10 : 7);

/**
 * The chart's table equivalent: the buckets with clicks (in either series), oldest first. Past
 * `maxRows`, hours are summed per day and then days per month, and the unit says so: a page stays
 * small whatever the window.
 */
export function tableOf(
  points: ClicksPoint[],
  compared: ClicksPoint[] | undefined,
  granularity: Granularity,
  maxRows = TABLE_MAX_ROWS,
): { unit: TableUnit; rows: TableRow[] } {
  const units: TableUnit[] = granularity === "hour" ? ["hour", "day", "month"] : ["day", "month"];
  let rows: TableRow[] = [];
  let unit: TableUnit = granularity;
  for (unit of units) {
    const byLabel = new Map<string, TableRow>();
    points.forEach((point, index) => {
      const other = compared?.[index]?.clicks;
      if (point.clicks === 0 && !other) return;
      const label = labelOf(point.start, unit);
      const row = byLabel.get(label) ?? {
        label,
        clicks: 0,
        human: 0,
        unique: 0,
        bot: 0,
        preview: 0,
        compared: compared ? 0 : undefined,
      };
      row.clicks += point.clicks;
      row.human += point.human;
      row.unique += point.unique;
      row.bot += point.bot ?? 0;
      row.preview += point.preview ?? 0;
      if (row.compared !== undefined) row.compared += other ?? 0;
      byLabel.set(label, row);
    });
    rows = [...byLabel.values()];
    if (rows.length <= maxRows) break;
  }
  return { unit, rows };
}

/**
 * The chart's data, as small as it can be (an hourly month with a comparison is most of the page):
 * where it starts, the step, and one array per class; the client adds them up into the clicks line.
 * `other` (HEAD requests, prefetches) is there only when the window has some.
 */
export interface ChartData {
  start: number;
  step: number;
  people: number[];
  unique: number[];
  bots: number[];
  previews: number[];
  other?: number[] | undefined;
  /** The compared series' clicks, bucket by bucket. */
  compared?: { label: string; clicks: number[] } | undefined;
}

export function chartDataOf(
  points: ClicksPoint[],
  granularity: Granularity,
  compared?: { label: string; points: ClicksPoint[] },
): ChartData {
  const bots = points.map((point) => point.bot ?? 0);
  const previews = points.map((point) => point.preview ?? 0);
  const people = points.map((point) => point.human);
  const other = points.map((point) => point.clicks - point.human - (point.bot ?? 0) - (point.preview ?? 0));
  const first = points[0]?.start;
  return {
    start: first === undefined ? 0 : Date.parse(first) / 1000,
    step: BUCKET_MS[granularity] / 1000,
    people,
    unique: points.map((point) => point.unique),
    bots,
    previews,
    other: other.some((clicks) => clicks !== 0) ? other : undefined,
    compared: compared && {
      label: compared.label,
      clicks: points.map((_, index) => compared.points[index]?.clicks ?? 0),
    },
  };
}

/** "+25 %", "-40 %", "0 %"; "new" when there was nothing before. */
export function changeOf(now: number, before: number): string {
  if (before === 0) return now === 0 ? "0 %" : "new";
  const percent = Math.round(((now - before) / before) * 100);
  return `${percent > 0 ? "+" : ""}${percent} %`;
}

let regionNames: Intl.DisplayNames | null | undefined;

/** A country's English name from its ISO code (Cloudflare's XX: unknown; T1: Tor); the code if unnamed. */
export function countryName(code: string | null): string {
  if (code === null || code === "XX") return "unknown";
  if (code === "T1") return "Tor network";
  if (regionNames === undefined) {
    try {
      regionNames = new Intl.DisplayNames(["en"], { type: "region" });
    } catch {
      regionNames = null;
    }
  }
  try {
    return regionNames?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** What the service answers, with the classes per bucket the page asks for. */
export type ClicksStats = Awaited<ReturnType<typeof readUrlStats>>;

/** Everything the clicks section shows. */
export interface LinkClicks {
  urlId: number;
  form: ClicksForm;
  errors: ClicksErrors;
  /** 400 when the window or the comparison is refused. */
  status?: 400 | undefined;
  preset?: string | undefined;
  stats?: ClicksStats | undefined;
  compared?: { label: string; kind: "previous" | "link"; stats: ClicksStats } | undefined;
}

/** The API's refusal of a request (a 400 or a 404) as a message; anything else is thrown on. */
function refusalOf(error: unknown): string {
  const status = statusOf(error);
  if (error instanceof AppError && (status === 400 || status === 404)) return error.message;
  throw error;
}

/** The other link's id: by id first, then by code in the caller's workspace; a message when none is. */
async function otherLinkOf(c: Context<AppEnv>, ref: LinkRef): Promise<{ id: number; code: string } | string> {
  if (ref.id !== undefined) {
    try {
      const url = await readUrl(c.var, ref.id);
      return { id: url.id, code: url.short_code };
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  const ids = await findUrlIdsByCode(c.var, ref.code);
  if (ids.length > 1) return "more than one link of this workspace has this code (on different domains): give its id";
  const [id] = ids;
  // The API's words for a link that is not there or is another workspace's: the same for both.
  if (id === undefined) return "url not found";
  return { id, code: ref.code };
}

/** The clicks section of link `id`'s page, for the window and comparison in the request's query. */
export async function readLinkClicks(c: Context<AppEnv>, id: number): Promise<LinkClicks> {
  const request = parseClicksQuery(c.req.query(), Date.now());
  const answer: LinkClicks = { urlId: id, form: request.form, errors: request.errors, preset: request.preset };
  if (request.query === undefined) return { ...answer, status: 400 };
  const options = { classesPerBucket: true };
  try {
    answer.stats = await readUrlStats(c.var, id, request.query, options);
  } catch (error) {
    // A 404 is the link itself: the page is not found.
    if (isNotFound(error)) throw error;
    answer.errors.window = refusalOf(error);
    return { ...answer, status: 400 };
  }
  const { from, to, granularity } = answer.stats;
  const window = { from: new Date(from), to: new Date(to), granularity };
  if (request.compare !== undefined && "previous" in request.compare) {
    const length = window.to.getTime() - window.from.getTime();
    const previous = { from: new Date(window.from.getTime() - length), to: window.from, granularity };
    answer.compared = {
      label: "previous period",
      kind: "previous",
      stats: await readUrlStats(c.var, id, previous, options),
    };
  } else if (request.compare !== undefined) {
    const other = await otherLinkOf(c, request.compare.link);
    if (typeof other === "string") answer.errors.compare_link = other;
    else {
      try {
        const stats = await readUrlStats(c.var, other.id, window, options);
        answer.compared = { label: other.code, kind: "link", stats };
      } catch (error) {
        answer.errors.compare_link = refusalOf(error);
      }
    }
  }
  return answer.errors.compare_link === undefined ? answer : { ...answer, status: 400 };
}
