// Samples a worker's CPU under raw workerd through its V8 inspector (workerd --inspector-addr), for
// `npm run bench -- --profile SCENARIO`: where a request's time goes, by function, self and total.
import { WebSocket } from "ws";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface CpuProfile {
  /** The raw profile (open it in Chrome DevTools as a .cpuprofile). */
  profile: Profile;
  /** Lines of the top functions by self and by total time, as shares of all samples. */
  summary: string[];
}

export async function startCpuProfile(inspectorPort: number, service: string) {
  const socket = new WebSocket(`ws://127.0.0.1:${inspectorPort}/${service}`);
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  let nextId = 0;
  const pending = new Map<number, (result: unknown) => void>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve) => {
      nextId += 1;
      pending.set(nextId, resolve);
      socket.send(JSON.stringify({ id: nextId, method, params }));
    });
  // The isolate's JavaScript heap (what a production isolate's 128 MB limit applies to), before and after.
  const heapMegabytes = async () => {
    const { usedSize } = (await send("Runtime.getHeapUsage")) as { usedSize: number };
    return Math.round((usedSize / 1024 / 1024) * 10) / 10;
  };
  const heapBefore = await heapMegabytes();
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 200 });
  await send("Profiler.start");
  return {
    async stop(): Promise<CpuProfile> {
      const { profile } = (await send("Profiler.stop")) as { profile: Profile };
      const heapAfter = await heapMegabytes();
      socket.close();
      return {
        profile,
        summary: [
          `JavaScript heap used (garbage not yet collected included): ${heapBefore} MB before, ${heapAfter} MB after`,
          ...summarise(profile),
        ],
      };
    },
  };
}

const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.split("/").pop() || "(native)";
  return `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`;
};

function summarise(profile: Profile, top = 25): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfSamples = new Map<number, number>();
  for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  const totalOf = new Map<number, number>();
  const total = (node: ProfileNode): number => {
    const known = totalOf.get(node.id);
    if (known !== undefined) return known;
    let sum = selfSamples.get(node.id) ?? 0;
    for (const child of node.children ?? []) sum += total(byId.get(child) as ProfileNode);
    totalOf.set(node.id, sum);
    return sum;
  };
  const parentLabel = new Map<number, string>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentLabel.set(child, label(node));
  const selfByLabel = new Map<string, number>();
  const totalByLabel = new Map<string, number>();
  for (const node of profile.nodes) {
    const name = label(node);
    selfByLabel.set(name, (selfByLabel.get(name) ?? 0) + (selfSamples.get(node.id) ?? 0));
    // A function that calls itself counts once per stack: only where its caller is another function.
    if (parentLabel.get(node.id) !== name) totalByLabel.set(name, (totalByLabel.get(name) ?? 0) + total(node));
  }
  const all = profile.samples.length || 1;
  const percent = (count: number) => `${((count / all) * 100).toFixed(1).padStart(5)} %`;
  const ranked = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, count]) => `${percent(count)}  ${name}`);
  return [`self time (${all} samples):`, ...ranked(selfByLabel), "total time:", ...ranked(totalByLabel)];
}
