import { Group, Select, TextInput } from "@mantine/core";
import { JOB_STATES, PRIORITIES } from "../api/types";

export interface Filters {
  state?: string;
  queue?: string;
  type?: string;
  priority?: string;
}

/** State, queue, type and priority filters; `withState` is off for the dead-letter queue. */
export function JobFilters({
  value,
  onChange,
  withState = true,
}: {
  value: Filters;
  onChange: (next: Filters) => void;
  withState?: boolean;
}) {
  return (
    <Group gap="xs" align="end">
      {withState && (
        <Select
          label="State"
          placeholder="any"
          data={[...JOB_STATES]}
          value={value.state ?? null}
          onChange={(state) => onChange({ ...value, state: state ?? undefined })}
          clearable
          w={140}
        />
      )}
      <TextInput
        label="Queue"
        placeholder="any"
        defaultValue={value.queue ?? ""}
        onBlur={(e) => onChange({ ...value, queue: e.currentTarget.value.trim() || undefined })}
        onKeyDown={(e) => {
          if (e.key === "Enter") onChange({ ...value, queue: e.currentTarget.value.trim() || undefined });
        }}
        w={150}
      />
      <TextInput
        label="Type"
        placeholder="any"
        defaultValue={value.type ?? ""}
        onBlur={(e) => onChange({ ...value, type: e.currentTarget.value.trim() || undefined })}
        onKeyDown={(e) => {
          if (e.key === "Enter") onChange({ ...value, type: e.currentTarget.value.trim() || undefined });
        }}
        w={150}
      />
      <Select
        label="Priority"
        placeholder="any"
        data={[...PRIORITIES]}
        value={value.priority ?? null}
        onChange={(priority) => onChange({ ...value, priority: priority ?? undefined })}
        clearable
        w={120}
      />
    </Group>
  );
}

export function filtersFrom(params: URLSearchParams): Filters {
  const pick = (name: string) => params.get(name) || undefined;
  return { state: pick("state"), queue: pick("queue"), type: pick("type"), priority: pick("priority") };
}

export function filtersToParams(filters: Filters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Record<string, string>;
}
