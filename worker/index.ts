// The worker's only default export. Redirects take the hot path; everything else goes to Hono on the
// service's own hosts (a custom domain answers its root, app files and a 404); the queue and cron
// handlers go to their jobs.
import { buildApp } from "./app";
import { consumeQueue } from "./jobs/consume-queue";
import { runCron } from "./jobs/run-cron";
import { serveDomainRequest, servesApp } from "./redirect/serve-domain-page";
import { redirectCodeOf, serveRedirect, serveRedirectFromIsolate } from "./redirect/serve-redirect";
import { serveUnlock, unlockCodeOf } from "./redirect/unlock-link";

export { AlertState } from "./durable-objects/alert-state";
export { LinkQuota } from "./durable-objects/link-quota";
export { LogRing } from "./durable-objects/log-ring";
export { MetricsShard } from "./durable-objects/metrics-shard";
export { PasswordAttempts } from "./durable-objects/password-attempts";

const app = buildApp();

export default {
  fetch(request, env, ctx) {
    const code = redirectCodeOf(request);
    if (code === undefined) {
      const locked = unlockCodeOf(request);
      if (locked !== undefined) return serveUnlock(locked, request, env, ctx);
      // The app answers on the service's own hosts only; a custom domain answers its own few pages.
      return servesApp(request, env) ? app.fetch(request, env, ctx) : serveDomainRequest(request, env, ctx, app);
    }
    return serveRedirectFromIsolate(code, request, env, ctx) ?? serveRedirect(code, request, env, ctx);
  },
  async queue(batch, env, _ctx) {
    await consumeQueue(batch, env);
  },
  async scheduled(controller, env, _ctx) {
    await runCron(env, controller.scheduledTime);
  },
} satisfies ExportedHandler<Env>;
