// GET /urls/{id}/qr.svg|png: the owner's QR code of a link. What is encoded is the short URL
// (never the destination, so editing the destination leaves printed codes valid) with ls_src=qr,
// which marks a scan's click as source "qr"; the parameter is never forwarded to the destination.

import { shortUrlOf } from "../../domain/short-url";
import { badRequest } from "../../lib/errors";
import { sha256Hex } from "../../lib/hex-digest";
import { colourProblem } from "../../lib/qr/colour-contrast";
import { layoutQr, type QrOptions } from "../../lib/qr/qr-layout";
import { renderPng } from "../../lib/qr/render-png";
import { renderSvg } from "../../lib/qr/render-svg";
import { QR_SOURCE_PARAMETER } from "../clicks/click";
import type { ServiceContext } from "../service-context";
import { readUrl } from "./url-use-cases";

export type QrFormat = "svg" | "png";

/** Bumped when the drawing changes, so clients holding an old ETag get the new image. */
const RENDERER_VERSION = 1;

export interface QrImage {
  etag: string;
  /** Undefined when the client's ETag matched: nothing was drawn. */
  body?: string | Uint8Array<ArrayBuffer>;
}

/** The link's short URL (on its own domain) marked as a scan. */
function qrText(origin: string, domain: string | null, shortCode: string): string {
  return `${shortUrlOf(origin, domain, shortCode)}?${QR_SOURCE_PARAMETER}`;
}

async function etagOf(format: QrFormat, text: string, options: QrOptions): Promise<string> {
  const key = JSON.stringify([RENDERER_VERSION, format, text, options]);
  return `"qr-${(await sha256Hex(key)).slice(0, 24)}"`;
}

const matches = (ifNoneMatch: string | undefined, etag: string) =>
  ifNoneMatch?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag) ?? false;

/** The owner's (or the admin's) code for link `id`; a user's key gets a 404 for another user's link. */
export async function renderUrlQr(
  ctx: ServiceContext,
  id: number,
  format: QrFormat,
  options: QrOptions,
  origin: string,
  ifNoneMatch: string | undefined,
): Promise<QrImage> {
  const colours = colourProblem(options.fg, options.bg);
  if (colours) throw badRequest(colours);
  const url = await readUrl(ctx, id);
  const text = qrText(origin, url.domain, url.short_code);
  const etag = await etagOf(format, text, options);
  if (matches(ifNoneMatch, etag)) return { etag };
  const layout = layoutQr(text, options);
  if ("tooSmall" in layout) {
    throw badRequest(`size: must be at least ${layout.tooSmall} px for this code with a margin of ${options.margin}`);
  }
  return { etag, body: format === "svg" ? renderSvg(layout, options) : await renderPng(layout, options) };
}
