import { Alert, Badge, Button, Code, CopyButton, Group, Modal, Select, Skeleton, Stack, Table, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../api/client";
import type { ApiKey, CreatedKey } from "../api/types";
import { ActionError } from "../components/ActionError";
import { Confirm } from "../components/Confirm";
import { formatTime } from "../components/format";
import { LoadError } from "../components/NotAvailable";

const ROLES = ["admin", "member", "read_only"];

/** The tenant's own API keys (admin role): create one, shown once; revoke. */
export default function Keys() {
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey>();
  const [revoking, setRevoking] = useState<ApiKey>();
  const keys = useQuery({
    queryKey: ["keys"],
    queryFn: () => api<{ items: ApiKey[] }>("/v1/keys", { collection: true }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/v1/keys/${id}`, { method: "DELETE" }),
    onSettled: () => {
      setRevoking(undefined);
      void client.invalidateQueries({ queryKey: ["keys"] });
    },
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>API keys</Title>
        <Button onClick={() => setCreating(true)} disabled={!keys.data}>
          New key
        </Button>
      </Group>
      {created && (
        <Alert color="green" title="Copy the new key now: it is shown once and never again" withCloseButton onClose={() => setCreated(undefined)}>
          <Group gap="xs" wrap="nowrap">
            <Code data-testid="new-key" style={{ wordBreak: "break-all" }}>
              {created.key}
            </Code>
            <CopyButton value={created.key}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? "Copied" : "Copy"}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <ActionError error={revoke.error} />
      {keys.error ? (
        <LoadError error={keys.error} what="API keys" />
      ) : !keys.data ? (
        <Skeleton h={200} />
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Prefix</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.items.map((k) => (
                <Table.Tr key={k.id}>
                  <Table.Td>{k.name}</Table.Td>
                  <Table.Td>
                    <Code>{k.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light">{k.role}</Badge>
                  </Table.Td>
                  <Table.Td>{formatTime(k.created_at)}</Table.Td>
                  <Table.Td>{formatTime(k.last_used_at)}</Table.Td>
                  <Table.Td>{k.expires_at ? formatTime(k.expires_at) : "never"}</Table.Td>
                  <Table.Td>
                    {k.revoked_at ? (
                      <Badge color="gray" variant="outline">
                        revoked {formatTime(k.revoked_at)}
                      </Badge>
                    ) : (
                      <Button size="xs" color="red" variant="light" onClick={() => setRevoking(k)}>
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {creating && (
        <CreateKey
          onClose={() => setCreating(false)}
          onCreated={(key) => {
            setCreated(key);
            setCreating(false);
            void client.invalidateQueries({ queryKey: ["keys"] });
          }}
        />
      )}
      <Confirm
        opened={revoking !== undefined}
        title="Revoke key"
        confirmLabel="Revoke"
        loading={revoke.isPending}
        onClose={() => setRevoking(undefined)}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
      >
        Revoke {revoking?.name} ({revoking?.prefix}…)? Every request with it is refused within a second,
        on every replica. If it is the key you signed in with, you will be signed out.
      </Confirm>
    </Stack>
  );
}

function CreateKey({ onClose, onCreated }: { onClose: () => void; onCreated: (key: CreatedKey) => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<string | null>("member");
  const [expires, setExpires] = useState("");
  const create = useMutation({
    mutationFn: () =>
      api<CreatedKey>("/v1/keys", {
        method: "POST",
        body: { name, role, ...(expires ? { expires_at: new Date(expires).toISOString() } : {}) },
      }),
    onSuccess: onCreated,
  });
  return (
    <Modal opened onClose={onClose} title="New API key" centered>
      <Stack>
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        <Select label="Role" data={ROLES} value={role} onChange={setRole} allowDeselect={false} />
        <TextInput label="Expires (optional)" type="datetime-local" value={expires} onChange={(e) => setExpires(e.currentTarget.value)} />
        <ActionError error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => create.mutate()} loading={create.isPending} disabled={!name.trim()}>
            Create
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
