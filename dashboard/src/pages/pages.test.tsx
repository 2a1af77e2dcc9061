import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeServer, renderPage } from "../test/render";
import { storeKey } from "../api/session";
import { App } from "../App";
import DeadLetters from "./DeadLetters";
import Queues from "./Queues";
import Overview from "./Overview";

const job = (id: string, state = "dead") => ({
  id,
  queue: "billing",
  type: "charge_card",
  priority: "normal",
  state,
  attempt: 1,
  max_attempts: 3,
  created_at: "2026-12-01T10:00:00Z",
  target: { url: "https://example.test/hook" },
  payload: {},
  last_error: "HTTP 400",
});

const queue = (name: string, paused = false) => ({
  name,
  paused,
  max_concurrency: null,
  rate_limit: null,
  counts: { queued: 3, running: 1 },
  oldest_queued_age_ms: 1500,
});

beforeEach(() => {
  sessionStorage.clear();
  storeKey("fm_test_key");
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("sign-in", () => {
  it("keeps a key that the API accepts in session storage and sends it only as a header", async () => {
    sessionStorage.clear();
    const server = fakeServer({
      "GET /v1/jobs": { body: { items: [], next_cursor: null } },
      "GET /v1/stats": { status: 404, body: { code: "not_found" } },
    });
    renderPage(<App />);
    await userEvent.type(screen.getByLabelText(/API key/), "fm_good");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await screen.findByRole("heading", { name: "Overview" });
    expect(sessionStorage.getItem("foreman.apiKey")).toBe("fm_good");
    expect(localStorage.getItem("foreman.apiKey")).toBeNull();
    for (const call of server.calls) {
      expect(call.url).not.toContain("fm_good");
    }
    expect(server.calls[0].headers.Authorization).toBe("Bearer fm_good");
  });

  it("refuses a key the API rejects and keeps nothing", async () => {
    sessionStorage.clear();
    fakeServer({ "GET /v1/jobs": { status: 401, body: { code: "unauthorized" } } });
    renderPage(<App />);
    await userEvent.type(screen.getByLabelText(/API key/), "fm_bad");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByTestId("sign-in-error")).textContent).toContain("unknown, revoked or expired");
    expect(sessionStorage.getItem("foreman.apiKey")).toBeNull();
  });
});

describe("a server without an API", () => {
  it("shows the page as not available instead of failing", async () => {
    fakeServer({});
    renderPage(<Overview />);
    expect((await screen.findByTestId("not-available")).textContent).toContain("no stats API");
  });
});

describe("Dead letters", () => {
  it("retries exactly the selected jobs", async () => {
    const server = fakeServer({
      "GET /v1/dlq": { body: { items: [job("a0000000-0000-7000-8000-000000000001"), job("a0000000-0000-7000-8000-000000000002")], next_cursor: null } },
      "POST /v1/dlq/a0000000-0000-7000-8000-000000000002/retry": { status: 202, body: job("a0000000-0000-7000-8000-000000000002", "queued") },
    });
    renderPage(<DeadLetters />, "/dead-letters");
    await userEvent.click(await screen.findByLabelText("Select a0000000-0000-7000-8000-000000000002"));
    await userEvent.click(screen.getByRole("button", { name: "Retry selected (1)" }));
    expect((await screen.findByTestId("action-done")).textContent).toBe("Retried 1 job.");
    const retries = server.calls.filter((c) => c.method === "POST");
    expect(retries.map((c) => c.url)).toEqual(["/v1/dlq/a0000000-0000-7000-8000-000000000002/retry"]);
  });

  it("retries everything matching the filter only after a confirmation", async () => {
    const server = fakeServer({
      "GET /v1/dlq": { body: { items: [job("a0000000-0000-7000-8000-000000000001")], next_cursor: null } },
      "POST /v1/dlq/retry": { body: { retried: 4 } },
    });
    renderPage(<DeadLetters />, "/dead-letters?queue=billing");
    await userEvent.click(await screen.findByRole("button", { name: "Retry all matching the filter" }));
    expect(server.calls.some((c) => c.method === "POST")).toBe(false);
    await userEvent.click(await screen.findByTestId("confirm"));
    expect((await screen.findByTestId("action-done")).textContent).toBe("Retried 4 jobs.");
    expect(server.calls.find((c) => c.method === "POST")?.body).toEqual({ queue: "billing" });
  });
});

describe("Queues", () => {
  it("pauses a queue", async () => {
    const server = fakeServer({
      "GET /v1/queues": { body: { items: [queue("emails")] } },
      "POST /v1/queues/emails/pause": { body: queue("emails", true) },
    });
    renderPage(<Queues />, "/queues");
    await userEvent.click(await screen.findByRole("button", { name: "Pause" }));
    await waitFor(() => expect(server.calls.some((c) => c.method === "POST" && c.url === "/v1/queues/emails/pause")).toBe(true));
  });

  it("purges only after the confirmation", async () => {
    const server = fakeServer({
      "GET /v1/queues": { body: { items: [queue("emails")] } },
      "POST /v1/queues/emails/purge": { body: { cancelled: 3 } },
    });
    renderPage(<Queues />, "/queues");
    fireEvent.click(await screen.findByRole("button", { name: "Purge" }));
    expect(server.calls.some((c) => c.url.endsWith("/purge"))).toBe(false);
    fireEvent.click(await screen.findByTestId("confirm"));
    expect((await screen.findByTestId("action-done")).textContent).toBe("Cancelled 3 jobs of emails.");
  });

  it("says so when the server has no queue API", async () => {
    fakeServer({});
    renderPage(<Queues />, "/queues");
    expect((await screen.findByTestId("not-available")).textContent).toContain("no queues API");
  });
});
