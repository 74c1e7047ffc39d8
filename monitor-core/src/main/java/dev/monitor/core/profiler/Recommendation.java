package dev.monitor.core.profiler;

import java.util.List;
import java.util.Objects;

/**
 * A pattern the profile shows that has a known fix, as CodeGuru Profiler's recommendations: which rule matched, how much
 * of the profile it matched against the rule's threshold, what it costs and what to do.
 *
 * @param ruleId                 the rule, such as {@code pattern-compile}
 * @param name                   the rule's title
 * @param kind                   the profile the rule reads
 * @param share                  the matching stacks' share of that profile, 0 to 1
 * @param threshold              the share at which the rule reports
 * @param estimatedCpuShare      the matching frames' share of the CPU samples, 0 to 1
 * @param estimatedYearlyCostUsd that share of the configured instance cost over a year, or null when no cost is configured
 * @param resolution             what to change, in words
 * @param matchingStacks         the heaviest matching stacks, heaviest first
 */
public record Recommendation(String ruleId, String name, ProfileKind kind, double share, double threshold, double estimatedCpuShare,
                             Double estimatedYearlyCostUsd, String resolution, List<MatchingStack> matchingStacks) {
    public Recommendation {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resolution, "resolution");
        matchingStacks = List.copyOf(matchingStacks);
    }

    /** One stack the rule matched, as collapsed text, and its count. */
    public record MatchingStack(String stack, long count) {
    }
}
