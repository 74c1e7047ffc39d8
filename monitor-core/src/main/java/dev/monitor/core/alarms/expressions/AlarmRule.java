package dev.monitor.core.alarms.expressions;

import dev.monitor.core.syntax.Language;
import dev.monitor.core.syntax.ParseException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A composite alarm's {@code AlarmRule}: {@code ALARM(x)}, {@code OK(x)},
 * {@code INSUFFICIENT_DATA(x)}, {@code TRUE}, {@code FALSE}, combined with {@code AND}, {@code OR},
 * {@code NOT} and parentheses. Alarm names may be in double quotes. CloudWatch's limits apply: at
 * most 10240 characters and 100 distinct alarms.
 *
 * <p>In a package of its own, depending on no alarm type, so that {@code CompositeAlarm}'s builder
 * can check rules with it and the engine in {@code alarms.internal} evaluate them, neither package
 * needing the other: so states are read by their names ({@code ALARM}, {@code OK},
 * {@code INSUFFICIENT_DATA}, as {@code AlarmState} names them). Not meant for users.
 */
public final class AlarmRule {
    static final int MAX_LENGTH = 10_240;
    static final int MAX_ALARMS = 100;
    /** How deep NOT and parentheses may nest: far from the stack's limit. */
    static final int MAX_DEPTH = 100;
    /** The states a rule tests, by the names AlarmState gives them. */
    private static final String[] STATES = {"INSUFFICIENT_DATA", "ALARM", "OK"};
    private static final String PRIMARY = "ALARM(, OK(, INSUFFICIENT_DATA(, TRUE, FALSE, NOT or '('";

    private final String text;
    private final Node root;
    private final Set<String> alarms;

    private sealed interface Node permits Constant, StateIs, Not, And, Or {
    }

    private record Constant(boolean value) implements Node {
    }

    private record StateIs(String state, String alarm) implements Node {
    }

    private record Not(Node operand) implements Node {
    }

    private record And(Node left, Node right) implements Node {
    }

    private record Or(Node left, Node right) implements Node {
    }

    private AlarmRule(String text, Node root, Set<String> alarms) {
        this.text = text;
        this.root = root;
        this.alarms = alarms;
    }

    /** @throws ParseException naming the position, what was expected there and what was found */
    public static AlarmRule parse(String text) {
        if (text == null || text.isBlank()) {
            throw ParseException.of(Language.ALARM_RULE, text == null ? "" : text, 0, "AlarmRule is required", PRIMARY, null);
        }
        if (text.length() > MAX_LENGTH) {
            throw ParseException.of(Language.ALARM_RULE, text.substring(0, MAX_LENGTH + 1), MAX_LENGTH, "AlarmRule has "
                    + text.length() + " characters; at most " + MAX_LENGTH + " are allowed", Language.ALARM_RULE.endOfInput(),
                    null);
        }
        Parser parser = new Parser(text);
        Node root = parser.or();
        parser.skipSpace();
        if (parser.at < text.length()) {
            throw parser.error("AND, OR or the end of the rule");
        }
        if (parser.alarms.size() > MAX_ALARMS) {
            throw ParseException.of(Language.ALARM_RULE, text, parser.pastMaxAlarms, "AlarmRule names " + parser.alarms.size()
                    + " alarms; at most " + MAX_ALARMS + " are allowed", "an alarm named earlier in the rule", null);
        }
        return new AlarmRule(text, root, parser.alarms);
    }

    public String text() {
        return text;
    }

    /** The alarms the rule names, in order of appearance. */
    public Set<String> alarms() {
        return alarms;
    }

    /** The rule's value with each alarm's state from {@code states} (an alarm not in it is in no state). */
    public boolean evaluate(Map<String, ? extends Enum<?>> states) {
        return evaluate(root, states::get);
    }

    /** The rule's value with each alarm's state from {@code states}, which may answer null for no state. */
    public boolean evaluate(java.util.function.Function<String, ? extends Enum<?>> states) {
        return evaluate(root, states);
    }

