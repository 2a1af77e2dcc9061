import { Code } from "@mantine/core";

export function Json({ value }: { value: unknown }) {
  return (
    <Code block style={{ maxHeight: 320, overflow: "auto" }}>
      {value === undefined || value === null ? "null" : JSON.stringify(value, null, 2)}
    </Code>
  );
}
