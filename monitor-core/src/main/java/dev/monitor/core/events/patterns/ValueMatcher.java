package dev.monitor.core.events.patterns;

import java.util.List;
import java.util.Set;

/**
 * One alternative of a pattern field ({@code "state": ["running", {"prefix": "stop"}]} has two), as a value:
 * equal matchers from different rules share one state of the machine. {@link #matches} decides one event
 * scalar; the machine indexes the common kinds so that it rarely needs to call it.
 */
sealed interface ValueMatcher {

    boolean matches(Leaf leaf);

    /** A string equal to {@code value}. */
    record Exact(String value) implements ValueMatcher {
        @Override
        public boolean matches(Leaf leaf) {
            return leaf.isString() && leaf.text.equals(value);
        }
    }

    /**
     * A number written in the pattern: equal to it as a number (300 matches 300.0), or written the same way
     * when it is beyond a double's range.
     */
    record ExactNumber(double value, String text) implements ValueMatcher {
        public ExactNumber {
            value = value == 0 ? 0.0 : value;
        }

        @Override
        public boolean matches(Leaf leaf) {
            return leaf.isNumber() && (leaf.number == value || leaf.text.equals(text));
        }
    }

    /** {@code true}, {@code false} or {@code null}, never their strings. */
    record Literal(Leaf.Kind kind) implements ValueMatcher {
        @Override
        public boolean matches(Leaf leaf) {
            return leaf.kind == kind;
        }
    }

    record Prefix(String prefix) implements ValueMatcher {
        @Override
        public boolean matches(Leaf leaf) {
            return leaf.isString() && leaf.text.startsWith(prefix);
        }
    }

    record Suffix(String suffix) implements ValueMatcher {
        @Override
        public boolean matches(Leaf leaf) {
            return leaf.isString() && leaf.text.endsWith(suffix);
        }
    }

    /**
     * {@code equals-ignore-case}, or {@code prefix} / {@code suffix} with it ({@link CaseVariants} decides);
     * {@code folded} is the pattern case-folded, the key the machine's index finds candidates by.
     */
    record IgnoreCase(Affix affix, String pattern, String folded, CaseVariants variants) implements ValueMatcher {
        enum Affix { EQUALS, PREFIX, SUFFIX }

        IgnoreCase(Affix affix, String pattern) {
            this(affix, pattern, Leaf.fold(pattern), new CaseVariants(pattern));
        }

        @Override
        public boolean matches(Leaf leaf) {
            if (!leaf.isString()) {
                return false;
            }
            return switch (affix) {
                case EQUALS -> variants.equalsIn(leaf.text);
                case PREFIX -> variants.prefixOf(leaf.text);
                case SUFFIX -> variants.suffixOf(leaf.text);
            };
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IgnoreCase other && other.affix == affix && other.pattern.equals(pattern);
        }

        @Override
        public int hashCode() {
            return affix.hashCode() * 31 + pattern.hashCode();
        }
    }

    record Wildcard(WildcardPattern pattern) implements ValueMatcher {
        @Override
        public boolean matches(Leaf leaf) {
            return leaf.isString() && pattern.matches(leaf.text);
        }
    }

    /** A numeric range; a missing bound is infinite. */
    record Numeric(double low, boolean lowOpen, double high, boolean highOpen) implements ValueMatcher {
        @Override
        public boolean matches(Leaf leaf) {
            if (!leaf.isNumber()) {
                return false;
            }
            double n = leaf.number;
            return (lowOpen ? n > low : n >= low) && (highOpen ? n < high : n <= high);
        }
    }

    /** An IP address inside a CIDR block (a plain IP string in a pattern is its one-address block). */
    record Cidr(IpRange range) implements ValueMatcher {
        @Override
        public boolean matches(Leaf leaf) {
            return leaf.isString() && range.contains(leaf.text);
        }
    }

    /** {@code exists: true}: the field has a scalar value, whatever it is. */
    record Exists() implements ValueMatcher {
        @Override
        public boolean matches(Leaf leaf) {
            return true;
        }
    }

    /** {@code exists: false}: decided on the field's absence, never on a value. */
    record Absent() implements ValueMatcher {
        @Override
        public boolean matches(Leaf leaf) {
            return false;
        }
    }

    /**
     * {@code anything-but} a set of strings or a set of numbers: any scalar other than those, null and the
     * other types included; a missing field does not match.
     */
    record AnythingBut(Set<String> strings, Set<Double> numbers) implements ValueMatcher {
        @Override
        public boolean matches(Leaf leaf) {
            if (leaf.isString()) {
                return !strings.contains(leaf.text);
            }
            return !(leaf.isNumber() && numbers.contains(leaf.boxed()));
        }
    }

    /** {@code anything-but: {equals-ignore-case: ...}}: any scalar that is no case variant of the strings. */
    record AnythingButIgnoreCase(List<IgnoreCase> excluded) implements ValueMatcher {
        @Override
        public boolean matches(Leaf leaf) {
            for (IgnoreCase one : excluded) {
                if (one.matches(leaf)) {
                    return false;
                }
            }
            return true;
        }
    }

    record AnythingButPrefix(List<String> prefixes) implements ValueMatcher {
        @Override
        public boolean matches(Leaf leaf) {
            if (!leaf.isString()) {
                return true;
            }
            for (String prefix : prefixes) {
                if (leaf.text.startsWith(prefix)) {
                    return false;
                }
            }
            return true;
        }
    }

    record AnythingButSuffix(List<String> suffixes) implements ValueMatcher {
        @Override
        public boolean matches(Leaf leaf) {
            if (!leaf.isString()) {
                return true;
            }
            for (String suffix : suffixes) {
                if (leaf.text.endsWith(suffix)) {
                    return false;
                }
            }
            return true;
        }
    }

    record AnythingButWildcard(List<WildcardPattern> patterns) implements ValueMatcher {
        @Override
        public boolean matches(Leaf leaf) {
            if (!leaf.isString()) {
                return true;
            }
            for (WildcardPattern pattern : patterns) {
                if (pattern.matches(leaf.text)) {
                    return false;
                }
            }
            return true;
        }
    }
}
