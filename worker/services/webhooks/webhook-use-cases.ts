// What the /webhooks routes do: who may, what is checked, and what is written.

import { badRequest, notFound } from "../../lib/errors";
import { DAY_MS } from "../../lib/time";
import { ownerForWrite, workspaceOf } from "../auth/access";
import { actorOf, type ServiceContext } from "../service-context";
import { assertDestinationAllowed } from "../urls/destination-policy";
import { ownersWorkspace } from "../workspaces/workspace-store";
import { deliverOnce } from "./deliver-once";
import { insertPing, listDeliveries, requeueDelivery } from "./delivery-store";
import { sealSecret } from "./secret-box";
import { serializeDelivery, serializeWebhook } from "./serialize";
import { newWebhookSecret } from "./signing";
import { sealingKey } from "./signing-secrets";
import {
  assertWorkspaceLinks,
  deleteWebhook,
  getOwnedWebhook,
  insertWebhook,
  rotateWebhookSecret,
  updateWebhook,
  type WebhookFields,
} from "./webhook-store";

/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = DAY_MS;

interface WebhookBody {
  url?: string | undefined;
  events?: WebhookFields["events"] | undefined;
  filter?: { url_ids: number[] } | null | undefined;
  click_classes?: WebhookFields["clickClasses"] | undefined;
  description?: string | null | undefined;
}

/** https only, unless private destinations are allowed (local testing); and the destination rules. */
function assertReceiver(ctx: ServiceContext, url: string, requestHost: string): void {
  if (!url.startsWith("https:") && !ctx.config.destinationPolicy.allowPrivate) {
    throw badRequest("url: webhooks are delivered over https only");
  }
  assertDestinationAllowed(ctx.config, url, requestHost, "url");
}

function fieldsOf(body: WebhookBody): Partial<WebhookFields> {
  const fields: Partial<WebhookFields> = {};
  if (body.url !== undefined) fields.url = body.url;
  if (body.events !== undefined) fields.events = body.events;
  if (body.filter !== undefined) fields.urlIds = body.filter?.url_ids ?? null;
  if (body.click_classes !== undefined) fields.clickClasses = body.click_classes;
  if (body.description !== undefined) fields.description = body.description;
  return fields;
}

export async function createWebhookFor(
  ctx: ServiceContext,
  body: WebhookBody & { url: string; events: WebhookFields["events"]; user_id?: number | null | undefined },
  requestHost: string,
) {
  const key = sealingKey(ctx.config);
  assertReceiver(ctx, body.url, requestHost);
  const userId = ownerForWrite(ctx, body.user_id, "an API key can only create webhooks for its own user") ?? null;
  const db = ctx.database();
  const workspaceId = workspaceOf(ctx) ?? (await ownersWorkspace(db, userId));
  await assertWorkspaceLinks(db, workspaceId, body.filter?.url_ids ?? null);
  const secret = newWebhookSecret();
  const row = await insertWebhook(
    ctx.transactionalDatabase(),
    { userId, workspaceId },
    actorOf(ctx),
    {
      url: body.url,
      events: body.events,
      urlIds: body.filter?.url_ids ?? null,
      clickClasses: body.click_classes ?? "human",
      description: body.description ?? null,
    },
    await sealSecret(key, secret),
    ctx.config.MAX_WEBHOOKS_PER_OWNER,
  );
  return { ...serializeWebhook(row), secret };
}

export async function updateWebhookFor(
  ctx: ServiceContext,
  id: number,
  body: WebhookBody & { enabled?: boolean | undefined },
  requestHost: string,
) {
  const row = await getOwnedWebhook(ctx, id);
  if (body.url !== undefined) assertReceiver(ctx, body.url, requestHost);
  if (body.filter) await assertWorkspaceLinks(ctx.database(), row.workspaceId, body.filter.url_ids);
  const changes = { ...fieldsOf(body), ...(body.enabled === undefined ? {} : { enabled: body.enabled }) };
  return serializeWebhook(await updateWebhook(ctx.database(), id, changes, actorOf(ctx)));
}

export async function rotateSecretFor(ctx: ServiceContext, id: number) {
  const key = sealingKey(ctx.config);
  const row = await getOwnedWebhook(ctx, id);
  const secret = newWebhookSecret();
  const rotated = await rotateWebhookSecret(
    ctx.database(),
    row,
    await sealSecret(key, secret),
    new Date(Date.now() + ROTATION_OVERLAP_MS),
    actorOf(ctx),
  );
  return { ...serializeWebhook(rotated), secret };
}

export async function deleteWebhookFor(ctx: ServiceContext, id: number): Promise<void> {
  const row = await getOwnedWebhook(ctx, id);
  await deleteWebhook(ctx.database(), row, actorOf(ctx));
}

/** A ping, signed and sent now (one attempt, no retries): the answer says what the receiver did. */
export async function pingWebhook(ctx: ServiceContext, id: number) {
  const row = await getOwnedWebhook(ctx, id);
  if (row.state !== "active") throw badRequest("the webhook is disabled: enable it first");
  const db = ctx.database();
  const body = JSON.stringify({
    type: "ping",
    timestamp: new Date().toISOString(),
    data: { webhook_id: row.id, message: "a test delivery from Linkscope" },
  });
  const ping = await insertPing(db, id, body);
  const result = await deliverOnce({ db, config: ctx.config, retries: false }, ping.id);
  if (!result) throw new Error("the ping was not attempted");
  return {
    delivery_id: ping.id,
    delivered: result.verdict === "delivered",
    status: result.attempt.status,
    latency_ms: result.attempt.latency_ms,
    error: result.attempt.error,
  };
}

export async function listDeliveriesFor(ctx: ServiceContext, id: number) {
  await getOwnedWebhook(ctx, id);
  return (await listDeliveries(ctx.database(), id)).map(serializeDelivery);
}

export async function retryDeliveryFor(ctx: ServiceContext, id: number, deliveryId: string) {
  const row = await getOwnedWebhook(ctx, id);
  if (row.state !== "active") throw badRequest("the webhook is disabled: enable it first");
  const delivery = await requeueDelivery(ctx.database(), id, deliveryId);
  if (!delivery) throw notFound("delivery not found");
  return serializeDelivery(delivery);
}
