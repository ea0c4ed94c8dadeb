// The shapes the /domains routes answer with (requests and the Domain itself: worker/contracts/domains.ts).
import { z } from "@hono/zod-openapi";
import { DomainSchema } from "../../contracts/domains";
import { errorResponse } from "../shared/responses";

export { CreateDomainBody, DomainSchema, UpdateDomainBody } from "../../contracts/domains";

export const DomainListSchema = z.array(DomainSchema);
export const DOMAIN_NOT_FOUND = errorResponse("No such domain (or another workspace's)");
export const DOMAINS_OFF = errorResponse("Custom domains are off: the deployment sets no DOMAIN_PROVIDER");
