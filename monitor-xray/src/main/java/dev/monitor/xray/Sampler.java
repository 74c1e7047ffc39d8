package dev.monitor.xray;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.monitor.core.syntax.Language;
import dev.monitor.core.syntax.ParseException;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local sampling as the X-Ray SDKs do it: rules in the SDK's version-2 JSON, tried in order, the
 * first whose {@code host}, {@code http_method} and {@code url_path} match (with {@code *} and
 * {@code ?} wildcards) decides; then the required {@code default}. A rule samples up to
 * {@code fixed_target} requests each second (its reservoir), and {@code rate} of the rest. The
 * default rule of the SDKs is a reservoir of 1 per second, then 5%. Thread-safe without locks: a
 * rule's reservoir is one {@link AtomicLong}, and no second lends more than its {@code fixed_target}
 * even when threads read the clock on both sides of a second's turn. After the clock steps back,
 * the reservoir lends again once the clock passes the latest second it lent in; the rate samples meanwhile.
 */
public final class Sampler implements SamplingStrategy {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Rule> rules;
    private final Rule fallback;
    private final Clock clock;

    private static final class Rule {
        /** X-Ray's wildcards, matched with {@link Wildcard}: no regular expression, no allocation per decision. */
        final String host;
        final String method;
        final String path;
        final int fixedTarget;
        final double rate;
        /**
         * The reservoir of the current second in one word: the second's low 32 bits above, the
         * requests it took below (at most {@code fixedTarget}, so never all ones). A decision reads
         * it, and only a request the reservoir takes swaps it: once the reservoir is spent, the rest
         * of the second costs one volatile read. Seconds 2^32 apart (136 years) share a window.
         */
        private final AtomicLong window = new AtomicLong(UNUSED);

        Rule(String host, String method, String path, int fixedTarget, double rate) {
            this.host = host;
            this.method = method;
            this.path = path;
            this.fixedTarget = fixedTarget;
            this.rate = rate;
        }

        boolean matches(String host, String method, String path) {
            return Wildcard.matches(this.path, path) && Wildcard.matches(this.method, method) && Wildcard.matches(this.host, host);
        }

        /**
         * Takes from the reservoir of {@code nowSecond} if it has any left, else the rate decides. A
         * later second starts a fresh reservoir; an earlier one (a thread that read the clock just
         * before the second turned, or a clock stepped back) takes nothing from it, since that
         * second's reservoir may already have been spent: so no second ever lends more than
         * {@code fixedTarget}, however threads interleave.
         */
        boolean sample(long nowSecond) {
            long key = nowSecond << 32;
            while (true) {
                long state = window.get();
                long taken;
                if (state == UNUSED) {
                    taken = 0;
                } else {
                    int ahead = (int) ((key - (state & SECOND_BITS)) >> 32); // seconds past the window's, modulo 2^32
                    if (ahead < 0) {
                        break;
                    }
                    taken = ahead == 0 ? state & COUNT_BITS : 0;
                }
                if (taken >= fixedTarget) {
                    break;
                }
                if (window.compareAndSet(state, key | (taken + 1))) {
                    return true;
                }
            }
            return ThreadLocalRandom.current().nextDouble() < rate;
        }
    }

    /** A reservoir that took no request yet: its count half is all ones, which no count reaches. */
    private static final long UNUSED = -1L;
    private static final long SECOND_BITS = 0xFFFF_FFFF_0000_0000L;
    private static final long COUNT_BITS = 0x0000_0000_FFFF_FFFFL;

    private Sampler(List<Rule> rules, Rule fallback, Clock clock) {
        this.rules = rules;
        this.fallback = fallback;
        this.clock = clock;
    }

    /** The SDKs' default rule: 1 per second, then 5%. */
    public static Sampler defaults(Clock clock) {
        return new Sampler(List.of(), new Rule("*", "*", "*", 1, 0.05), clock);
    }

