import { Alert, Button, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import { api } from "../api/client";
import type { Job, Page } from "../api/types";
import { ActionError } from "../components/ActionError";
import { Confirm } from "../components/Confirm";
import { JobFilters, filtersFrom, filtersToParams } from "../components/JobFilters";
import { JobTable } from "../components/JobTable";
import { LoadError } from "../components/NotAvailable";
import { Pager, useCursorPages } from "../components/Pager";
import { useLive } from "../events/EventsProvider";

/** The dead-letter queue: filter, select, retry or discard the selection, or retry all that match. */
export default function DeadLetters() {
  const [params, setParams] = useSearchParams();
  const { queue, type, priority } = filtersFrom(params);
  const filters = { queue, type, priority };
  const pages = useCursorPages(params.toString());
  const live = useLive();
  const client = useQueryClient();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState<"discard" | "retry-all" | null>(null);
  const [done, setDone] = useState<string>();

  const dlq = useQuery({
    queryKey: ["dlq", filters, pages.cursor],
    queryFn: () => api<Page<Job>>("/v1/dlq", { query: { ...filters, cursor: pages.cursor, limit: 50 } }),
    placeholderData: keepPreviousData,
    refetchInterval: live ? 15_000 : 5_000,
  });

  const refresh = () => {
    setSelected(new Set());
    setConfirming(null);
    void client.invalidateQueries({ queryKey: ["dlq"] });
    void client.invalidateQueries({ queryKey: ["jobs"] });
  };
  const each = useMutation({
    mutationFn: async (verb: "retry" | "discard") => {
      const ids = [...selected];
      const results = await Promise.allSettled(
        ids.map((id) =>
          verb === "retry"
            ? api(`/v1/dlq/${id}/retry`, { method: "POST" })
            : api(`/v1/dlq/${id}`, { method: "DELETE" }),
        ),
      );
      const failed = results.filter((r) => r.status === "rejected");
      if (failed.length) throw (failed[0] as PromiseRejectedResult).reason;
      return `${verb === "retry" ? "Retried" : "Discarded"} ${ids.length} job${ids.length === 1 ? "" : "s"}.`;
    },
    onSuccess: setDone,
    onSettled: refresh,
  });
  const retryAll = useMutation({
    mutationFn: () =>
      api<{ retried: number }>("/v1/dlq/retry", {
        method: "POST",
        body: Object.fromEntries(Object.entries(filters).filter(([, v]) => v)),
      }),
    onSuccess: (r) => setDone(`Retried ${r.retried} job${r.retried === 1 ? "" : "s"}.`),
    onSettled: refresh,
  });

  const items = dlq.data?.items ?? [];
  const matching = Object.values(filters).some(Boolean) ? "matching the filter" : "in the dead-letter queue";
  return (
    <Stack>
      <Title order={2}>Dead letters</Title>
      <JobFilters
        value={filters}
        withState={false}
        onChange={(next) => {
          setSelected(new Set());
          setParams(filtersToParams(next));
        }}
      />
      <Group gap="xs">
        <Button disabled={selected.size === 0} loading={each.isPending && each.variables === "retry"} onClick={() => each.mutate("retry")}>
          Retry selected ({selected.size})
        </Button>
        <Button color="red" variant="light" disabled={selected.size === 0} onClick={() => setConfirming("discard")}>
          Discard selected
        </Button>
        <Button variant="default" disabled={items.length === 0} onClick={() => setConfirming("retry-all")}>
          Retry all {matching}
        </Button>
      </Group>
      {done && (
        <Alert color="green" withCloseButton onClose={() => setDone(undefined)} data-testid="action-done">
          {done}
        </Alert>
      )}
      <ActionError error={each.error ?? retryAll.error} />
      {dlq.error ? (
        <LoadError error={dlq.error} what="the dead-letter queue" />
      ) : !dlq.data ? (
        <Skeleton h={300} />
      ) : (
        <>
          <JobTable
            jobs={items}
            selected={selected}
            onSelect={(id, checked) =>
              setSelected((s) => {
                const next = new Set(s);
                if (checked) next.add(id);
                else next.delete(id);
                return next;
              })
            }
            onSelectAll={(checked) => setSelected(checked ? new Set(items.map((j) => j.id)) : new Set())}
          />
          <Pager page={pages.page} nextCursor={dlq.data.next_cursor} onNext={pages.next} onPrevious={pages.previous} />
        </>
      )}
      <Confirm
        opened={confirming === "discard"}
        title="Discard dead letters"
        confirmLabel={`Discard ${selected.size}`}
        loading={each.isPending}
        onClose={() => setConfirming(null)}
        onConfirm={() => each.mutate("discard")}
      >
        Discard {selected.size} job{selected.size === 1 ? "" : "s"} from the dead-letter queue? They stay
        visible as dead jobs, and can still be retried from their own page.
      </Confirm>
      <Confirm
        opened={confirming === "retry-all"}
        title="Retry dead letters"
        confirmLabel="Retry all"
        loading={retryAll.isPending}
        onClose={() => setConfirming(null)}
        onConfirm={() => retryAll.mutate()}
      >
        Queue every job {matching} again, with a fresh attempt budget? <Text span fw={600}>This is not limited to this page.</Text>
      </Confirm>
    </Stack>
  );
}
