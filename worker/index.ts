// The worker's only default export.
import { buildApp } from "./app";

const app = buildApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
