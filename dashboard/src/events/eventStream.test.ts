// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionState, EventStream } from "./eventStream";
import { SseEvent } from "./sseParser";

/** One server-side connection the fake fetch handed out: push text into it or end it. */
class FakeConnection {
  readonly headers: Record<string, string>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  readonly body: ReadableStream<Uint8Array>;
  constructor(init: RequestInit) {
    this.headers = init.headers as Record<string, string>;
    this.body = new ReadableStream({ start: (c) => (this.controller = c) });
    init.signal?.addEventListener("abort", () => {
      try {
        this.controller.error(new DOMException("aborted", "AbortError"));
      } catch {
        /* already closed */
      }
    });
  }
  send(text: string) {
    this.controller.enqueue(new TextEncoder().encode(text));
  }
  end() {
    this.controller.close();
  }
}

function harness(statuses: number[] = []) {
  const connections: FakeConnection[] = [];
  const urls: string[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    urls.push(String(url));
    const status = statuses.shift() ?? 200;
    if (status === 0) throw new TypeError("network down");
    const connection = new FakeConnection(init ?? {});
    connections.push(connection);
    return new Response(status === 200 ? connection.body : null, { status });
  });
  const events: SseEvent[] = [];
  const states: ConnectionState[] = [];
  const stream = new EventStream({
    url: "/v1/events",
    apiKey: () => "fm_secret",
    onEvent: (e) => events.push(e),
    onState: (s) => states.push(s),
    fetch: fetch as unknown as typeof globalThis.fetch,
    random: () => 1,
    minBackoffMs: 1000,
    maxBackoffMs: 8000,
    idleTimeoutMs: 35_000,
    liveWindowMs: 10_000,
  });
  return { stream, fetch, connections, urls, events, states };
}

const jobEvent = (id: string, state: string) =>
  `id: ${id}\nevent: job\ndata: {"id":"j1","state":"${state}"}\n\n`;

describe("EventStream", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends the key as a bearer header and never in the URL", async () => {
    const h = harness();
    h.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.urls).toEqual(["/v1/events"]);
    expect(h.connections[0].headers.Authorization).toBe("Bearer fm_secret");
    expect(h.connections[0].headers["Last-Event-ID"]).toBeUndefined();
    h.stream.stop();
  });

  it("is quiet while only heartbeats arrive, live on job events, quiet again after the window", async () => {
    const h = harness();
    h.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    h.connections[0].send(": heartbeat\n\n");
    await vi.advanceTimersByTimeAsync(0);
    expect(h.stream.connectionState).toBe("quiet");
    h.connections[0].send(jobEvent("1-0", "queued"));
    await vi.advanceTimersByTimeAsync(0);
    expect(h.stream.connectionState).toBe("live");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.stream.connectionState).toBe("quiet");
    expect(h.states).toEqual(["connecting", "quiet", "live", "quiet"]);
    h.stream.stop();
  });

  it("reconnects after the stream ends and resumes with Last-Event-ID", async () => {
    const h = harness();
    h.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    h.connections[0].send(jobEvent("1-0", "queued") + jobEvent("2-0", "running"));
    h.connections[0].end();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.stream.connectionState).toBe("lost");
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.connections).toHaveLength(2);
    expect(h.connections[1].headers["Last-Event-ID"]).toBe("2-0");
    h.connections[1].send(jobEvent("3-0", "succeeded"));
    await vi.advanceTimersByTimeAsync(0);
    expect(h.events.map((e) => e.id)).toEqual(["1-0", "2-0", "3-0"]);
    expect(h.stream.connectionState).toBe("live");
    h.stream.stop();
  });

  it("backs off exponentially up to the ceiling while the server is down, then resets", async () => {
    const h = harness([0, 503, 0, 0, 0, 200]);
    h.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.fetch).toHaveBeenCalledTimes(1);
    const gaps = [1000, 2000, 4000, 8000, 8000];
    for (const [i, gap] of gaps.entries()) {
      await vi.advanceTimersByTimeAsync(gap - 1);
      expect(h.fetch).toHaveBeenCalledTimes(i + 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(h.fetch).toHaveBeenCalledTimes(i + 2);
    }
    expect(h.stream.connectionState).toBe("quiet");
    h.connections.at(-1)!.end();
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.fetch).toHaveBeenCalledTimes(7);
    h.stream.stop();
  });

  it("replaces a connection that sends nothing, not even heartbeats, for the idle timeout", async () => {
    const h = harness();
    h.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    h.connections[0].send(jobEvent("5-0", "queued"));
    await vi.advanceTimersByTimeAsync(34_999);
    expect(h.stream.connectionState).not.toBe("lost");
    await vi.advanceTimersByTimeAsync(1);
    expect(h.stream.connectionState).toBe("lost");
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.connections).toHaveLength(2);
    expect(h.connections[1].headers["Last-Event-ID"]).toBe("5-0");
    h.stream.stop();
  });

  it("honours the server's retry field as the first back-off", async () => {
    const h = harness();
    h.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    h.connections[0].send("retry: 300\n\n");
    h.connections[0].end();
    await vi.advanceTimersByTimeAsync(300);
    expect(h.connections).toHaveLength(2);
    h.stream.stop();
  });

  it("stops on 401 and calls a missing endpoint unavailable", async () => {
    const refused = harness([401]);
    refused.stream.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(refused.fetch).toHaveBeenCalledTimes(1);
    expect(refused.stream.connectionState).toBe("unauthorized");

    const missing = harness([404]);
    missing.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(missing.stream.connectionState).toBe("unavailable");
    missing.stream.stop();
  });

  it("stays stopped: no reconnect after stop()", async () => {
    const h = harness();
    h.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    h.stream.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(h.fetch).toHaveBeenCalledTimes(1);
  });
});
