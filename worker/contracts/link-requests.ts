// What a client sends to make or change a link: the zod schemas validate the request and document
// it in /openapi.json, and their inferred types are what the link use cases take.
import { z } from "@hono/zod-openapi";
import { VALIDITY_WINDOW_MESSAGE } from "../domain/link-state";
import { CUSTOM_SHORT_CODE_PATTERN } from "../domain/short-code";
import { TagList } from "../domain/tag-names";
import { TITLE_MAX_LENGTH } from "../lib/limits";
import { bodyId } from "../lib/validation";
import { destinationField } from "./destination-field";
import { LIFECYCLE_FIELDS, windowIsOrdered } from "./link-lifecycle-fields";

/** The link's own destination; `missing` is the seed's message for an absent field. */
const destination = (missing: string) => destinationField((input) => (input === undefined ? missing : "invalid url"));

const Title = z
  .string({ error: "title must be a string or null" })
  .max(TITLE_MAX_LENGTH, `title must be at most ${TITLE_MAX_LENGTH} characters`)
  .nullable();

const CustomShortCode = z
  .string({ error: "short_code must be a string" })
  .regex(CUSTOM_SHORT_CODE_PATTERN, "short_code must be 3 to 64 letters, digits, '-' or '_'")
  .openapi({ description: "Optional custom code; generated when absent", example: "spring-sale" });

const OptionalUserId = bodyId("user_id").nullable().optional();

/** One of the workspace's custom domains by hostname; null: the service's own hosts (the default domain). */
const LinkDomainField = z
  .string({ error: "domain must be a hostname or null" })
  .trim()
  .min(1, "domain must be a hostname or null")
  .max(253, "domain must be at most 253 characters")
  .transform((hostname) => hostname.toLowerCase().replace(/\.$/, ""))
  .nullable()
  .optional()
  .openapi({
    description:
      "The custom domain the link answers on (one of the workspace's, by hostname); null: the service's own hosts. Absent on create: the workspace's default domain",
    example: "go.example.com",
  });

/** A new link cannot be born expired (an edit may expire a link at once). */
const notYetExpired = (body: { expires_at?: Date | null | undefined }) =>
  !body.expires_at || body.expires_at.getTime() > Date.now();
const EXPIRED_AT_CREATE = "expires_at must be in the future";

export const CreateUrlBody = z
  .object(
    {
      original_url: destination("original_url is required"),
      title: Title.optional(),
      user_id: OptionalUserId,
      short_code: CustomShortCode.optional(),
      tags: TagList.optional(),
      domain: LinkDomainField,
      ...LIFECYCLE_FIELDS,
    },
    { error: "original_url is required" },
  )
  .strict()
  .refine(notYetExpired, { message: EXPIRED_AT_CREATE })
  .refine(windowIsOrdered, { message: VALIDITY_WINDOW_MESSAGE })
  .openapi("CreateUrl");

export const ShortenBody = z
  .object(
    {
      url: destination("url is required"),
      title: Title.optional(),
      user_id: OptionalUserId,
      short_code: CustomShortCode.optional(),
      tags: TagList.optional(),
      domain: LinkDomainField,
      ...LIFECYCLE_FIELDS,
    },
    { error: "url is required" },
  )
  .strict()
  .refine(notYetExpired, { message: EXPIRED_AT_CREATE })
  .refine(windowIsOrdered, { message: VALIDITY_WINDOW_MESSAGE })
  .openapi("Shorten");

export const UpdateUrlBody = z
  .object(
    {
      original_url: destination("invalid url").optional(),
      title: Title.optional(),
      is_active: z.boolean({ error: "is_active must be a boolean" }).optional(),
      user_id: OptionalUserId.openapi({ description: "Who made the change; recorded on the audit event" }),
      tags: TagList.optional().openapi({ description: "The link's tags from now on, all of them ([] removes them)" }),
      domain: LinkDomainField.openapi({
        description: "Moves the link to this domain (its code must be free there); null: the service's own hosts",
      }),
      ...LIFECYCLE_FIELDS,
    },
    { error: "no valid fields to update" },
  )
  .strict()
  .refine((body) => Object.entries(body).some(([field, value]) => field !== "user_id" && value !== undefined), {
    message: "no valid fields to update",
  })
  .refine(windowIsOrdered, { message: VALIDITY_WINDOW_MESSAGE })
  .openapi("UpdateUrl");

type CreatedLink = z.output<typeof CreateUrlBody>;
type EditedLink = z.output<typeof UpdateUrlBody>;

/** A new link's own fields (its lifecycle and behaviour travel apart, as `LinkSettings`). */
export type NewUrl = Pick<CreatedLink, "original_url" | "title" | "user_id" | "short_code" | "tags" | "domain">;

/** An edit's own fields; `user_id` is who makes the change (a user's key: itself only). */
export type UrlEdit = Pick<EditedLink, "original_url" | "title" | "is_active" | "user_id" | "tags" | "domain">;