    private static boolean evaluate(Node node, java.util.function.Function<String, ? extends Enum<?>> states) {
        if (node instanceof Constant constant) {
            return constant.value();
        }
        if (node instanceof StateIs is) {
            Enum<?> state = states.apply(is.alarm());
            return state != null && state.name().equals(is.state());
        }
        if (node instanceof Not not) {
            return !evaluate(not.operand(), states);
        }
        if (node instanceof And and) {
            return evaluate(and.left(), states) && evaluate(and.right(), states);
        }
        Or or = (Or) node;
        return evaluate(or.left(), states) || evaluate(or.right(), states);
    }

    private static final class Parser {
        private final String text;
        private final Set<String> alarms = new LinkedHashSet<>();
        private int at;
        private int depth;
        /** Where the first alarm past {@link #MAX_ALARMS} is named. */
        private int pastMaxAlarms;

        Parser(String text) {
            this.text = text;
        }

        /** What the grammar wanted at the current position (after spaces); found is the word or character there. */
        ParseException error(String expected) {
            skipSpace();
            return ParseException.of(Language.ALARM_RULE, text, at, expected, null);
        }

        ParseException tooDeep() {
            return ParseException.of(Language.ALARM_RULE, text, at, "AlarmRule nests NOT and parentheses more than "
                    + MAX_DEPTH + " levels deep; at most " + MAX_DEPTH + " levels are allowed", "less nesting", null);
        }

        void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private boolean keyword(String word) {
            skipSpace();
            if (!text.startsWith(word, at)) {
                return false;
            }
            int end = at + word.length();
            if (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                return false;
            }
            at = end;
            return true;
        }

        Node or() {
            Node left = and();
            while (keyword("OR")) {
                left = new Or(left, and());
            }
            return left;
        }

        private Node and() {
            Node left = not();
            while (keyword("AND")) {
                left = new And(left, not());
            }
            return left;
        }

        private Node not() {
            if (keyword("NOT")) {
                if (++depth > MAX_DEPTH) {
                    throw tooDeep();
                }
                Node operand = not();
                depth--;
                return new Not(operand);
            }
            return primary();
        }

        private Node primary() {
            skipSpace();
            if (at < text.length() && text.charAt(at) == '(') {
                if (++depth > MAX_DEPTH) {
                    throw tooDeep();
                }
                at++;
                Node inner = or();
                skipSpace();
                if (at >= text.length() || text.charAt(at) != ')') {
                    throw error("')'");
                }
                at++;
                depth--;
                return inner;
            }
            if (keyword("TRUE")) {
                return new Constant(true);
            }
            if (keyword("FALSE")) {
                return new Constant(false);
            }
            for (String state : STATES) {
                int start = at;
                if (keyword(state)) {
                    StateIs is = new StateIs(state, alarmName(state));
                    if (alarms.size() == MAX_ALARMS + 1 && pastMaxAlarms == 0) {
                        pastMaxAlarms = start;
                    }
                    return is;
                }
            }
            throw error(PRIMARY);
        }

        private String alarmName(String state) {
            skipSpace();
            if (at >= text.length() || text.charAt(at) != '(') {
                throw error("'(' after " + state);
            }
            at++;
            skipSpace();
            String name;
            if (at < text.length() && text.charAt(at) == '"') {
                int end = text.indexOf('"', at + 1);
                if (end < 0) {
                    throw error("a closing '\"'");
                }
                name = text.substring(at + 1, end);
                at = end + 1;
            } else {
                int end = text.indexOf(')', at);
                if (end < 0) {
                    at = text.length();
                    throw error("an alarm name and ')'");
                }
                name = text.substring(at, end).trim();
                at = end;
            }
            skipSpace();
            if (name.isEmpty()) {
                throw error("an alarm name");
            }
            if (at >= text.length() || text.charAt(at) != ')') {
                throw error("')' after the alarm name");
            }
            at++;
            // An ARN names the alarm after its last "alarm:".
            int arn = name.lastIndexOf(":alarm:");
            String alarm = arn >= 0 ? name.substring(arn + ":alarm:".length()) : name;
            alarms.add(alarm);
            return alarm;
        }
    }
}
