package dev.monitor.core.events.patterns;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * A {@code wildcard} value: {@code *} stands for any run of characters, {@code \*} for a star and {@code \\} for
 * a backslash. Matching runs in time linear in the value (one backtrack point, the last star).
 */
final class WildcardPattern {
    /** The pattern's characters, {@link #STAR} where an unescaped star stands. */
    private static final int STAR = -1;
    /**
     * How many partial matches one value may keep alive at once (a state counts twice while it loops on a
     * star). EventBridge refuses {@code *:*:*:*:*:event-bus/*} ("Rule is too complex") and accepts
     * {@code /Users/*}{@code /dir/dir/dir/dir/dir/doc.txt}; this measure is ours, its bound lies between the two.
     */
    static final int MAX_COMPLEXITY = 10;

    private final String source;
    private final int[] tokens;

    private WildcardPattern(String source, int[] tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    /** Parses {@code text}, refusing it with AWS's reasons; positions count as AWS's do (one past the index). */
    static WildcardPattern parse(String text, boolean checkComplexity) {
        int[] tokens = new int[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                if (next != '*' && next != '\\') {
                    throw new InvalidEventPatternException("Invalid escape character at pos " + (i + 1));
                }
                tokens[n++] = next;
                i++;
            } else if (c == '*') {
                if (n > 0 && tokens[n - 1] == STAR && text.charAt(i - 1) == '*') {
                    throw new InvalidEventPatternException("Consecutive wildcard characters at pos " + i);
                }
                tokens[n++] = STAR;
            } else {
                tokens[n++] = c;
            }
        }
        WildcardPattern pattern = new WildcardPattern(text, Arrays.copyOf(tokens, n));
        if (checkComplexity && pattern.complexity() > MAX_COMPLEXITY) {
            throw new InvalidEventPatternException("Rule is too complex - try using fewer wildcard characters or fewer "
                    + "repeating character sequences after a wildcard character");
        }
        return pattern;
    }

    boolean matches(String value) {
        int p = 0;
        int v = 0;
        int starP = -1;
        int starV = 0;
        while (v < value.length()) {
            if (p < tokens.length && tokens[p] == STAR) {
                starP = p++;
                starV = v;
            } else if (p < tokens.length && tokens[p] == value.charAt(v)) {
                p++;
                v++;
            } else if (starP >= 0) {
                p = starP + 1;
                v = ++starV;
            } else {
                return false;
            }
        }
        while (p < tokens.length && tokens[p] == STAR) {
            p++;
        }
        return p == tokens.length;
    }

    /**
     * The most partial matches any value can keep alive at once: a subset construction over the pattern's
     * automaton (states = characters matched so far), on an alphabet of the pattern's characters plus one
     * character it does not hold.
     */
    int complexity() {
        int literals = 0;
        BitSet starAt = new BitSet();
        int[] literal = new int[tokens.length];
        for (int token : tokens) {
            if (token == STAR) {
                starAt.set(literals);
            } else {
                literal[literals++] = token;
            }
        }
        Set<Integer> alphabet = new HashSet<>();
        for (int i = 0; i < literals; i++) {
            alphabet.add(literal[i]);
        }
        alphabet.add(-2);
        Set<BitSet> seen = new HashSet<>();
        java.util.ArrayDeque<BitSet> todo = new java.util.ArrayDeque<>();
        BitSet start = new BitSet();
        start.set(0);
        seen.add(start);
        todo.add(start);
        int worst = 0;
        while (!todo.isEmpty() && seen.size() < 10_000) {
            BitSet states = todo.poll();
            BitSet stars = (BitSet) states.clone();
            stars.and(starAt);
            worst = Math.max(worst, states.cardinality() + stars.cardinality());
            if (worst > MAX_COMPLEXITY) {
                return worst;
            }
            for (int c : alphabet) {
                BitSet next = new BitSet();
                for (int s = states.nextSetBit(0); s >= 0; s = states.nextSetBit(s + 1)) {
                    if (starAt.get(s)) {
                        next.set(s);
                    }
                    if (s < literals && literal[s] == c) {
                        next.set(s + 1);
                    }
                }
                if (!next.isEmpty() && seen.add(next)) {
                    todo.add(next);
                }
            }
        }
        return worst;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WildcardPattern other && other.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
