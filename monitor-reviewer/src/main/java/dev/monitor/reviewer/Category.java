package dev.monitor.reviewer;

/** The families of rules, CodeGuru Reviewer's plus the observability misuse only Monitor knows about. */
public enum Category {
    RESOURCE_LEAK("resource-leak"),
    SECURITY("security"),
    INPUT_VALIDATION("input-validation"),
    BEST_PRACTICE("best-practice"),
    OBSERVABILITY("observability");

    private final String tag;

    Category(String tag) {
        this.tag = tag;
    }

    /** The tag written to SARIF rule properties and the JSON report. */
    public String tag() {
        return tag;
    }
}
