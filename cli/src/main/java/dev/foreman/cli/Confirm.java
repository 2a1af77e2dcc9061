package dev.foreman.cli;

import java.io.Console;

/** Asks a yes/no question on the terminal; without a terminal the answer is no. */
final class Confirm {
    private Confirm() {}

    static boolean ask(ForemanCtl root, String question) {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        String answer = console.readLine("%s [y/N] ", question);
        return answer != null && (answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes"));
    }
}
