package dev.monitor.core.metrics;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A metric's identity in CloudWatch's sense: namespace, name and dimensions (sorted by name, so
 * the same set given in any order is the same metric), with the unit and storage resolution its
 * datapoints carry.
 */
public record MetricId(String namespace, String name, List<Dimension> dimensions, Unit unit, Resolution resolution) {

    static final Comparator<Dimension> BY_NAME = Comparator.comparing(Dimension::name);

    public MetricId {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(resolution, "resolution");
        dimensions = dimensions.stream().sorted(BY_NAME).toList();
    }

    /** Whether this metric has exactly {@code wanted} as its dimensions, in any order. */
    public boolean hasDimensions(List<Dimension> wanted) {
        return dimensions.equals(wanted.stream().sorted(BY_NAME).toList());
    }
}
