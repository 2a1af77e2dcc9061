/** One dispatched Server-Sent Event (the WHATWG event-stream format). */
export interface SseEvent {
  /** The `event:` field, or "message" when the event named none. */
  event: string;
  data: string;
  /** The last event id in force when this event was dispatched, if the stream ever set one. */
  id?: string;
}

export interface SseSink {
  onEvent(event: SseEvent): void;
  /** A `:` comment line, such as the server's `: heartbeat`. */
  onComment?(text: string): void;
  /** A `retry:` field: the server's reconnection delay in milliseconds. */
  onRetry?(ms: number): void;
}

/**
 * Incremental event-stream parser: feed it text as it arrives, in chunks cut anywhere (even
 * between the CR and LF of one line ending), and it dispatches each event at its blank line, as
 * the WHATWG algorithm says, so fetch-based streaming can replace EventSource (which cannot send
 * an Authorization header).
 */
export class SseParser {
  private buffer = "";
  private pendingCr = false;
  private data: string[] = [];
  private eventType = "";
  private lastEventId: string | undefined;
  private sawData = false;

  constructor(private readonly sink: SseSink) {}

  /** The id of the last event, or the last `id:` field seen: what a reconnect sends as Last-Event-ID. */
  get lastId(): string | undefined {
    return this.lastEventId;
  }

  feed(chunk: string): void {
    let text = chunk;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (text.startsWith("\n")) text = text.slice(1);
    }
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== "\n" && c !== "\r") continue;
      this.line(this.buffer.slice(start, i));
      if (c === "\r") {
        if (i + 1 < this.buffer.length) {
          if (this.buffer[i + 1] === "\n") i++;
        } else {
          this.pendingCr = true;
        }
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
  }

  /** Forgets a half-received event (the connection dropped mid-event); keeps the last id. */
  reset(): void {
    this.buffer = "";
    this.pendingCr = false;
    this.data = [];
    this.eventType = "";
    this.sawData = false;
  }

  private line(line: string): void {
    if (line === "") {
      this.dispatch();
      return;
    }
    if (line.startsWith(":")) {
      this.sink.onComment?.(line.slice(1).trimStart());
      return;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "data":
        this.data.push(value);
        this.sawData = true;
        break;
      case "event":
        this.eventType = value;
        break;
      case "id":
        if (!value.includes("\0")) this.lastEventId = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.sink.onRetry?.(Number(value));
        break;
      default:
        break;
    }
  }

  private dispatch(): void {
    if (!this.sawData) {
      this.eventType = "";
      return;
    }
    const event: SseEvent = {
      event: this.eventType || "message",
      data: this.data.join("\n"),
      id: this.lastEventId,
    };
    this.data = [];
    this.eventType = "";
    this.sawData = false;
    this.sink.onEvent(event);
  }
}
