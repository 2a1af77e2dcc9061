import { SseEvent, SseParser } from "./sseParser";

/**
 * What the connection indicator shows:
 * - `live`: connected, and job events arrived within the live window;
 * - `quiet`: connected (heartbeats and stats arrive) but no job changed lately;
 * - `lost`: the connection failed or went silent; reconnecting with back-off;
 * - `connecting`: the first attempt is under way;
 * - `unavailable`: this server has no /v1/events (404); retried slowly;
 * - `unauthorized`: the key was refused; not retried.
 */
export type ConnectionState = "connecting" | "live" | "quiet" | "lost" | "unavailable" | "unauthorized";

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface EventStreamOptions {
  url: string;
  apiKey: () => string | null;
  onEvent: (event: SseEvent) => void;
  onState: (state: ConnectionState) => void;
  fetch?: typeof fetch;
  timers?: Timers;
  random?: () => number;
  /** First reconnect delay; a server's `retry:` field replaces it. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * With no byte for this long the connection counts as dead and is replaced: the server sends a
   * heartbeat every 15 s, so a silent socket is a broken one, not a quiet system.
   */
  idleTimeoutMs?: number;
  /** How long after the last job event the state stays `live` before it turns `quiet`. */
  liveWindowMs?: number;
}

/**
 * A Server-Sent Events client over fetch, so the API key travels in the Authorization header and
 * never in a URL. It resumes with Last-Event-ID after every reconnect, backs off exponentially
 * with jitter between failed attempts, and replaces a connection that stops sending bytes.
 */
export class EventStream {
  private readonly fetchFn: typeof fetch;
  private readonly timers: Timers;
  private readonly random: () => number;
  private minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly idleTimeoutMs: number;
  private readonly liveWindowMs: number;
  private readonly parser: SseParser;

  private state: ConnectionState | undefined;
  private failures = 0;
  private stopped = true;
  private controller: AbortController | undefined;
  private reconnectTimer: unknown;
  private idleTimer: unknown;
  private liveTimer: unknown;
  private generation = 0;

  constructor(private readonly options: EventStreamOptions) {
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timers = options.timers ?? {
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    this.random = options.random ?? Math.random;
    this.minBackoffMs = options.minBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 35_000;
    this.liveWindowMs = options.liveWindowMs ?? 30_000;
    this.parser = new SseParser({
      onEvent: (event) => this.received(event),
      onRetry: (ms) => {
        this.minBackoffMs = Math.max(100, ms);
      },
    });
  }

  /** The id a reconnect resumes from. */
  get lastEventId(): string | undefined {
    return this.parser.lastId;
  }

  get connectionState(): ConnectionState | undefined {
    return this.state;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.setState("connecting");
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.controller?.abort();
    this.clearTimers();
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    const key = this.options.apiKey();
    if (!key) {
      this.setState("unauthorized");
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    const headers: Record<string, string> = {
      Accept: "text/event-stream",
      Authorization: `Bearer ${key}`,
    };
    const lastId = this.parser.lastId;
    if (lastId !== undefined) headers["Last-Event-ID"] = lastId;
    let response: Response;
    try {
      response = await this.fetchFn(this.options.url, { headers, signal: controller.signal, cache: "no-store" });
    } catch {
      if (generation === this.generation) this.failed();
      return;
    }
    if (generation !== this.generation) return;
    if (response.status === 401) {
      this.setState("unauthorized");
      this.stopped = true;
      return;
    }
    if (response.status === 404) {
      this.setState("unavailable");
      this.scheduleReconnect(this.maxBackoffMs);
      return;
    }
    if (!response.ok || !response.body) {
      this.failed();
      return;
    }
    this.failures = 0;
    this.parser.reset();
    this.setState("quiet");
    this.armIdleTimer(generation);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (generation !== this.generation) return;
        if (done) break;
        this.armIdleTimer(generation);
        this.parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch {
      // A reset or aborted body: reconnect below, unless stop() or the idle timer already did.
    }
    if (generation === this.generation) this.failed();
  }

  private received(event: SseEvent): void {
    if (event.event === "job") {
      this.setState("live");
      if (this.liveTimer !== undefined) this.timers.clearTimeout(this.liveTimer);
      this.liveTimer = this.timers.setTimeout(() => {
        this.liveTimer = undefined;
        if (this.state === "live") this.setState("quiet");
      }, this.liveWindowMs);
    }
    this.options.onEvent(event);
  }

  private armIdleTimer(generation: number): void {
    if (this.idleTimer !== undefined) this.timers.clearTimeout(this.idleTimer);
    this.idleTimer = this.timers.setTimeout(() => {
      this.idleTimer = undefined;
      if (generation !== this.generation) return;
      this.generation++;
      this.controller?.abort();
      this.failed();
    }, this.idleTimeoutMs);
  }

  private failed(): void {
    if (this.stopped) return;
    this.generation++;
    this.controller?.abort();
    this.setState("lost");
    const ceiling = Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** Math.min(this.failures, 16));
    this.failures++;
    // Half fixed, half jitter: clients dropped together do not return together.
    this.scheduleReconnect(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  private scheduleReconnect(ms: number): void {
    this.clearTimers();
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.stopped) void this.connect();
    }, ms);
  }

  private clearTimers(): void {
    for (const timer of [this.reconnectTimer, this.idleTimer, this.liveTimer]) {
      if (timer !== undefined) this.timers.clearTimeout(timer);
    }
    this.reconnectTimer = this.idleTimer = this.liveTimer = undefined;
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onState(state);
  }
}
