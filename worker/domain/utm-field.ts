// The utm object of a link as the API and the imports take it: the five tags, each printable text.
import { z } from "@hono/zod-openapi";
import { UNPRINTABLE_CHARACTER } from "../lib/control-characters";
import { UTM_FIELDS } from "./link-record";

const UTM_TAG_MAX_LENGTH = 255;

// Printable: no control characters (they have no place in a URL or a report).
const CONTROL = UNPRINTABLE_CHARACTER;

const utmTag = (field: string) =>
  z
    .string({ error: `utm.${field} must be a string` })
    .min(1, `utm.${field} must not be empty`)
    .max(UTM_TAG_MAX_LENGTH, `utm.${field} must be at most ${UTM_TAG_MAX_LENGTH} characters`)
    .refine((value) => !CONTROL.test(value), `utm.${field} must be printable`)
    .optional();

export const Utm = z
  .object(
    Object.fromEntries(UTM_FIELDS.map((field) => [field, utmTag(field)])) as Record<
      (typeof UTM_FIELDS)[number],
      ReturnType<typeof utmTag>
    >,
    { error: "utm must be an object or null" },
  )
  .strict()
  .transform((tags) => {
    const present = Object.entries(tags).filter(([, value]) => value !== undefined);
    return present.length === 0 ? null : (Object.fromEntries(present) as Partial<Record<string, string>>);
  })
  .nullable()
  .openapi({
    type: "object",
    description: "UTM tags added to the destination at redirect time (utm_source, ...). null removes them.",
    example: { source: "newsletter", medium: "email", campaign: "spring" },
  });
