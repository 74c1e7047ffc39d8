package dev.monitor.core.dashboard;

import java.util.List;

/**
 * PutDashboard's refusal ({@code DashboardInvalidInputError}, error code {@code InvalidParameterInput}):
 * a body that is not a JSON object, breaks the body's syntax, or a name CloudWatch does not allow.
 * For a body with problems the message is CloudWatch's, {@code The dashboard body is invalid, there are
 * 2 validation errors:} followed by the JSON list of {@code dataPath} and {@code message}, and
 * {@link #validationMessages()} holds each. Parsing a body throws nothing else.
 */
public final class DashboardInvalidInputException extends IllegalArgumentException {
    /** The error code CloudWatch answers with. */
    public static final String CODE = "InvalidParameterInput";

    private final List<DashboardValidationMessage> validationMessages;

    /** A refusal of the whole input (a name, a body that is no JSON object): no per-path messages. */
    public DashboardInvalidInputException(String message) {
        super(message);
        this.validationMessages = List.of();
    }

    /** The refusal of a body with {@code messages} (at least one). */
    public DashboardInvalidInputException(List<DashboardValidationMessage> messages) {
        super(bodyInvalid(messages));
        this.validationMessages = List.copyOf(messages);
    }

    /** The error code: {@value #CODE}. */
    public String code() {
        return CODE;
    }

    /** Each problem with its data path; empty when the input as a whole was refused. */
    public List<DashboardValidationMessage> validationMessages() {
        return validationMessages;
    }

    /** CloudWatch's message for a body with problems (recorded from PutDashboard's answers). */
    static String bodyInvalid(List<DashboardValidationMessage> messages) {
        StringBuilder text = new StringBuilder("The dashboard body is invalid, there are ").append(messages.size())
                .append(" validation errors:\n[");
        for (int i = 0; i < messages.size(); i++) {
            DashboardValidationMessage m = messages.get(i);
            text.append(i == 0 ? "\n" : ",\n").append("  {\n    \"dataPath\": ").append(quote(m.dataPath()))
                    .append(",\n    \"message\": ").append(quote(m.message())).append("\n  }");
        }
        return text.append("\n]").toString();
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
