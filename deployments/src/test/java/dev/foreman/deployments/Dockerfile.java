package dev.foreman.deployments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile as its instructions, for {@link DockerfileRulesTest}: comments dropped, continued
 * lines joined, each instruction with the stage it belongs to.
 */
record Dockerfile(List<Instruction> instructions) {

    /** One instruction: its keyword (upper case), its arguments, and the index of its stage (0 = first FROM). */
    record Instruction(String keyword, String arguments, int stage) {}

    static Dockerfile parse(Path file) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int stage = -1;
        for (String line : Files.read(file).lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String instruction = current.toString().strip();
            current.setLength(0);
            if (instruction.isEmpty()) {
                continue;
            }
            int space = instruction.indexOf(' ');
            String keyword = instruction.substring(0, space).toUpperCase(Locale.ROOT);
            if (keyword.equals("FROM")) {
                stage++;
            }
            instructions.add(
                    new Instruction(keyword, instruction.substring(space + 1).strip(), stage));
        }
        return new Dockerfile(List.copyOf(instructions));
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    List<Instruction> inStage(int stage, String keyword) {
        return all(keyword).stream().filter(i -> i.stage() == stage).toList();
    }

    int lastStage() {
        return all("FROM").size() - 1;
    }

    int indexOf(Instruction instruction) {
        return instructions.indexOf(instruction);
    }
}
