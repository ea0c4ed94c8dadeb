// GET /urls/{id}/qr.svg and /urls/{id}/qr.png: a link's QR code, for its owner (or the admin key).
// There is no public QR endpoint: only a link's owner renders its codes.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { QR_ECC_LEVELS, type QrEcc, type QrOptions } from "../../lib/qr/qr-layout";
import { IdParam, queryInt } from "../../lib/validation";
import { type QrFormat, renderUrlQr } from "../../services/urls/qr-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse } from "../shared/responses";

const COLOUR = /^#[0-9A-Fa-f]{6}$/;
const colour = (field: string, fallback: string) =>
  z
    .string()
    .regex(COLOUR, `${field} must be a colour as #RRGGBB`)
    .transform((value) => value.toLowerCase())
    .default(fallback);

const ECC_NAMES = Object.keys(QR_ECC_LEVELS) as [QrEcc, ...QrEcc[]];

const QrQuery = z
  .object({
    size: queryInt("size", 64, 2048).openapi({ description: "Width and height in pixels", example: 512 }),
    margin: queryInt("margin", 0, 16).openapi({ description: "Quiet zone in modules (default 4)" }),
    ecc: z
      .enum(ECC_NAMES, { error: "ecc must be one of L, M, Q, H" })
      .optional()
      .openapi({ description: "Error correction (default M; H with a logo)" }),
    fg: colour("fg", "#000000").openapi({ description: "Dark colour, #RRGGBB" }),
    bg: colour("bg", "#ffffff").openapi({ description: "Light colour, #RRGGBB; contrast with fg at least 4:1" }),
    logo: z
      .enum(["true", "false"], { error: "logo must be true or false" })
      .optional()
      .openapi({ description: "Draw the Linkscope mark in the centre (a fifth of the width; needs ecc H)" }),
  })
  .strict()
  .superRefine((query, context) => {
    if (query.logo === "true" && query.ecc !== undefined && query.ecc !== "H") {
      context.addIssue({ code: "custom", path: ["ecc"], message: "ecc must be H with a logo (or left out)" });
    }
  })
  .transform(
    (query): QrOptions => ({
      size: query.size ?? 512,
      margin: query.margin ?? 4,
      ecc: query.ecc ?? (query.logo === "true" ? "H" : "M"),
      fg: query.fg,
      bg: query.bg,
      logo: query.logo === "true",
    }),
  );

const CONTENT_TYPES: Record<QrFormat, string> = { svg: "image/svg+xml", png: "image/png" };

function qrRoute(format: QrFormat) {
  return createRoute({
    method: "get",
    path: `/urls/{id}/qr.${format}`,
    ...requires("links:read"),
    tags: ["urls"],
    request: { params: z.object({ id: IdParam }), query: QrQuery },
    responses: {
      200: {
        description: `The link's QR code as ${format.toUpperCase()}: the short URL with ls_src=qr`,
        content: { [CONTENT_TYPES[format]]: { schema: z.string().openapi({ format: "binary" }) } },
      },
      304: { description: "Unchanged since the ETag given in If-None-Match" },
      400: errorResponse("A parameter out of range, or colours that would not scan"),
      404: errorResponse("No such url"),
    },
  });
}

export function registerUrlQr(app: OpenAPIHono<AppEnv>) {
  for (const format of ["svg", "png"] as const) {
    app.openapi(qrRoute(format), async (c) => {
      const image = await renderUrlQr(
        c.var,
        c.req.valid("param").id,
        format,
        c.req.valid("query"),
        new URL(c.req.url).origin,
        c.req.header("If-None-Match"),
      );
      const headers: Record<string, string> = {
        ETag: image.etag,
        "Cache-Control": "private, max-age=86400",
        // Drawn here from validated numbers and colours only; nothing in it may run or load.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
      };
      if (image.body === undefined) return c.body(null, 304, headers);
      return c.body(image.body, 200, { ...headers, "Content-Type": CONTENT_TYPES[format] });
    });
  }
}
