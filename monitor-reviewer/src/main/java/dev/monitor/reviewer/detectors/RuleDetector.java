package dev.monitor.reviewer.detectors;

import dev.monitor.reviewer.Detector;
import dev.monitor.reviewer.Rule;

/** A built-in detector of one rule, fixed when it is made: each subclass only says how it inspects a file. */
abstract class RuleDetector implements Detector {
    private final Rule rule;

    RuleDetector(Rule rule) {
        this.rule = rule;
    }

    @Override
    public final Rule rule() {
        return rule;
    }
}
