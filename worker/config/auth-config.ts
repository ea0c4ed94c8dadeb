// Signing in (docs/API.md, "Signing in"; docs/SECURITY.md, "Sessions and sign-in links"), from vars.
import { z } from "zod";

/** The sign-in settings: part of the one configuration schema (worker/config/settings.ts). */
export const AUTH_SETTINGS = {
  // The origin sign-in links point at (https://links.example.com). Never taken from the request's Host
  // in production, where a forged Host would send a person's token to someone else's site. Empty: the
  // first SERVICE_HOSTS name over https; in development (keys optional) the request's own origin.
  PUBLIC_URL: z
    .string()
    .default("")
    .refine(
      (url) => url === "" || /^https?:\/\/[^/?#]+$/i.test(url),
      "must be an origin: http(s)://host[:port], no path",
    ),
  // A session ends after this many hours unused (the idle expiry)...
  SESSION_IDLE_HOURS: z.coerce.number().int().min(1).max(8_760).default(168),
  // ...and this many days after sign-in however it is used (the absolute expiry).
  SESSION_MAX_DAYS: z.coerce.number().int().min(1).max(365).default(30),
};
