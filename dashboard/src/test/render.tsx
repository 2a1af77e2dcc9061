import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { ReactElement } from "react";
import { MemoryRouter } from "react-router-dom";
import { vi } from "vitest";

/** Renders a page as the app does: Mantine, a fresh query cache, a router at `path`. */
export function renderPage(ui: ReactElement, path = "/") {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * A fake server: `routes` maps "METHOD /path" (query string ignored) to a status and body; any
 * other request answers 404 with no problem code, as a server without that API does.
 */
export function fakeServer(routes: Record<string, { status?: number; body?: unknown } | (() => { status?: number; body?: unknown })>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? "GET";
    calls.push({
      method,
      url,
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    });
    const route = routes[`${method} ${url.split("?")[0]}`];
    const answer = typeof route === "function" ? route() : route;
    if (!answer) {
      return new Response(JSON.stringify({ status: 404, code: "not_found", title: "Not found" }), { status: 404 });
    }
    const status = answer.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(answer.body ?? {}), { status });
  });
  vi.stubGlobal("fetch", fetch);
  return { calls, fetch };
}
