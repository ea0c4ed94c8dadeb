// The benchmark's one_fetch floor: the trivial HTTP server a bare worker fetches once per request.
// Run as its own process: node scripts/lib/one-fetch-target.ts PORT
import { createServer } from "node:http";

const port = Number(process.argv[2]);
createServer((_request, response) => {
  response.writeHead(200, { "Content-Type": "application/json", "Content-Length": "2" });
  response.end("{}");
}).listen(port, "127.0.0.1");
