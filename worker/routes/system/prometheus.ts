// GET /prometheus: every shard's metrics merged, in the Prometheus text format 0.0.4
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { readAllSeries } from "../../observability/metrics/aggregate";
import { METRICS } from "../../observability/metrics/definitions";
import {
  EXPOSITION_CONTENT_TYPE,
  mergeSeries,
  renderExposition,
  withZeroCounters,
  withZeroErrorSeries,
} from "../../observability/metrics/exposition";
import { flushBeforeRead } from "../../observability/metrics/flush";
import { alertSeries, storedSeries } from "../../services/alerts/alert-series";
import { alertState } from "../../services/alerts/evaluate-alerts";
import { requires } from "../shared/permissions";
import { errorResponse } from "../shared/responses";

export function registerPrometheus(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/prometheus",
    ...requires("metrics"),
    tags: ["system"],
    description: "Aggregated metrics in the Prometheus text exposition format (version 0.0.4).",
    responses: {
      200: { description: "Exposition", content: { [EXPOSITION_CONTENT_TYPE]: { schema: { type: "string" } } } },
      401: errorResponse("METRICS_TOKEN is set and the bearer token is missing or wrong"),
    },
  });

  app.get("/prometheus", async (c) => {
    // This isolate's own pending deltas go first, so a scrape right after traffic sees it.
    await flushBeforeRead(c.env);
    const [shards, alerts] = await Promise.all([
      readAllSeries(c.env),
      // The alert families are left out (and the rest still served) if the object cannot answer.
      alertState(c.env)
        .snapshot()
        .then(alertSeries)
        .catch(() => []),
    ]);
    const buildInfo = storedSeries(
      METRICS.buildInfo.name,
      {
        commit: c.var.config.APP_COMMIT,
        version: c.var.config.APP_VERSION,
      },
      1,
    );
    return c.body(
      renderExposition([...withZeroCounters(withZeroErrorSeries(mergeSeries(shards))), ...alerts, buildInfo]),
      200,
      {
        "Content-Type": EXPOSITION_CONTENT_TYPE,
      },
    );
  });
}
