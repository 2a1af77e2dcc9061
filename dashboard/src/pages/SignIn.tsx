import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { FormEvent, useState } from "react";
import { api, ApiError, describeError } from "../api/client";
import { storeKey } from "../api/session";
import type { Job, Page } from "../api/types";

/**
 * Checks the key with a one-job read (every role may read; GET /v1/tenant is admin-only) before
 * keeping it in this tab's session storage.
 */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api<Page<Job>>("/v1/jobs", { key: key.trim(), query: { limit: 1 } });
      storeKey(key.trim());
      onSignedIn();
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? "This key is unknown, revoked or expired." : describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        <form onSubmit={submit}>
          <Stack>
            <Title order={2}>Foreman</Title>
            <Text size="sm" c="dimmed">
              Sign in with an API key. It is kept only in this tab's session storage and sent as an
              Authorization header.
            </Text>
            <PasswordInput
              label="API key"
              name="api-key"
              value={key}
              onChange={(e) => setKey(e.currentTarget.value)}
              required
              autoFocus
            />
            {error && (
              <Alert color="red" data-testid="sign-in-error">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy} disabled={!key.trim()}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
