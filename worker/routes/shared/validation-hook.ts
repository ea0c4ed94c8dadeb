import type { Hook } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { plainError } from "../../lib/errors";
import { describeZodError } from "../../lib/validation";

/** Validation failures become {"error": ...}: 404 for a malformed path id (as the seed), else 400. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  if (result.target === "param") return plainError(404, "not found");
  return plainError(400, describeZodError(result.error));
};
