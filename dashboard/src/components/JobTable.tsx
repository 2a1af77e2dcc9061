import { Checkbox, Table, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import type { Job } from "../api/types";
import { formatTime } from "./format";
import { StateBadge } from "./StateBadge";

interface Props {
  jobs: Job[];
  selected?: Set<string>;
  onSelect?: (id: string, checked: boolean) => void;
  onSelectAll?: (checked: boolean) => void;
}

/** Jobs as rows; each id links to its page. Selection checkboxes when the page asks for them. */
export function JobTable({ jobs, selected, onSelect, onSelectAll }: Props) {
  const selectable = selected !== undefined && onSelect !== undefined;
  const allSelected = selectable && jobs.length > 0 && jobs.every((j) => selected.has(j.id));
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover data-testid="job-table" style={{ whiteSpace: "nowrap" }}>
        <Table.Thead>
          <Table.Tr>
            {selectable && (
              <Table.Th w={36}>
                <Checkbox
                  aria-label="Select all"
                  checked={allSelected}
                  onChange={(e) => onSelectAll?.(e.currentTarget.checked)}
                />
              </Table.Th>
            )}
            <Table.Th>Id</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Queue</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Priority</Table.Th>
            <Table.Th>Attempt</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last error</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {jobs.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={selectable ? 9 : 8}>
                <Text c="dimmed" ta="center">
                  No jobs match.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {jobs.map((job) => (
            <Table.Tr key={job.id} data-job-id={job.id}>
              {selectable && (
                <Table.Td>
                  <Checkbox
                    aria-label={`Select ${job.id}`}
                    checked={selected.has(job.id)}
                    onChange={(e) => onSelect(job.id, e.currentTarget.checked)}
                  />
                </Table.Td>
              )}
              <Table.Td>
                <Text component={Link} to={`/jobs/${job.id}`} ff="monospace" size="sm" c="indigo">
                  {job.id.slice(0, 8)}…{job.id.slice(-4)}
                </Text>
              </Table.Td>
              <Table.Td>
                <StateBadge state={job.state} />
              </Table.Td>
              <Table.Td>{job.queue}</Table.Td>
              <Table.Td>{job.type ?? "—"}</Table.Td>
              <Table.Td>{job.priority}</Table.Td>
              <Table.Td>
                {job.attempt}/{job.max_attempts}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatTime(job.created_at)}</Text>
              </Table.Td>
              <Table.Td maw={260}>
                <Text size="sm" truncate c="red">
                  {job.last_error ?? ""}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
