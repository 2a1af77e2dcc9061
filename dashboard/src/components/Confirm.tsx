import { Button, Group, Modal, Text } from "@mantine/core";
import { ReactNode } from "react";

/** A yes/no question before a destructive action. */
export function Confirm({
  opened,
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  loading,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  loading?: boolean;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Text size="sm">{children}</Text>
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose}>
          Keep
        </Button>
        <Button color="red" onClick={onConfirm} loading={loading} data-testid="confirm">
          {confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}
