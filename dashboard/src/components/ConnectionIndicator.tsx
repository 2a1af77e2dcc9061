import { Badge, Tooltip } from "@mantine/core";
import type { ConnectionState } from "../events/eventStream";

const LOOKS: Record<ConnectionState, { color: string; label: string; help: string }> = {
  live: { color: "green", label: "Live", help: "Connected; job changes are arriving." },
  quiet: {
    color: "teal",
    label: "Connected · quiet",
    help: "Connected: heartbeats arrive, but no job changed lately. The system is idle, not disconnected.",
  },
  connecting: { color: "gray", label: "Connecting", help: "Opening the event stream." },
  lost: {
    color: "red",
    label: "Lost · reconnecting",
    help: "The event stream dropped or went silent. Reconnecting with back-off; missed events are replayed.",
  },
  unavailable: {
    color: "yellow",
    label: "No live events",
    help: "This server has no /v1/events; pages refresh every few seconds instead.",
  },
  unauthorized: { color: "red", label: "Key refused", help: "The API key was refused; sign in again." },
};

export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  const look = LOOKS[state];
  return (
    <Tooltip label={look.help} multiline w={260}>
      <Badge color={look.color} variant="dot" size="lg" data-testid="connection" data-state={state}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}
