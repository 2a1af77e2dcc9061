package dev.foreman.cli;

import dev.foreman.client.NewApiKey;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "Your tenant's API keys (admin keys).")
final class KeysCommand {
    static final List<Printer.Column> COLUMNS = List.of(
            new Printer.Column("ID", "id"),
            new Printer.Column("NAME", "name"),
            new Printer.Column("PREFIX", "prefix"),
            new Printer.Column("ROLE", "role"),
            new Printer.Column("CREATED", "created_at"),
            new Printer.Column("LAST USED", "last_used_at"),
            new Printer.Column("EXPIRES", "expires_at"),
            new Printer.Column("REVOKED", "revoked_at"));

    @ParentCommand
    ForemanCtl root;

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Every key, revoked ones included; never a key itself.")
    int list() {
        root.printer().many(root.foreman().keys().list(), COLUMNS);
        return ExitCode.OK;
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a key; it is printed once, never again.")
    int create(
            @Option(names = "--name", required = true) String name,
            @Option(
                            names = "--role",
                            defaultValue = "member",
                            description = "read_only, member or admin (default ${DEFAULT-VALUE}).")
                    String role,
            @Option(names = "--expires-at", description = "RFC 3339; no expiry when left out.") String expiresAt) {
        NewApiKey key = root.foreman().keys().create(name, role, expiresAt == null ? null : Instant.parse(expiresAt));
        printNewKey(root, key);
        return ExitCode.OK;
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a key on every replica within a second.")
    int revoke(@Parameters(paramLabel = "ID") UUID id) {
        root.foreman().keys().revoke(id);
        root.printer().note("revoked " + id);
        return ExitCode.OK;
    }

    static void printNewKey(ForemanCtl root, NewApiKey key) {
        root.printer().one(key);
        root.printer().note("This is the only time the key is shown: store it now.");
    }
}
