// How the worker observes Postgres: every query counted (dependency budgets in tests) and timed
// with its result (linkscope_database_queries_total, ..._query_duration_seconds).
import type { QueryObserver } from "../../db/client";
import { dependencyCalls } from "./dependency-calls";
import { METRICS } from "./metrics/definitions";
import { incrementCounter, observeHistogram } from "./metrics/recorder";

export const databaseQueries: QueryObserver = {
  issued() {
    dependencyCalls().postgres += 1;
  },
  finished(result, seconds) {
    incrementCounter(METRICS.databaseQueries, { result });
    observeHistogram(METRICS.databaseQueryDuration, {}, seconds);
  },
};
