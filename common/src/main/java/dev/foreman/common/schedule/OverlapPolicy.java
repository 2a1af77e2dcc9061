package dev.foreman.common.schedule;

import dev.foreman.common.wire.WireNamed;
import dev.foreman.common.wire.WireNames;

/** Whether a schedule fires while its previous job is not terminal yet ({@code ALLOW}) or skips that fire. */
public enum OverlapPolicy implements WireNamed {
    ALLOW,
    SKIP;

    public static OverlapPolicy fromWireName(String value) {
        return WireNames.parse(OverlapPolicy.class, value);
    }
}
