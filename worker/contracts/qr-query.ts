// A QR code's drawing options, as a query string: the API's QR route and the web app's take the same.
import { z } from "@hono/zod-openapi";
import { QR_ECC_LEVELS, type QrEcc, type QrOptions } from "../lib/qr/qr-layout";
import { queryInt } from "../lib/validation";

const COLOUR = /^#[0-9A-Fa-f]{6}$/;
const colour = (field: string, fallback: string) =>
  z
    .string()
    .regex(COLOUR, `${field} must be a colour as #RRGGBB`)
    .transform((value) => value.toLowerCase())
    .default(fallback);

const ECC_NAMES = Object.keys(QR_ECC_LEVELS) as [QrEcc, ...QrEcc[]];

/** GET /urls/{id}/qr.{svg,png}'s options (the web app's QR route takes the same). */
export const QrQuery = z
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
