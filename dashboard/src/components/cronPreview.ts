import { CronExpressionParser } from "cron-parser";

export type CronPreview = { times: Date[] } | { error: string };

/**
 * The next fire times of a cron expression in a zone, computed in the browser while the person
 * types. The server is the authority (its CronSchedule also skips the repeated hour when clocks go
 * back); after saving, the page shows the server's own next_fire_times.
 */
export function previewCron(cron: string, timeZone: string, count = 5, from = new Date()): CronPreview {
  if (!cron.trim()) return { error: "Enter a cron expression." };
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
  } catch {
    return { error: `Unknown time zone ${timeZone}.` };
  }
  try {
    const interval = CronExpressionParser.parse(cron.trim(), { tz: timeZone, currentDate: from });
    return { times: interval.take(count).map((d) => d.toDate()) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
