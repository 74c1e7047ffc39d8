package dev.monitor.core.events.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Not API: event ids, for the bus's puts, its scheduled events and Monitor's own events. Random (version 4) UUIDs from {@link ThreadLocalRandom}: an event id needs to be unique, not
 * unguessable, and {@link UUID#randomUUID()} draws from a {@code SecureRandom} shared by all
 * threads, which contends on a hot path.
 */
public final class EventIds {
    private EventIds() {
    }

    /** A new version-4 UUID in its usual text form. */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = random.nextLong() & ~0xF000L | 0x4000L;
        long least = random.nextLong() & ~(0xC000L << 48) | (0x8000L << 48);
        return new UUID(most, least).toString();
    }
}
