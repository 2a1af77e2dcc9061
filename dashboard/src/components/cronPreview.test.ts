import { describe, expect, it } from "vitest";
import { previewCron } from "./cronPreview";

describe("previewCron", () => {
  it("lists the next fire times in the schedule's zone", () => {
    const preview = previewCron("30 2 * * *", "Europe/Berlin", 2, new Date("2026-12-01T12:00:00Z"));
    expect(preview).toEqual({ times: [new Date("2026-12-02T01:30:00Z"), new Date("2026-12-03T01:30:00Z")] });
  });

  it("explains a bad expression or zone instead of throwing", () => {
    expect(previewCron("61 * * * *", "UTC")).toHaveProperty("error");
    expect(previewCron("* * * * *", "Mars/Olympus")).toEqual({ error: "Unknown time zone Mars/Olympus." });
    expect(previewCron("  ", "UTC")).toEqual({ error: "Enter a cron expression." });
  });
});
