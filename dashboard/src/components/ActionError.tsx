import { Alert } from "@mantine/core";
import { describeError } from "../api/client";

export function ActionError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Alert color="red" withCloseButton={false} data-testid="action-error">
      {describeError(error)}
    </Alert>
  );
}
