import { describe, expect, it } from "vitest";
import { SseEvent, SseParser } from "./sseParser";

function parse(...chunks: string[]) {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const parser = new SseParser({
    onEvent: (e) => events.push(e),
    onComment: (c) => comments.push(c),
    onRetry: (ms) => retries.push(ms),
  });
  chunks.forEach((c) => parser.feed(c));
  return { events, comments, retries, parser };
}

describe("SseParser", () => {
  it("dispatches a named event with its id and data at the blank line", () => {
    const { events } = parse('id: 1-0\nevent: job\ndata: {"state":"queued"}\n\n');
    expect(events).toEqual([{ id: "1-0", event: "job", data: '{"state":"queued"}' }]);
  });

  it("joins multi-line data with newlines and names an unnamed event message", () => {
    const { events } = parse("data: a\ndata: b\n\n");
    expect(events).toEqual([{ event: "message", data: "a\nb", id: undefined }]);
  });

  it("reassembles an event cut across chunks anywhere, even inside a CRLF", () => {
    const { events } = parse("id: 7\r", "\nevent: st", "ats\r\ndata: {\"x\"", ":1}\r", "\n\r\n");
    expect(events).toEqual([{ id: "7", event: "stats", data: '{"x":1}' }]);
  });

  it("reports heartbeat comments and retry fields without dispatching events", () => {
    const { events, comments, retries } = parse(": heartbeat\n\nretry: 2500\n\n");
    expect(events).toEqual([]);
    expect(comments).toEqual(["heartbeat"]);
    expect(retries).toEqual([2500]);
  });

  it("keeps the last id for resumption after a half-received event is dropped", () => {
    const { parser, events } = parse("id: 3\nevent: job\ndata: x\n\nid: 4\nevent: job\ndata: half");
    parser.reset();
    parser.feed("event: job\ndata: y\n\n");
    expect(events.map((e) => e.data)).toEqual(["x", "y"]);
    expect(parser.lastId).toBe("4");
  });

  it("carries the last id onto events that set none", () => {
    const { events } = parse("id: 9\ndata: a\n\ndata: b\n\n");
    expect(events.map((e) => e.id)).toEqual(["9", "9"]);
  });
});
