package dev.monitor.core.events.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All the patterns of a bus as one automaton, the way event-ruler builds its machine: each sub-rule is a path
 * through states, one step per field in a fixed order ({@code STEP_ORDER}), and rules that begin with the same
 * conditions share their first states. A state's outgoing fields are indexed by kind (exact strings and numbers in hash maps,
 * prefixes and suffixes by length, the rest in short lists), so an event's cost grows with the fields and
 * values it has and the states it reaches, not with the number of rules.
 *
 * <p>Built once by {@link #build} and never changed afterwards: any number of threads may match at once.
 */
final class CompiledMachine<K> {
    private final NameState<K> root = new NameState<>();
    /** Every path some pattern names: the parts of an event worth reading. */
    private final PathTrie paths = new PathTrie();

    private CompiledMachine() {
    }

    static <K> CompiledMachine<K> build(Map<K, List<PatternCompiler.SubRule>> patterns) {
        CompiledMachine<K> machine = new CompiledMachine<>();
        patterns.forEach((key, rules) -> rules.forEach(rule -> machine.add(key, rule)));
        return machine;
    }

    /**
     * The order of a sub-rule's steps: fields whose alternatives are all hash-indexed first (an exact
     * {@code source} narrows ten thousand rules to one state in one lookup), then fields that need a call per
     * alternative (ranges, wildcards, anything-but), then {@code exists: false}; by path within each group, so
     * rules that test the same fields alike share their first states. AND does not depend on the order.
     */
    private static final java.util.Comparator<Map.Entry<String, List<ValueMatcher>>> STEP_ORDER =
            java.util.Comparator.<Map.Entry<String, List<ValueMatcher>>>comparingInt(e -> rank(e.getValue()))
                    .thenComparing(Map.Entry::getKey);

    private static int rank(List<ValueMatcher> alternatives) {
        int rank = 0;
        for (ValueMatcher matcher : alternatives) {
            if (matcher instanceof ValueMatcher.Absent) {
                return 2;
            }
            if (!FieldIndex.indexed(matcher)) {
                rank = 1;
            }
        }
        return rank;
    }

    private void add(K key, PatternCompiler.SubRule rule) {
        NameState<K> state = root;
        List<Map.Entry<String, List<ValueMatcher>>> steps = new ArrayList<>(rule.fields().entrySet());
        steps.sort(STEP_ORDER);
        for (Map.Entry<String, List<ValueMatcher>> field : steps) {
            state = state.step(paths.add(field.getKey()), field.getValue());
        }
        state.keys.add(key);
    }

    boolean isEmpty() {
        return root.fields.isEmpty() && root.keys.isEmpty();
    }

    Set<K> matches(String eventJson) {
        return matches(EventFields.read(eventJson, paths));
    }

    Set<K> matches(JsonNode event) {
        return matches(EventFields.read(event, paths));
    }

    private Set<K> matches(EventFields event) {
        Walk<K> walk = new Walk<>(event);
        walk.reached(root, Leaf.NO_ARRAYS);
        return walk.found;
    }

    /** Where a matching leaf leads: a next state, with the array elements the walk is now bound to. */
    interface Sink<K> {
        void reached(NameState<K> next, int[] membership);
    }

    /** One event's walk through the machine; one object per match, whatever the number of steps. */
    private static final class Walk<K> implements Sink<K> {
        private final EventFields event;
        final Set<K> found = new HashSet<>();

        Walk(EventFields event) {
            this.event = event;
        }

        @Override
        public void reached(NameState<K> state, int[] membership) {
            found.addAll(state.keys);
            for (FieldIndex<K> field : state.fieldList) {
                List<Leaf> values = event.get(field.path);
                if (values == null) {
                    for (NameState<K> next : field.absent) {
                        reached(next, membership);
                    }
                } else if (values.size() == 1) {
                    Leaf leaf = values.get(0);
                    if (Leaf.compatible(membership, leaf.membership)) {
                        field.forEachMatch(leaf, this, Leaf.merge(membership, leaf.membership));
                    }
                } else {
                    // An array's elements often lead to the same state (exists, anything-but): go there once per
                    // membership, or nested arrays would multiply the walk.
                    Distinct<K> distinct = new Distinct<>();
                    for (int i = 0; i < values.size(); i++) {
                        Leaf leaf = values.get(i);
                        if (Leaf.compatible(membership, leaf.membership)) {
                            field.forEachMatch(leaf, distinct, Leaf.merge(membership, leaf.membership));
                        }
                    }
                    for (int j = 0; j < distinct.states.size(); j++) {
                        reached(distinct.states.get(j), distinct.memberships.get(j));
                    }
                }
            }
        }
    }

    private static final class Distinct<K> implements Sink<K> {
        final List<NameState<K>> states = new ArrayList<>();
        final List<int[]> memberships = new ArrayList<>();

        @Override
        public void reached(NameState<K> next, int[] membership) {
            for (int j = 0; j < states.size(); j++) {
                if (states.get(j) == next && java.util.Arrays.equals(memberships.get(j), membership)) {
                    return;
                }
            }
            states.add(next);
            memberships.add(membership);
        }
    }

    /** A state: the keys of the rules complete here, and the fields a rule may test next. */
    static final class NameState<K> {
        final Set<K> keys = new HashSet<>();
        final Map<PathTrie.Node, FieldIndex<K>> fields = new LinkedHashMap<>();
        /** {@link #fields}' values as a list: iterating it costs no iterator. */
        final List<FieldIndex<K>> fieldList = new ArrayList<>();

        NameState<K> step(PathTrie.Node path, List<ValueMatcher> alternatives) {
            FieldIndex<K> field = fields.get(path);
            if (field == null) {
                field = new FieldIndex<>(path);
                fields.put(path, field);
                fieldList.add(field);
            }
            return field.next(alternatives);
        }
    }

    /** One field tested from one state: its alternatives, indexed by kind, each leading to a next state. */
    static final class FieldIndex<K> {
        final PathTrie.Node path;
        /** One next state per distinct set of alternatives: rules that test a field alike share it. */
        private final Map<List<ValueMatcher>, NameState<K>> byAlternatives = new HashMap<>();
        private final Map<String, List<NameState<K>>> exact = new HashMap<>();
        private final Map<Double, List<NameState<K>>> numbers = new HashMap<>();
        private final Map<Leaf.Kind, List<NameState<K>>> literals = new HashMap<>();
        private final Map<String, List<NameState<K>>> foldedEquals = new HashMap<>();
        private final Affixes<K> prefixes = new Affixes<>(true);
        private final Affixes<K> suffixes = new Affixes<>(false);
        private final Affixes<K> foldedPrefixes = new Affixes<>(true);
        private final Affixes<K> foldedSuffixes = new Affixes<>(false);
        /** Matchers that need a call per value: ranges, CIDR blocks, wildcards, anything-but, exists. */
        private final List<ValueMatcher> others = new ArrayList<>();
        private final List<NameState<K>> otherNext = new ArrayList<>();
        final List<NameState<K>> absent = new ArrayList<>();

        FieldIndex(PathTrie.Node path) {
            this.path = path;
        }

        NameState<K> next(List<ValueMatcher> alternatives) {
            NameState<K> next = byAlternatives.get(alternatives);
            if (next != null) {
                return next;
            }
            NameState<K> state = new NameState<>();
            byAlternatives.put(alternatives, state);
            for (ValueMatcher matcher : alternatives) {
                index(matcher, state);
            }
            return state;
        }

        /** Whether {@link #forEachMatch} finds {@code matcher} by a lookup rather than by calling it. */
        static boolean indexed(ValueMatcher matcher) {
            return matcher instanceof ValueMatcher.Exact || matcher instanceof ValueMatcher.Literal
                    || (matcher instanceof ValueMatcher.ExactNumber n && Double.isFinite(n.value()))
                    || matcher instanceof ValueMatcher.EqualsIgnoreCase || matcher instanceof ValueMatcher.Prefix
                    || matcher instanceof ValueMatcher.Suffix;
        }

        private void index(ValueMatcher matcher, NameState<K> state) {
            if (matcher instanceof ValueMatcher.Exact e) {
                exact.computeIfAbsent(e.value(), v -> new ArrayList<>(1)).add(state);
            } else if (matcher instanceof ValueMatcher.ExactNumber n && Double.isFinite(n.value())) {
                numbers.computeIfAbsent(n.value(), v -> new ArrayList<>(1)).add(state);
            } else if (matcher instanceof ValueMatcher.Literal l) {
                literals.computeIfAbsent(l.kind(), v -> new ArrayList<>(1)).add(state);
            } else if (matcher instanceof ValueMatcher.EqualsIgnoreCase e) {
                foldedEquals.computeIfAbsent(e.folded(), v -> new ArrayList<>(1)).add(state);
            } else if (matcher instanceof ValueMatcher.Prefix p) {
                (p.ignoreCase() ? foldedPrefixes : prefixes).add(p.prefix(), state);
            } else if (matcher instanceof ValueMatcher.Suffix s) {
                (s.ignoreCase() ? foldedSuffixes : suffixes).add(s.suffix(), state);
            } else if (matcher instanceof ValueMatcher.Absent) {
                absent.add(state);
            } else {
                others.add(matcher);
                otherNext.add(state);
            }
        }

        void forEachMatch(Leaf leaf, Sink<K> action, int[] membership) {
            switch (leaf.kind) {
                case STRING -> {
                    each(exact.get(leaf.text), action, membership);
                    if (!foldedEquals.isEmpty()) {
                        each(foldedEquals.get(leaf.folded()), action, membership);
                    }
                    prefixes.forEachMatch(leaf.text, action, membership);
                    suffixes.forEachMatch(leaf.text, action, membership);
                    if (!foldedPrefixes.isEmpty() || !foldedSuffixes.isEmpty()) {
                        foldedPrefixes.forEachMatch(leaf.folded(), action, membership);
                        foldedSuffixes.forEachMatch(leaf.folded(), action, membership);
                    }
                }
                case NUMBER -> {
                    if (!numbers.isEmpty()) {
                        each(numbers.get(leaf.boxed()), action, membership);
                    }
                }
                default -> each(literals.get(leaf.kind), action, membership);
            }
            for (int i = 0; i < others.size(); i++) {
                if (others.get(i).matches(leaf)) {
                    action.reached(otherNext.get(i), membership);
                }
            }
        }

        private static <K> void each(List<NameState<K>> states, Sink<K> action, int[] membership) {
            if (states != null) {
                for (int i = 0; i < states.size(); i++) {
                    action.reached(states.get(i), membership);
                }
            }
        }
    }

    /**
     * Prefixes (or suffixes) by length: a value is looked up once per distinct length, so ten thousand
     * prefixes of a few lengths cost a few hash lookups.
     */
    static final class Affixes<K> {
        private final boolean prefix;
        private final Map<String, List<NameState<K>>> byText = new HashMap<>();
        private int[] lengths = new int[0];

        Affixes(boolean prefix) {
            this.prefix = prefix;
        }

        boolean isEmpty() {
            return byText.isEmpty();
        }

        void add(String text, NameState<K> state) {
            byText.computeIfAbsent(text, t -> new ArrayList<>(1)).add(state);
            for (int length : lengths) {
                if (length == text.length()) {
                    return;
                }
            }
            lengths = java.util.Arrays.copyOf(lengths, lengths.length + 1);
            lengths[lengths.length - 1] = text.length();
            java.util.Arrays.sort(lengths);
        }

        void forEachMatch(String value, Sink<K> action, int[] membership) {
            for (int length : lengths) {
                if (length > value.length()) {
                    return;
                }
                String part = prefix ? value.substring(0, length) : value.substring(value.length() - length);
                FieldIndex.each(byText.get(part), action, membership);
            }
        }
    }
}
