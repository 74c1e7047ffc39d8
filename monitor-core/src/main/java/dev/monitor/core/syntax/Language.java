package dev.monitor.core.syntax;

/** The languages whose text {@link ParseException} reports on; each names itself and its end in messages. Immutable. */
public enum Language {
    FILTER_PATTERN("filter pattern", "pattern"),
    INSIGHTS_QUERY("Logs Insights query", "query"),
    METRIC_MATH("metric math expression", "expression"),
    ALARM_RULE("alarm rule", "rule"),
    FILTER_EXPRESSION("X-Ray filter expression", "expression"),
    SAMPLING_RULES("sampling rules", "document");

    private final String humanName;
    private final String noun;

    Language(String humanName, String noun) {
        this.humanName = humanName;
        this.noun = noun;
    }

    /** How messages name the language, such as "filter pattern". */
    public String humanName() {
        return humanName;
    }

    /** What {@link ParseException#found()} says at the end of the text, such as "the end of the pattern". */
    public String endOfInput() {
        return "the end of the " + noun;
    }
}
