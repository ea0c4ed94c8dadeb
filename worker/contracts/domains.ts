// The request and response shapes of /domains: what clients send, what the serialiser builds and the
// OpenAPI document states.
import { z } from "@hono/zod-openapi";
import { checkCustomHostname } from "../domain/custom-hostname";
import { CERTIFICATE_STATES, DOMAIN_PROVIDERS, DOMAIN_STATES, OWNERSHIP_STATES } from "../domain/domain-states";
import { destinationField } from "./destination-field";

/** The most an app-association file may be, serialised (Apple's own limit is 128 KB). */
export const APP_FILE_MAX_BYTES = 128 * 1024;

const Hostname = z
  .string({ error: "hostname is required" })
  .transform((value, ctx) => {
    const check = checkCustomHostname(value);
    if (check.ok) return check.hostname;
    ctx.addIssue({ code: "custom", message: check.problem });
    return z.NEVER;
  })
  .openapi({ type: "string", example: "go.example.com", description: "IDN names are stored in punycode" });

const redirectField = (field: string, description: string) =>
  destinationField(`${field} must be a string or null`, field).nullable().optional().openapi({ description });

/** A JSON document of at most APP_FILE_MAX_BYTES, of the given shape (object or array). */
function appFile(field: string, shape: "object" | "array", description: string) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (value === null) return;
      const isShape = shape === "array" ? Array.isArray(value) : typeof value === "object" && !Array.isArray(value);
      if (!isShape) ctx.addIssue({ code: "custom", message: `${field} must be a JSON ${shape} or null` });
      else if (new TextEncoder().encode(JSON.stringify(value)).length > APP_FILE_MAX_BYTES) {
        ctx.addIssue({ code: "custom", message: `${field} must be at most ${APP_FILE_MAX_BYTES} bytes` });
      }
    })
    .optional()
    .openapi({ description });
}

const DOMAIN_SETTINGS = {
  root_redirect: redirectField("root_redirect", "Where the domain's root (/) sends people; null: a plain page"),
  not_found_redirect: redirectField(
    "not_found_redirect",
    "Where an unknown code on the domain sends people; null: the 404 page",
  ),
  expired_url: redirectField("expired_url", "Where the domain's expired links go when the link names none"),
  is_default: z
    .boolean({ error: "is_default must be a boolean" })
    .optional()
    .openapi({ description: "The workspace's default domain for new links (one at most)" }),
  apple_app_site_association: appFile(
    "apple_app_site_association",
    "object",
    "Served at /.well-known/apple-app-site-association on the domain",
  ),
  assetlinks: appFile("assetlinks", "array", "Served at /.well-known/assetlinks.json on the domain"),
};

export const CreateDomainBody = z
  .object({ hostname: Hostname, ...DOMAIN_SETTINGS }, { error: "hostname is required" })
  .strict()
  .openapi("CreateDomain");

export const UpdateDomainBody = z
  .object(DOMAIN_SETTINGS, { error: "no valid fields to update" })
  .strict()
  .refine((body) => Object.values(body).some((value) => value !== undefined), { message: "no valid fields to update" })
  .openapi("UpdateDomain");

export type NewDomain = z.output<typeof CreateDomainBody>;
export type DomainEdit = z.output<typeof UpdateDomainBody>;

export const DnsRecordSchema = z
  .object({
    type: z.enum(["CNAME", "TXT"]),
    name: z.string().openapi({ example: "go.example.com" }),
    value: z.string().openapi({ example: "links.example.net" }),
  })
  .openapi("DnsRecord");

export const DomainSchema = z
  .object({
    id: z.number().int(),
    workspace_id: z.number().int(),
    hostname: z.string().openapi({ example: "go.example.com" }),
    state: z.enum(DOMAIN_STATES).openapi({
      description: "pending (not proven: nothing served), active (links served) or unhealthy (stopped verifying)",
    }),
    provider: z.enum(DOMAIN_PROVIDERS),
    ownership: z.enum(OWNERSHIP_STATES).openapi({ description: "The provider's answer on ownership" }),
    certificate: z.enum(CERTIFICATE_STATES).openapi({ description: "The provider's answer on the TLS certificate" }),
    problem: z.string().nullable().openapi({ description: "What the last check found wrong, in the provider's words" }),
    dns_records: z.array(DnsRecordSchema).openapi({ description: "The records to create at the DNS host" }),
    root_redirect: z.string().nullable(),
    not_found_redirect: z.string().nullable(),
    expired_url: z.string().nullable(),
    is_default: z.boolean(),
    apple_app_site_association: z.unknown().nullable(),
    assetlinks: z.unknown().nullable(),
    verified_at: z.string().nullable(),
    checked_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Domain");

export type DomainResponse = z.infer<typeof DomainSchema>;
