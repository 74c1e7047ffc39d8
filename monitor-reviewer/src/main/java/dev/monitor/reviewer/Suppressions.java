package dev.monitor.reviewer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code // monitor:ignore RULE[,RULE...] reason} comments of one file. A comment silences the named rules on
 * its own line and, when it stands on a line of its own, on the line below. The reason is required: a reviewer
 * reading the suppression later needs to know why, so one without a reason silences nothing and is reported.
 */
final class Suppressions {
    private static final Pattern IGNORE = Pattern.compile("//\\s*monitor:ignore\\b[ \\t]*([\\w/.,-]*)[ \\t]*(.*)$");

    private final Map<Integer, Set<String>> rulesByLine = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    Suppressions(SourceFile file) {
        for (int number = 1; number <= file.lineCount(); number++) {
            String line = file.line(number);
            Matcher matcher = IGNORE.matcher(line);
            if (!matcher.find()) {
                continue;
            }
            String rules = matcher.group(1);
            String reason = matcher.group(2).strip();
            if (rules.isEmpty() || reason.isEmpty()) {
                problems.add(file.path() + ":" + number + ": 'monitor:ignore' needs a rule id and a reason "
                        + "(// monitor:ignore java/resource-leak closed by the caller); it silences nothing as written");
                continue;
            }
            Set<String> ids = Set.copyOf(List.of(rules.split(",")));
            rulesByLine.put(number, ids);
            if (line.substring(0, matcher.start()).isBlank()) {
                rulesByLine.put(number + 1, ids);
            }
        }
    }

    boolean silences(Finding finding) {
        for (int line = finding.startLine(); line <= finding.endLine(); line++) {
            Set<String> ids = rulesByLine.get(line);
            if (ids != null && ids.contains(finding.ruleId())) {
                return true;
            }
        }
        return false;
    }

    List<String> problems() {
        return problems;
    }
}
