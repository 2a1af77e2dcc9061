import { Card, Group, Progress, SimpleGrid, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { JOB_STATES, PRIORITIES, type Stats } from "../api/types";
import { formatDuration, sum } from "../components/format";
import { LoadError } from "../components/NotAvailable";
import { StateBadge } from "../components/StateBadge";
import { ThroughputChart } from "../components/ThroughputChart";
import { useLive } from "../events/EventsProvider";

/** Live overview: /v1/stats once, then every `event: stats` (every 5 s) replaces it in the cache. */
export default function Overview() {
  const live = useLive();
  const stats = useQuery({
    queryKey: ["stats"],
    queryFn: () => api<Stats>("/v1/stats", { collection: true }),
    refetchInterval: live ? false : 5_000,
  });
  return (
    <Stack>
      <Title order={2}>Overview</Title>
      {stats.error ? (
        <LoadError error={stats.error} what="stats" />
      ) : !stats.data ? (
        <Skeleton h={300} />
      ) : (
        <OverviewBody stats={stats.data} />
      )}
    </Stack>
  );
}

function OverviewBody({ stats }: { stats: Stats }) {
  const byState = stats.jobs?.by_state ?? {};
  const byPriority = stats.jobs?.by_priority ?? {};
  const total = sum(Object.values(byState));
  const waiting = sum([byState.scheduled, byState.queued, byState.retrying]);
  return (
    <>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure label="Waiting" value={waiting} hint="scheduled, queued and retrying" />
        <Figure label="Running" value={byState.running ?? 0} />
        <Figure label="Dead" value={byState.dead ?? 0} hint="in the dead-letter queue" />
        <Figure label="Queues" value={stats.queues ?? 0} />
        <Figure
          label="Outbox backlog"
          value={stats.outbox?.pending ?? 0}
          hint={`oldest ${formatDuration(stats.outbox?.oldest_age_ms ?? null)}`}
        />
        <Figure label="Live workers" value={stats.workers?.live ?? 0} />
        <Card withBorder padding="sm" data-testid="leader">
          <Text size="xs" c="dimmed">
            Scheduler leader
          </Text>
          <Text fw={600} truncate>
            {stats.scheduler?.leader ?? "none"}
          </Text>
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Text fw={600} mb="xs">
          Throughput per minute, last {stats.throughput?.succeeded?.length ?? 0} minutes
        </Text>
        <ThroughputChart
          series={[
            { label: "succeeded", color: "green", values: stats.throughput?.succeeded ?? [] },
            { label: "dead", color: "red", values: stats.throughput?.dead ?? [] },
          ]}
        />
      </Card>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder>
          <Text fw={600} mb="xs">
            Jobs by state
          </Text>
          <Table data-testid="depth-by-state">
            <Table.Tbody>
              {JOB_STATES.map((state) => (
                <Table.Tr key={state}>
                  <Table.Td w={130}>
                    <StateBadge state={state} />
                  </Table.Td>
                  <Table.Td>
                    <Progress value={total ? ((byState[state] ?? 0) / total) * 100 : 0} />
                  </Table.Td>
                  <Table.Td ta="right" w={90}>
                    {(byState[state] ?? 0).toLocaleString()}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder>
          <Text fw={600} mb="xs">
            Jobs by priority
          </Text>
          <Table>
            <Table.Tbody>
              {PRIORITIES.map((priority) => (
                <Table.Tr key={priority}>
                  <Table.Td w={110}>{priority}</Table.Td>
                  <Table.Td>
                    <Progress color="grape" value={total ? ((byPriority[priority] ?? 0) / total) * 100 : 0} />
                  </Table.Td>
                  <Table.Td ta="right" w={90}>
                    {(byPriority[priority] ?? 0).toLocaleString()}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      </SimpleGrid>
    </>
  );
}

function Figure({ label, value, hint }: { label: string; value: number; hint?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Group gap={6} align="baseline">
        <Text fw={700} size="xl">
          {value.toLocaleString()}
        </Text>
        {hint && (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        )}
      </Group>
    </Card>
  );
}
