import {
  Badge,
  Button,
  Group,
  JsonInput,
  List,
  Modal,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../api/client";
import { PRIORITIES, type Job, type Page, type Schedule } from "../api/types";
import { ActionError } from "../components/ActionError";
import { Confirm } from "../components/Confirm";
import { previewCron } from "../components/cronPreview";
import { formatTime } from "../components/format";
import { LoadError } from "../components/NotAvailable";
import { Pager, useCursorPages } from "../components/Pager";

/** Cron schedules: next fires in each schedule's own zone; create, edit, pause, resume, trigger, delete. */
export default function Schedules() {
  const client = useQueryClient();
  const pages = useCursorPages("");
  const [editing, setEditing] = useState<Schedule | "new">();
  const [deleting, setDeleting] = useState<Schedule>();
  const [triggered, setTriggered] = useState<Job>();
  const schedules = useQuery({
    queryKey: ["schedules", pages.cursor],
    queryFn: () => api<Page<Schedule>>("/v1/schedules", { query: { cursor: pages.cursor, limit: 50 }, collection: true }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const act = useMutation({
    mutationFn: ({ id, verb }: { id: string; verb: "pause" | "resume" | "trigger" | "delete" }) =>
      verb === "delete"
        ? api(`/v1/schedules/${id}`, { method: "DELETE" })
        : api<Schedule | Job>(`/v1/schedules/${id}/${verb}`, { method: "POST" }),
    onSuccess: (result, { verb }) => {
      if (verb === "trigger") setTriggered(result as Job);
    },
    onSettled: () => {
      setDeleting(undefined);
      void client.invalidateQueries({ queryKey: ["schedules"] });
    },
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Schedules</Title>
        <Button onClick={() => setEditing("new")}>New schedule</Button>
      </Group>
      {triggered && (
        <Text c="green" data-testid="action-done">
          Fired now: job <Link to={`/jobs/${triggered.id}`}>{triggered.id}</Link>
        </Text>
      )}
      <ActionError error={act.error} />
      {schedules.error ? (
        <LoadError error={schedules.error} what="schedules" />
      ) : !schedules.data ? (
        <Skeleton h={300} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={860}>
            <Table striped data-testid="schedule-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Cron</Table.Th>
                  <Table.Th>Next fires ({"schedule's zone"})</Table.Th>
                  <Table.Th>Last fired</Table.Th>
                  <Table.Th>Target</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {schedules.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={6}>
                      <Text c="dimmed" ta="center">
                        No schedule yet.
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {schedules.data.items.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Text fw={600}>{s.name}</Text>
                      {s.paused && (
                        <Badge color="yellow" variant="light">
                          paused
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text ff="monospace" size="sm">
                        {s.cron}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {s.time_zone}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {s.next_fire_times.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          {s.paused ? "none while paused" : "—"}
                        </Text>
                      ) : (
                        s.next_fire_times.slice(0, 3).map((t) => (
                          <Text key={t} size="xs">
                            {formatTime(t, s.time_zone)}
                          </Text>
                        ))
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{formatTime(s.last_fired_at, s.time_zone)}</Text>
                    </Table.Td>
                    <Table.Td maw={220}>
                      <Text size="xs" truncate>
                        {s.job.queue ?? "default"} → {s.job.target.url}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button size="xs" variant="default" onClick={() => setEditing(s)}>
                          Edit
                        </Button>
                        <Button
                          size="xs"
                          variant="light"
                          color={s.paused ? "green" : "yellow"}
                          onClick={() => act.mutate({ id: s.id, verb: s.paused ? "resume" : "pause" })}
                        >
                          {s.paused ? "Resume" : "Pause"}
                        </Button>
                        <Button size="xs" variant="light" onClick={() => act.mutate({ id: s.id, verb: "trigger" })}>
                          Trigger
                        </Button>
                        <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(s)}>
                          Delete
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager page={pages.page} nextCursor={schedules.data.next_cursor} onNext={pages.next} onPrevious={pages.previous} />
        </>
      )}
      {editing && <ScheduleEditor schedule={editing === "new" ? undefined : editing} onClose={() => setEditing(undefined)} />}
      <Confirm
        opened={deleting !== undefined}
        title="Delete schedule"
        confirmLabel="Delete"
        loading={act.isPending}
        onClose={() => setDeleting(undefined)}
        onConfirm={() => deleting && act.mutate({ id: deleting.id, verb: "delete" })}
      >
        Delete schedule {deleting?.name}? Jobs it already made are kept.
      </Confirm>
    </Stack>
  );
}

const ZONES: string[] = (() => {
  const supported = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
  return supported ? ["UTC", ...supported("timeZone").filter((z) => z !== "UTC")] : ["UTC"];
})();

export function ScheduleEditor({ schedule, onClose }: { schedule?: Schedule; onClose: () => void }) {
  const client = useQueryClient();
  const [name, setName] = useState(schedule?.name ?? "");
  const [cron, setCron] = useState(schedule?.cron ?? "*/15 * * * *");
  const [zone, setZone] = useState(schedule?.time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC");
  const [url, setUrl] = useState(schedule?.job.target.url ?? "");
  const [queue, setQueue] = useState(schedule?.job.queue ?? "");
  const [type, setType] = useState(schedule?.job.type ?? "");
  const [priority, setPriority] = useState<string | null>(schedule?.job.priority ?? "normal");
  const [payload, setPayload] = useState(schedule?.job.payload === undefined ? "{}" : JSON.stringify(schedule.job.payload, null, 2));
  const [misfire, setMisfire] = useState<string | null>(schedule?.misfire_policy ?? "fire_once");
  const [overlap, setOverlap] = useState<string | null>(schedule?.overlap_policy ?? "allow");
  const preview = useMemo(() => previewCron(cron, zone), [cron, zone]);

  const save = useMutation({
    mutationFn: () => {
      const job = {
        ...(schedule?.job ?? {}),
        target: { ...(schedule?.job.target ?? {}), url },
        queue: queue || undefined,
        type: type || undefined,
        priority: priority ?? undefined,
        payload: payload.trim() ? JSON.parse(payload) : undefined,
      };
      const body = { name, cron, time_zone: zone, job, misfire_policy: misfire, overlap_policy: overlap };
      return schedule
        ? api<Schedule>(`/v1/schedules/${schedule.id}`, { method: "PATCH", body })
        : api<Schedule>("/v1/schedules", { method: "POST", body });
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["schedules"] });
      onClose();
    },
  });

  return (
    <Modal opened onClose={onClose} title={schedule ? `Edit ${schedule.name}` : "New schedule"} size="lg" centered>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
          <Select label="Time zone" data={ZONES} value={zone} onChange={(z) => setZone(z ?? "UTC")} searchable allowDeselect={false} />
          <TextInput
            label="Cron"
            description="minute hour day-of-month month day-of-week, or @daily, @hourly…"
            value={cron}
            onChange={(e) => setCron(e.currentTarget.value)}
            ff="monospace"
            required
          />
          <div data-testid="cron-preview">
            <Text size="sm" fw={500}>
              Next fires in {zone}
            </Text>
            {"error" in preview ? (
              <Text size="xs" c="red">
                {preview.error}
              </Text>
            ) : (
              <List size="xs">
                {preview.times.map((t) => (
                  <List.Item key={t.toISOString()}>{formatTime(t.toISOString(), zone)}</List.Item>
                ))}
              </List>
            )}
          </div>
        </SimpleGrid>
        <TextInput label="Target URL" value={url} onChange={(e) => setUrl(e.currentTarget.value)} required />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="Queue" placeholder="default" value={queue} onChange={(e) => setQueue(e.currentTarget.value)} />
          <TextInput label="Type" value={type} onChange={(e) => setType(e.currentTarget.value)} />
          <Select label="Priority" data={[...PRIORITIES]} value={priority} onChange={setPriority} />
          <Select label="Misfire" data={["skip", "fire_once", "fire_all"]} value={misfire} onChange={setMisfire} />
          <Select label="Overlap" data={["allow", "skip"]} value={overlap} onChange={setOverlap} />
        </SimpleGrid>
        <JsonInput label="Payload" value={payload} onChange={setPayload} validationError="Not valid JSON" autosize minRows={3} formatOnBlur />
        <ActionError error={save.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!name || !url || "error" in preview}>
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
