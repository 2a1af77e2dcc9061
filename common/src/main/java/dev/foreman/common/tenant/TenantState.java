package dev.foreman.common.tenant;

import dev.foreman.common.wire.WireNamed;
import dev.foreman.common.wire.WireNames;

/** Whether a tenant's keys work: a suspended tenant's keys answer 401 until it is active again. */
public enum TenantState implements WireNamed {
    ACTIVE,
    SUSPENDED;

    public static TenantState fromWireName(String value) {
        return WireNames.parse(TenantState.class, value);
    }
}
