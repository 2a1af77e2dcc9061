import { Alert, Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Table, Text, Timeline, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { api } from "../api/client";
import type { Attempt, Callback, Job } from "../api/types";
import { ActionError } from "../components/ActionError";
import { formatDuration, formatTime } from "../components/format";
import { Json } from "../components/Json";
import { LoadError } from "../components/NotAvailable";
import { StateBadge } from "../components/StateBadge";
import { useLive } from "../events/EventsProvider";

const ACTIVE = new Set(["scheduled", "queued", "running", "retrying"]);

/** One job: what it sends where, its attempts, its callbacks; cancel while active, retry once ended badly. */
export default function JobDetail() {
  const { id = "" } = useParams();
  const live = useLive();
  const client = useQueryClient();
  const job = useQuery({
    queryKey: ["job", id],
    queryFn: () => api<Job>(`/v1/jobs/${encodeURIComponent(id)}`),
    refetchInterval: (q) => (live || !ACTIVE.has(q.state.data?.state ?? "") ? false : 3_000),
  });
  const attempts = useQuery({
    queryKey: ["job", id, "attempts", job.data?.attempt, job.data?.state],
    queryFn: () => api<{ items: Attempt[] }>(`/v1/jobs/${encodeURIComponent(id)}/attempts`),
    enabled: job.isSuccess,
  });
  const callbacks = useQuery({
    queryKey: ["job", id, "callbacks", job.data?.state],
    queryFn: () => api<{ items: Callback[] }>(`/v1/jobs/${encodeURIComponent(id)}/callbacks`),
    enabled: job.isSuccess,
  });
  const action = useMutation({
    mutationFn: (verb: "cancel" | "retry") =>
      api<Job>(`/v1/jobs/${encodeURIComponent(id)}/${verb}`, { method: "POST" }),
    onSuccess: (updated) => {
      client.setQueryData(["job", id], updated);
      void client.invalidateQueries({ queryKey: ["job", id] });
      void client.invalidateQueries({ queryKey: ["jobs"] });
      void client.invalidateQueries({ queryKey: ["dlq"] });
    },
  });

  if (job.error) return <LoadError error={job.error} what="this job" />;
  if (!job.data) return <Skeleton h={400} />;
  const j = job.data;
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Title order={2}>Job</Title>
          <Text ff="monospace" size="sm" data-testid="job-id">
            {j.id}
          </Text>
          <StateBadge state={j.state} />
        </Group>
        <Group gap="xs">
          <Button
            color="orange"
            variant="light"
            disabled={!ACTIVE.has(j.state)}
            loading={action.isPending && action.variables === "cancel"}
            onClick={() => action.mutate("cancel")}
          >
            Cancel
          </Button>
          <Button
            disabled={j.state !== "dead" && j.state !== "cancelled"}
            loading={action.isPending && action.variables === "retry"}
            onClick={() => action.mutate("retry")}
          >
            Retry
          </Button>
        </Group>
      </Group>
      <ActionError error={action.error} />
      {j.last_error && (
        <Alert color="red" title="Last error">
          {j.last_error}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Table variant="vertical" layout="fixed">
            <Table.Tbody>
              <Row label="Queue" value={<Link to={`/jobs?queue=${encodeURIComponent(j.queue)}`}>{j.queue}</Link>} />
              <Row label="Type" value={j.type ?? "—"} />
              <Row label="Priority" value={j.priority} />
              <Row label="Attempt" value={`${j.attempt} of ${j.max_attempts}`} />
              <Row label="Created" value={formatTime(j.created_at)} />
              <Row label="Run at" value={formatTime(j.run_at)} />
              <Row label="Started" value={formatTime(j.started_at)} />
              <Row label="Finished" value={formatTime(j.finished_at)} />
              <Row label="Idempotency key" value={j.idempotency_key ?? "—"} />
              {j.schedule_id && <Row label="Schedule" value={<Link to="/schedules">{j.schedule_id}</Link>} />}
              {j.result && (
                <Row
                  label="Result"
                  value={`HTTP ${j.result.status ?? "—"} in ${formatDuration(j.result.duration_ms)}`}
                />
              )}
            </Table.Tbody>
          </Table>
          {j.labels && Object.keys(j.labels).length > 0 && (
            <Group gap={4} mt="sm">
              {Object.entries(j.labels).map(([k, v]) => (
                <Badge key={k} variant="outline" tt="none">
                  {k}={v}
                </Badge>
              ))}
            </Group>
          )}
        </Card>
        <Card withBorder>
          <Text fw={600}>Target</Text>
          <Text ff="monospace" size="sm" mb="xs" style={{ wordBreak: "break-all" }}>
            {j.target.method ?? "POST"} {j.target.url}
          </Text>
          {j.target.headers && Object.keys(j.target.headers).length > 0 && <Json value={j.target.headers} />}
          <Text fw={600} mt="sm">
            Payload
          </Text>
          <Json value={j.payload} />
          {j.result?.body && (
            <>
              <Text fw={600} mt="sm">
                Response body (first 4 KiB)
              </Text>
              <Json value={parsedOrText(j.result.body)} />
            </>
          )}
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Text fw={600} mb="sm">
          Attempts
        </Text>
        {attempts.error ? (
          <LoadError error={attempts.error} what="attempts" />
        ) : (
          <AttemptTimeline attempts={attempts.data?.items ?? []} />
        )}
      </Card>
      <Card withBorder>
        <Text fw={600} mb="sm">
          Callbacks
        </Text>
        {callbacks.error ? (
          <LoadError error={callbacks.error} what="callbacks" />
        ) : (callbacks.data?.items ?? []).length === 0 ? (
          <Text c="dimmed" size="sm">
            No callback{j.state && ACTIVE.has(j.state) ? " yet" : ""}.
          </Text>
        ) : (
          callbacks.data!.items.map((c) => (
            <Stack key={c.id} gap={4} mb="sm">
              <Group gap="xs">
                <Badge variant="light">{c.state}</Badge>
                <Text size="sm" ff="monospace" style={{ wordBreak: "break-all" }}>
                  {c.url}
                </Text>
                {c.next_attempt_at && <Text size="xs">next try {formatTime(c.next_attempt_at)}</Text>}
              </Group>
              {c.deliveries.map((d) => (
                <Text key={d.delivery} size="xs" c="dimmed">
                  #{d.delivery} {formatTime(d.started_at)} → {d.http_status ? `HTTP ${d.http_status}` : d.error} (
                  {formatDuration(d.duration_ms)})
                </Text>
              ))}
            </Stack>
          ))
        )}
      </Card>
    </Stack>
  );
}

/** A response body that is JSON shows as JSON; anything else as its text. */
function parsedOrText(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function Row({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={140}>{label}</Table.Th>
      <Table.Td style={{ wordBreak: "break-all" }}>{value}</Table.Td>
    </Table.Tr>
  );
}

const OUTCOME_COLORS: Record<string, string> = { succeeded: "green", failed: "red", running: "cyan" };

export function AttemptTimeline({ attempts }: { attempts: Attempt[] }) {
  if (attempts.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        No attempt yet.
      </Text>
    );
  }
  return (
    <Timeline active={attempts.length - 1} bulletSize={18} lineWidth={2} data-testid="attempts">
      {attempts.map((a) => (
        <Timeline.Item
          key={a.attempt}
          color={OUTCOME_COLORS[a.outcome] ?? "orange"}
          title={
            <Group gap="xs">
              <Text fw={600}>Attempt {a.attempt}</Text>
              <Badge size="sm" color={OUTCOME_COLORS[a.outcome] ?? "orange"} variant="light">
                {a.outcome}
              </Badge>
              {a.http_status !== null && <Badge size="sm" variant="outline">HTTP {a.http_status}</Badge>}
            </Group>
          }
        >
          <Text size="xs" c="dimmed">
            {formatTime(a.started_at)} · {formatDuration(a.duration_ms)}
            {a.worker ? ` · ${a.worker}` : ""}
          </Text>
          {a.error && (
            <Text size="sm" c="red">
              {a.error}
            </Text>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
