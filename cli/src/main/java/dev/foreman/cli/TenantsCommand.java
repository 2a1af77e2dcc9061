package dev.foreman.cli;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "tenants", mixinStandardHelpOptions = true, description = "Tenants and their keys (operator keys).")
final class TenantsCommand {
    private static final List<Printer.Column> COLUMNS = List.of(
            new Printer.Column("ID", "id"),
            new Printer.Column("NAME", "name"),
            new Printer.Column("STATE", "state"),
            new Printer.Column("CREATED", "created_at"));

    @ParentCommand
    ForemanCtl root;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every tenant.")
    int list() {
        root.printer().many(root.foreman().tenants().list(), COLUMNS);
        return ExitCode.OK;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a tenant.")
    int create(@Option(names = "--name", required = true) String name) {
        root.printer().one(root.foreman().tenants().create(name));
        return ExitCode.OK;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "One tenant.")
    int get(@Parameters(paramLabel = "ID") UUID id) {
        root.printer().one(root.foreman().tenants().get(id));
        return ExitCode.OK;
    }

    @Command(
            name = "suspend",
            mixinStandardHelpOptions = true,
            description = "Refuse every key of the tenant until activated.")
    int suspend(@Parameters(paramLabel = "ID") UUID id) {
        root.printer().one(root.foreman().tenants().suspend(id));
        return ExitCode.OK;
    }

    @Command(
            name = "activate",
            mixinStandardHelpOptions = true,
            description = "Let a suspended tenant's keys in again.")
    int activate(@Parameters(paramLabel = "ID") UUID id) {
        root.printer().one(root.foreman().tenants().activate(id));
        return ExitCode.OK;
    }

    @Command(name = "keys", mixinStandardHelpOptions = true, description = "A tenant's keys; never a key itself.")
    int keys(@Parameters(paramLabel = "TENANT_ID") UUID tenantId) {
        root.printer().many(root.foreman().tenants().keys(tenantId), KeysCommand.COLUMNS);
        return ExitCode.OK;
    }

    @Command(
            name = "create-key",
            mixinStandardHelpOptions = true,
            description = "Create a key of a tenant; printed once.")
    int createKey(
            @Parameters(paramLabel = "TENANT_ID") UUID tenantId,
            @Option(names = "--name", required = true) String name,
            @Option(
                            names = "--role",
                            defaultValue = "member",
                            description = "read_only, member, admin or operator (default ${DEFAULT-VALUE}).")
                    String role,
            @Option(names = "--expires-at", description = "RFC 3339; no expiry when left out.") String expiresAt) {
        KeysCommand.printNewKey(
                root,
                root.foreman()
                        .tenants()
                        .createKey(tenantId, name, role, expiresAt == null ? null : Instant.parse(expiresAt)));
        return ExitCode.OK;
    }

    @Command(name = "revoke-key", mixinStandardHelpOptions = true, description = "Revoke any tenant's key.")
    int revokeKey(@Parameters(paramLabel = "KEY_ID") UUID keyId) {
        root.foreman().tenants().revokeKey(keyId);
        root.printer().note("revoked " + keyId);
        return ExitCode.OK;
    }
}
