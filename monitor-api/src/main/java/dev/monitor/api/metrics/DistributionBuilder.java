package dev.monitor.api.metrics;

/** Builds a {@link Distribution}. */
public interface DistributionBuilder extends InstrumentBuilder<DistributionBuilder, Distribution> {
}
