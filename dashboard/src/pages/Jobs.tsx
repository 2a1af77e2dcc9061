import { Button, Group, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { FormEvent, useState } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { api } from "../api/client";
import type { Job, Page } from "../api/types";
import { JobFilters, filtersFrom, filtersToParams } from "../components/JobFilters";
import { LoadError } from "../components/NotAvailable";
import { Pager, useCursorPages } from "../components/Pager";
import { JobTable } from "../components/JobTable";
import { useLive } from "../events/EventsProvider";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Jobs filtered by state, queue, type and priority; job events refresh the page in place. */
export default function Jobs() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const pages = useCursorPages(params.toString());
  const live = useLive();
  const jobs = useQuery({
    queryKey: ["jobs", filters, pages.cursor],
    queryFn: () => api<Page<Job>>("/v1/jobs", { query: { ...filters, cursor: pages.cursor, limit: 50 } }),
    placeholderData: keepPreviousData,
    // Without the event stream the list still moves, just less promptly.
    refetchInterval: live ? 15_000 : 3_000,
  });
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <Title order={2}>Jobs</Title>
        <JobSearch />
      </Group>
      <JobFilters value={filters} onChange={(next) => setParams(filtersToParams(next))} />
      {jobs.error ? (
        <LoadError error={jobs.error} what="jobs" />
      ) : !jobs.data ? (
        <Skeleton h={300} />
      ) : (
        <>
          <JobTable jobs={jobs.data.items} />
          <Pager page={pages.page} nextCursor={jobs.data.next_cursor} onNext={pages.next} onPrevious={pages.previous} />
        </>
      )}
    </Stack>
  );
}

function JobSearch() {
  const [id, setId] = useState("");
  const navigate = useNavigate();
  const valid = UUID.test(id.trim());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) navigate(`/jobs/${id.trim()}`);
  };
  return (
    <form onSubmit={submit}>
      <Group gap="xs" align="end">
        <TextInput
          placeholder="Job id"
          aria-label="Find a job by id"
          value={id}
          onChange={(e) => setId(e.currentTarget.value)}
          w={320}
          maw="60vw"
          error={id && !valid ? <Text size="xs">a job id is a UUID</Text> : undefined}
        />
        <Button type="submit" variant="default" disabled={!valid}>
          Open
        </Button>
      </Group>
    </form>
  );
}
