/** A moment as the viewer's local time, or in the given IANA zone. */
export function formatTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return "—";
  const date = new Date(iso);
  // dateStyle/timeStyle cannot be combined with timeZoneName (a RangeError), so the zone's
  // times spell out their fields.
  const options: Intl.DateTimeFormatOptions = timeZone
    ? {
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        timeZone,
        timeZoneName: "short",
      }
    : { dateStyle: "medium", timeStyle: "medium" };
  return new Intl.DateTimeFormat(undefined, options).format(date);
}

/** 1234 ms → "1.2 s"; 90 000 → "1 min 30 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  if (minutes < 60) return `${minutes} min ${seconds} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function sum(values: (number | undefined)[]): number {
  return values.reduce<number>((total, v) => total + (v ?? 0), 0);
}
