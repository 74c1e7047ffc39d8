package dev.monitor.core.metrics.internal;

import java.util.function.Supplier;

/**
 * The fields of {@link Stripes} that writers read on every recording call. They sit in a
 * superclass so that HotSpot lays them out before the padding {@link Stripes} declares, which
 * keeps them off the cache line of whatever is allocated next.
 */
abstract class StripesFields<B> {
    Supplier<B> newBuffer;
    volatile Stripes.Stripe<B>[] stripes;
}