    /**
     * Rules from the SDK's version-2 JSON.
     *
     * @throws ParseException naming every rule and field that breaks the format, at the first of them
     */
    public static Sampler fromJson(String json, Clock clock) {
        String text = json == null ? "" : json;
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null ? 0 : e.getLocation().getCharOffset();
            throw ParseException.of(Language.SAMPLING_RULES, text, (int) Math.max(0, offset),
                    "sampling rules are not JSON: " + e.getOriginalMessage(), "JSON", null);
        }
        if (root == null || !root.isObject()) {
            throw ParseException.of(Language.SAMPLING_RULES, text, firstValue(text),
                    "sampling rules must be a JSON object with version, rules and default, not "
                            + (root == null ? "nothing" : describe(root)),
                    "a JSON object with version, rules and default", found(root == null ? MissingNode.getInstance() : root));
        }
        List<Problem> problems = new ArrayList<>();
        if (root.path("version").asInt(-1) != 2) {
            problems.add(new Problem("/version", "", "version must be 2, not " + root.path("version"), "2",
                    root.path("version")));
        }
        List<Rule> rules = new ArrayList<>();
        JsonNode list = root.path("rules");
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            JsonNode rule = list.get(i);
            String where = "rules[" + i + "]";
            String pointer = "/rules/" + i;
            for (String field : List.of("host", "http_method", "url_path")) {
                if (!rule.path(field).isTextual()) {
                    problems.add(new Problem(pointer + "/" + field, pointer, where + "." + field + " is required and must be "
                            + "a string, not " + describe(rule.path(field)), "a string", rule.path(field)));
                }
            }
            Rule parsed = rate(rule, where, pointer, problems, rule.path("host").asText("*"),
                    rule.path("http_method").asText("*"), rule.path("url_path").asText("*"));
            if (parsed != null) {
                rules.add(parsed);
            }
        }
        if (!list.isMissingNode() && !list.isArray()) {
            problems.add(new Problem("/rules", "", "rules must be a list, not " + describe(list), "a list of rules", list));
        }
        Rule fallback = null;
        if (!root.path("default").isObject()) {
            problems.add(new Problem("/default", "", "default is required: {\"fixed_target\": 1, \"rate\": 0.05}",
                    "a default rule", root.path("default")));
        } else {
            fallback = rate(root.path("default"), "default", "/default", problems, "*", "*", "*");
        }
        if (!problems.isEmpty()) {
            Problem first = problems.get(0);
            Map<String, Integer> offsets = offsets(text);
            Integer offset = offsets.get(first.pointer());
            if (offset == null) {
                offset = offsets.getOrDefault(first.parent(), 0);
            }
            String every = String.join("; ", problems.stream().map(Problem::message).toList());
            throw ParseException.of(Language.SAMPLING_RULES, text, offset, every, first.expected(), found(first.value()));
        }
        return new Sampler(List.copyOf(rules), fallback, clock);
    }

    /**
     * One way the document breaks the format: the JSON pointer of the value (and of the object holding it, where a
     * missing value is reported), the message naming it, what was expected and the value found.
     */
    private record Problem(String pointer, String parent, String message, String expected, JsonNode value) {
    }

    private static Rule rate(JsonNode rule, String where, String pointer, List<Problem> problems, String host, String method,
            String path) {
        JsonNode target = rule.path("fixed_target");
        JsonNode rate = rule.path("rate");
        boolean ok = true;
        if (!target.canConvertToInt() || !target.isIntegralNumber() || target.asInt() < 0) {
            problems.add(new Problem(pointer + "/fixed_target", pointer, where
                    + ".fixed_target must be a whole number of requests per second, at least 0, not " + describe(target),
                    "a whole number, at least 0", target));
            ok = false;
        }
        if (!rate.isNumber() || rate.asDouble() < 0 || rate.asDouble() > 1) {
            problems.add(new Problem(pointer + "/rate", pointer, where + ".rate must be a number from 0 to 1, not "
                    + describe(rate), "a number from 0 to 1", rate));
            ok = false;
        }
        return ok ? new Rule(host, method, path, target.asInt(), rate.asDouble()) : null;
    }

    /** Where each value of a well-formed document starts, by JSON pointer ({@code /rules/0/rate}). */
    private static Map<String, Integer> offsets(String json) {
        Map<String, Integer> offsets = new HashMap<>();
        try (JsonParser parser = JSON.getFactory().createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isScalarValue() || token.isStructStart()) {
                    offsets.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(),
                            (int) parser.currentTokenLocation().getCharOffset());
                }
            }
        } catch (IOException e) {
            // Already read once as a tree: cannot happen; without offsets the problem is shown at the start.
        }
        return offsets;
    }

    /** Where the document's first value starts, after leading spaces. */
    private static int firstValue(String text) {
        int at = 0;
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at;
    }

    /** Whether to record {@code request}: its host, method and path decide (the local rules look at nothing else). */
    @Override
    public boolean sample(SamplingRequest request) {
        return sample(request.host(), request.httpMethod(), request.urlPath());
    }

    /** Whether to record a request to {@code host}, {@code method}, {@code path} (any may be null). */
    public boolean sample(String host, String method, String path) {
        long second = clock.instant().getEpochSecond();
        for (Rule rule : rules) {
            if (rule.matches(host, method, path)) {
                return rule.sample(second);
            }
        }
        return fallback.sample(second);
    }

    /** A JSON value as {@link ParseException#found()} names it: {@code '"fast"'}, {@code '-1'}, or {@code no value}. */
    private static String found(JsonNode value) {
        return value.isMissingNode() ? "no value" : "'" + value + "'";
    }

    /** A JSON value as an error message names it: {@code "fast"}, {@code -1}, or {@code missing}. */
    private static String describe(JsonNode value) {
        return value.isMissingNode() ? "missing" : value.toString();
    }
}
