import { z } from "@hono/zod-openapi";
import { requiredString } from "../../lib/validation";
import { EMAIL_SHAPE } from "../../services/mail/email-shape";

export { UserSchema } from "../../contracts/responses";

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
