package dev.foreman.api.keys;

import java.util.List;

/** A tenant's keys, oldest first, revoked ones included. */
public record KeyList(List<KeyDocument> items) {}
