import { Badge } from "@mantine/core";

const COLORS: Record<string, string> = {
  scheduled: "grape",
  queued: "blue",
  running: "cyan",
  succeeded: "green",
  retrying: "orange",
  dead: "red",
  cancelled: "gray",
};

export function StateBadge({ state }: { state: string }) {
  return (
    <Badge color={COLORS[state] ?? "gray"} variant="light" data-testid="job-state">
      {state}
    </Badge>
  );
}
