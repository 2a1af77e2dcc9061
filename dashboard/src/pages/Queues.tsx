import { Badge, Button, Group, Modal, NumberInput, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../api/client";
import type { Queue } from "../api/types";
import { ActionError } from "../components/ActionError";
import { Confirm } from "../components/Confirm";
import { formatDuration } from "../components/format";
import { LoadError } from "../components/NotAvailable";
import { useLive } from "../events/EventsProvider";

const COUNTED = ["scheduled", "queued", "running", "retrying", "dead"] as const;

/** Queues: depth by state, pause and resume, concurrency and rate limits, purge with a confirmation. */
export default function Queues() {
  const live = useLive();
  const client = useQueryClient();
  const [purging, setPurging] = useState<string>();
  const [editing, setEditing] = useState<Queue>();
  const [done, setDone] = useState<string>();
  const queues = useQuery({
    queryKey: ["queues"],
    queryFn: () => api<{ items: Queue[] }>("/v1/queues", { collection: true }),
    refetchInterval: live ? 15_000 : 5_000,
  });
  const act = useMutation({
    mutationFn: ({ name, verb }: { name: string; verb: "pause" | "resume" | "purge" }) =>
      api<Queue | { cancelled: number }>(`/v1/queues/${encodeURIComponent(name)}/${verb}`, {
        method: "POST",
        body: verb === "purge" ? {} : undefined,
        collection: true,
      }),
    onSuccess: (result, { name, verb }) => {
      if (verb === "purge") setDone(`Cancelled ${(result as { cancelled: number }).cancelled} jobs of ${name}.`);
    },
    onSettled: () => {
      setPurging(undefined);
      void client.invalidateQueries({ queryKey: ["queues"] });
    },
  });

  return (
    <Stack>
      <Title order={2}>Queues</Title>
      {done && (
        <Text c="green" data-testid="action-done">
          {done}
        </Text>
      )}
      <ActionError error={act.error} />
      {queues.error ? (
        <LoadError error={queues.error} what="queues" />
      ) : !queues.data ? (
        <Skeleton h={300} />
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table striped data-testid="queue-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Queue</Table.Th>
                <Table.Th>Status</Table.Th>
                {COUNTED.map((s) => (
                  <Table.Th key={s} ta="right">
                    {s}
                  </Table.Th>
                ))}
                <Table.Th>Oldest queued</Table.Th>
                <Table.Th>Limits</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queues.data.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={10}>
                    <Text c="dimmed" ta="center">
                      No queue yet: a queue appears once a job names it.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {queues.data.items.map((q) => (
                <Table.Tr key={q.name} data-queue={q.name}>
                  <Table.Td>
                    <Link to={`/jobs?queue=${encodeURIComponent(q.name)}`}>{q.name}</Link>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={q.paused ? "yellow" : "green"} variant="light" data-testid="queue-status">
                      {q.paused ? "paused" : "active"}
                    </Badge>
                  </Table.Td>
                  {COUNTED.map((s) => (
                    <Table.Td key={s} ta="right">
                      {(q.counts?.[s] ?? 0).toLocaleString()}
                    </Table.Td>
                  ))}
                  <Table.Td>{formatDuration(q.oldest_queued_age_ms)}</Table.Td>
                  <Table.Td>
                    <Text size="xs">
                      {q.max_concurrency ? `≤ ${q.max_concurrency} running` : "no concurrency limit"}
                      <br />
                      {q.rate_limit ? `${q.rate_limit.per_second}/s (burst ${q.rate_limit.burst ?? "—"})` : "no rate limit"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="xs"
                        variant="light"
                        color={q.paused ? "green" : "yellow"}
                        onClick={() => act.mutate({ name: q.name, verb: q.paused ? "resume" : "pause" })}
                      >
                        {q.paused ? "Resume" : "Pause"}
                      </Button>
                      <Button size="xs" variant="default" onClick={() => setEditing(q)}>
                        Limits
                      </Button>
                      <Button size="xs" variant="light" color="red" onClick={() => setPurging(q.name)}>
                        Purge
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Confirm
        opened={purging !== undefined}
        title={`Purge ${purging}`}
        confirmLabel="Purge"
        loading={act.isPending}
        onClose={() => setPurging(undefined)}
        onConfirm={() => purging && act.mutate({ name: purging, verb: "purge" })}
      >
        Cancel every scheduled, queued and retrying job of queue {purging}? Running jobs finish. Cancelled
        jobs can be retried one by one from their own page.
      </Confirm>
      {editing && <LimitsEditor queue={editing} onClose={() => setEditing(undefined)} />}
    </Stack>
  );
}

function LimitsEditor({ queue, onClose }: { queue: Queue; onClose: () => void }) {
  const client = useQueryClient();
  const [concurrency, setConcurrency] = useState<number | string>(queue.max_concurrency ?? "");
  const [perSecond, setPerSecond] = useState<number | string>(queue.rate_limit?.per_second ?? "");
  const [burst, setBurst] = useState<number | string>(queue.rate_limit?.burst ?? "");
  const save = useMutation({
    mutationFn: () =>
      api<Queue>(`/v1/queues/${encodeURIComponent(queue.name)}`, {
        method: "PATCH",
        body: {
          // null removes a limit (DESIGN §3.2).
          max_concurrency: concurrency === "" ? null : Number(concurrency),
          rate_limit:
            perSecond === ""
              ? null
              : { per_second: Number(perSecond), ...(burst === "" ? {} : { burst: Number(burst) }) },
        },
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["queues"] });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Limits of ${queue.name}`} centered>
      <Stack>
        <NumberInput label="Max concurrency" description="empty: no limit" min={1} value={concurrency} onChange={setConcurrency} />
        <NumberInput label="Rate limit per second" description="empty: no limit" min={0} decimalScale={3} value={perSecond} onChange={setPerSecond} />
        <NumberInput label="Burst" min={1} value={burst} onChange={setBurst} disabled={perSecond === ""} />
        <ActionError error={save.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
