// The request and response shapes of /users and of a user's API keys.
import { z } from "@hono/zod-openapi";
import { idParam, requiredString } from "../../lib/validation";
import { EMAIL_SHAPE } from "../../services/mail/email-shape";
import { errorResponse } from "../shared/responses";

export { UserSchema } from "../../contracts/responses";

export const USER_NOT_FOUND = errorResponse("No such user");

const USERNAME_MAX_LENGTH = 255;
const EMAIL_MAX_LENGTH = 255;

const required = { missing: "username and email are required", type: "username and email must be strings" };

const Username = requiredString(required, USERNAME_MAX_LENGTH, "username").min(1, "username must not be empty");
const Email = requiredString(required, EMAIL_MAX_LENGTH, "email").regex(EMAIL_SHAPE, "email is not a valid address");

export const CreateUserBody = z
  .object({ username: Username, email: Email }, { error: "username and email are required" })
  .strict()
  .openapi("CreateUser");

export const UpdateUserBody = z
  .object(
    {
      username: Username.optional(),
      email: Email.optional(),
    },
    { error: "no valid fields to update" },
  )
  .strict()
  .refine((body) => body.username !== undefined || body.email !== undefined, { message: "no valid fields to update" })
  .openapi("UpdateUser");

export const ApiKeySchema = z
  .object({
    id: z.number().int(),
    prefix: z.string().openapi({ example: "lsk_3f9a1c0b7e" }),
    user_id: z.number().int(),
    name: z.string().nullable(),
    created_at: z.string(),
    revoked_at: z.string().nullable(),
  })
  .openapi("ApiKey");

export const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z.string().openapi({ description: "The key itself: shown this once, never again" }),
}).openapi("CreatedApiKey");

export const CreateApiKeyBody = z
  .object({
    name: z
      .string({ error: "name must be a string" })
      .max(255, "name must be at most 255 characters")
      .nullable()
      .optional(),
  })
  .strict();

export const KeyIdParam = idParam("key_id");
