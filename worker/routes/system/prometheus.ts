// GET /prometheus: every shard's metrics merged, in the Prometheus text format 0.0.4
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { readAllSeries } from "../../observability/metrics/aggregate";
import { METRICS } from "../../observability/metrics/definitions";
import { EXPOSITION_CONTENT_TYPE, mergeSeries, renderExposition } from "../../observability/metrics/exposition";
import { flushMetrics } from "../../observability/metrics/flush";
import { seriesKey } from "../../observability/metrics/recorder";
import { errorResponse } from "../shared/responses";

export function registerPrometheus(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/prometheus",
    tags: ["system"],
    description: "Aggregated metrics in the Prometheus text exposition format (version 0.0.4).",
    responses: {
      200: { description: "Exposition", content: { [EXPOSITION_CONTENT_TYPE]: { schema: { type: "string" } } } },
      401: errorResponse("METRICS_TOKEN is set and the bearer token is missing or wrong"),
    },
  });

  app.get("/prometheus", async (c) => {
    // This isolate's own pending deltas go first, so a scrape right after traffic sees it.
    await flushMetrics(c.env);
    const shards = await readAllSeries(c.env);
    const labels = { commit: c.var.config.APP_COMMIT, version: c.var.config.APP_VERSION };
    const buildInfo = {
      key: seriesKey(METRICS.buildInfo.name, labels),
      name: METRICS.buildInfo.name,
      labels: JSON.stringify(labels),
      value: 1,
    };
    return c.body(renderExposition([...mergeSeries(shards), buildInfo]), 200, {
      "Content-Type": EXPOSITION_CONTENT_TYPE,
    });
  });
}
