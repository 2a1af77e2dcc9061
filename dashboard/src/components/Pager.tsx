import { Button, Group } from "@mantine/core";
import { useState } from "react";

/**
 * Keyset paging: the API hands out a cursor for the next page only, so going back walks a stack
 * of the cursors used so far.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: (string | undefined)[] }>({ key: resetKey, stack: [undefined] });
  const stack = state.key === resetKey ? state.stack : [undefined];
  return {
    cursor: stack[stack.length - 1],
    page: stack.length,
    next: (cursor: string) => setState({ key: resetKey, stack: [...stack, cursor] }),
    previous: () => setState({ key: resetKey, stack: stack.slice(0, -1) }),
    first: () => setState({ key: resetKey, stack: [undefined] }),
  };
}

export function Pager({
  page,
  nextCursor,
  onNext,
  onPrevious,
}: {
  page: number;
  nextCursor: string | null | undefined;
  onNext: (cursor: string) => void;
  onPrevious: () => void;
}) {
  return (
    <Group justify="flex-end" gap="xs">
      <Button variant="default" size="xs" disabled={page <= 1} onClick={onPrevious}>
        ← Previous
      </Button>
      <Button variant="default" size="xs" disabled={!nextCursor} onClick={() => nextCursor && onNext(nextCursor)}>
        Next →
      </Button>
    </Group>
  );
}
