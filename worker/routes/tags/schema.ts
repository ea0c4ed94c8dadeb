// The request and response shapes of /tags.
import { z } from "@hono/zod-openapi";
import { tagName } from "../../domain/tag-names";
import { bodyId, POSTGRES_MAX_INT, queryInt } from "../../lib/validation";
import { errorResponse } from "../shared/responses";

export const TAG_NOT_FOUND = errorResponse("No such tag (or another user's)");
export const TAG_NAME_INVALID = errorResponse("Missing or invalid name");
export const TAG_NAME_TAKEN = errorResponse("The owner already has a tag of that name (in any case)");
export const TOO_MANY_TAGGED_LINKS = errorResponse(
  "A user's key: the tag is on more than MAX_TAG_CHANGE_LINKS links (1,000 by default); nothing was changed",
);

export const TagSchema = z
  .object({
    created_at: z.string().openapi({ example: "2026-11-30T10:00:00.000Z" }),
    id: z.number().int(),
    links: z.number().int().openapi({ description: "How many links carry it" }),
    name: z.string().openapi({ example: "newsletter" }),
    updated_at: z.string(),
    user_id: z.number().int().nullable().openapi({ description: "Its owner (null: the tags of links without one)" }),
  })
  .openapi("Tag");

const Name = tagName((issue) => (issue.input === undefined ? "name is required" : "name must be a string")).openapi({
  description: "1 to 50 printable characters (trimmed; no '|'), unique per owner whatever the case",
});

export const CreateTagBody = z
  .object(
    {
      name: Name,
      user_id: bodyId("user_id").nullable().optional().openapi({
        description: "The owner (admin key; a user's key creates its own tags)",
      }),
    },
    { error: "name is required" },
  )
  .strict()
  .openapi("CreateTag");

export const RenameTagBody = z.object({ name: Name }, { error: "name is required" }).strict().openapi("RenameTag");

export const MergeTagBody = z
  .object(
    { into: bodyId("into", "into is required: the id of the tag that takes this one's links") },
    {
      error: "into is required",
    },
  )
  .strict()
  .openapi("MergeTag");

export const ListTagsQuery = z.object({
  user_id: queryInt("user_id", 1, POSTGRES_MAX_INT).openapi({ description: "Only this owner's tags (admin key)" }),
});
