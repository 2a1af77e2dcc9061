import { Alert } from "@mantine/core";
import { ApiError, describeError } from "../api/client";

/** Shows why a page's data could not be loaded; a missing API says so plainly instead of an error. */
export function LoadError({ error, what }: { error: unknown; what: string }) {
  if (error instanceof ApiError && error.notAvailable) {
    return (
      <Alert color="yellow" title="Not available on this server" data-testid="not-available">
        This api-service has no {what} API yet. Upgrade it to use this page.
      </Alert>
    );
  }
  if (error instanceof ApiError && error.status === 403) {
    return (
      <Alert color="orange" title="Not allowed">
        Your key's role may not see {what}. {describeError(error)}
      </Alert>
    );
  }
  return (
    <Alert color="red" title={`Could not load ${what}`}>
      {describeError(error)}
    </Alert>
  );
}
