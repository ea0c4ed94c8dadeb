// /app/links/{id}/qr.svg, qr.png and clicks.csv: a link's QR code and its clicks, for the pages. They
// call the API's use cases (renderUrlQr, exportClicksFor) with the API's query schemas, but in the
// workspace the pages act in: an <img> or a download link cannot send X-Workspace-Id, and the workspace
// choice is the app's own cookie. A refused option is a page that says so, not a JSON dead end.
import type { Context } from "hono";
import type { ZodError } from "zod";
import type { AppEnv } from "../app-env";
import { QrQuery } from "../contracts/qr-query";
import { ClickExportQuery } from "../routes/urls/export-clicks";
import { downloadHeaders } from "../routes/urls/export-urls";
import { exportClicksFor } from "../services/exports/export-use-cases";
import { type QrFormat, renderUrlQr } from "../services/urls/qr-use-cases";
import { isNotFound, statusOf } from "./form-parts";
import { notFoundPage } from "./not-found-page";
import { APP_PATH, renderPage } from "./page-shell";
import { pathId } from "./path-id";
import { signedInAs } from "./signed-in-as";

const QR_TYPES: Record<QrFormat, string> = { svg: "image/svg+xml", png: "image/png" };

const queryOf = (c: Context<AppEnv>) => Object.fromEntries(new URL(c.req.url).searchParams);

/** A refused option: a page that says so in the API's words, with the way back to the link. */
async function refusal(c: Context<AppEnv>, id: number, message: string) {
  const body = (
    <>
      <p class="error" role="alert">
        {message}
      </p>
      <p>
        <a href={`${APP_PATH}/links/${id}`}>Back to the link</a>
      </p>
    </>
  );
  return renderPage(c, { title: "Not downloaded", person: await signedInAs(c), current: "links", body, status: 400 });
}

const issueOf = (error: ZodError) => {
  const issue = error.issues[0];
  if (!issue) return "invalid options";
  const field = issue.path[0];
  const name = field === undefined ? "" : String(field);
  return name === "" || issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
};

/** The link's QR code as an image (the page's <img>, and the download form's answer). */
export function linkQrImage(format: QrFormat) {
  return async (c: Context<AppEnv>) => {
    const id = pathId(c);
    if (id === undefined) return notFoundPage(c, "links", "link");
    const parsed = QrQuery.safeParse(queryOf(c));
    if (!parsed.success) return refusal(c, id, issueOf(parsed.error));
    try {
      const origin = new URL(c.req.url).origin;
      const image = await renderUrlQr(c.var, id, format, parsed.data, origin, c.req.header("If-None-Match"));
      const headers: Record<string, string> = {
        ETag: image.etag,
        "Cache-Control": "private, max-age=86400",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        "Content-Disposition": `inline; filename="qr-${id}.${format}"`,
      };
      if (image.body === undefined) return c.body(null, 304, headers);
      return c.body(image.body, 200, { ...headers, "Content-Type": QR_TYPES[format] });
    } catch (error) {
      if (isNotFound(error)) return notFoundPage(c, "links", "link");
      if (statusOf(error) === 400) return refusal(c, id, (error as Error).message);
      throw error;
    }
  };
}

/** The link's stored clicks in a window, as the API's export streams them. */
export async function linkClicksCsv(c: Context<AppEnv>) {
  const id = pathId(c);
  if (id === undefined) return notFoundPage(c, "links", "link");
  const parsed = ClickExportQuery.safeParse(queryOf(c));
  if (!parsed.success) return refusal(c, id, issueOf(parsed.error));
  const query = parsed.data;
  try {
    const stream = await exportClicksFor(
      c.var,
      { urlId: id, from: query.from, to: query.to, clickClass: query.class },
      query.format,
    );
    return c.body(stream, 200, downloadHeaders(query.format, `linkscope-url-${id}-clicks`));
  } catch (error) {
    if (isNotFound(error)) return notFoundPage(c, "links", "link");
    throw error;
  }
}
