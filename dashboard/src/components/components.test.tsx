import { MantineProvider } from "@mantine/core";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AttemptTimeline } from "../pages/JobDetail";
import { ConnectionIndicator } from "./ConnectionIndicator";
import { formatDuration, formatTime } from "./format";

const withMantine = (ui: React.ReactElement) => render(<MantineProvider>{ui}</MantineProvider>);

describe("ConnectionIndicator", () => {
  it.each([
    ["live", "Live"],
    ["quiet", "Connected · quiet"],
    ["lost", "Lost · reconnecting"],
    ["unavailable", "No live events"],
  ] as const)("tells %s apart from the other states", (state, label) => {
    withMantine(<ConnectionIndicator state={state} />);
    const badge = screen.getByTestId("connection");
    expect(badge).toHaveProperty("textContent", label);
    expect(badge.getAttribute("data-state")).toBe(state);
  });
});

describe("AttemptTimeline", () => {
  it("shows each attempt's outcome, HTTP status, duration and error", () => {
    withMantine(
      <AttemptTimeline
        attempts={[
          {
            attempt: 1,
            worker: "w-1",
            started_at: "2026-12-01T10:00:00Z",
            finished_at: "2026-12-01T10:00:01Z",
            outcome: "failed",
            http_status: 503,
            error: "HTTP 503 from target",
            duration_ms: 1200,
          },
          {
            attempt: 2,
            worker: "w-2",
            started_at: "2026-12-01T10:00:05Z",
            finished_at: "2026-12-01T10:00:05Z",
            outcome: "succeeded",
            http_status: 200,
            error: null,
            duration_ms: 40,
          },
        ]}
      />,
    );
    expect(screen.getByText("Attempt 1")).toBeTruthy();
    expect(screen.getByText("HTTP 503")).toBeTruthy();
    expect(screen.getByText("HTTP 503 from target")).toBeTruthy();
    expect(screen.getByText("succeeded")).toBeTruthy();
    expect(screen.getByText(/1\.2 s/)).toBeTruthy();
  });

  it("says so when there is no attempt yet", () => {
    withMantine(<AttemptTimeline attempts={[]} />);
    expect(screen.getByText("No attempt yet.")).toBeTruthy();
  });
});

describe("formatDuration", () => {
  it("reads as a person would say it", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(1234)).toBe("1.2 s");
    expect(formatDuration(90_000)).toBe("1 min 30 s");
    expect(formatDuration(null)).toBe("—");
  });
});

describe("formatTime", () => {
  it("shows a moment in a schedule's own zone with the zone's name", () => {
    const text = formatTime("2026-12-02T01:30:00Z", "Europe/Berlin");
    expect(text).toMatch(/02:30:00/);
    expect(text).toMatch(/GMT\+1|CET/);
  });
});
