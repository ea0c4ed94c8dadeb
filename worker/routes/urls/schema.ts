import { z } from "@hono/zod-openapi";

export { CreateUrlBody, ShortenBody, UpdateUrlBody } from "../../contracts/link-requests";
export { UrlSchema } from "../../contracts/responses";
export { ListUrlsQuery, SEARCH_MAX_LENGTH } from "../../contracts/url-list-query";

export const ShortenResponse = z.object({ original_url: z.string(), short_code: z.string() }).openapi("Shortened");
