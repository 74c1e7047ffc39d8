package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.IfStmt;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Detector;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import dev.monitor.reviewer.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What only an observability library knows to look for: metric dimensions that explode cardinality, log calls that
 * build their message eagerly or lose the stack trace, audit records that call a write a read, and trace
 * annotations X-Ray will not index.
 */
final class ObservabilityDetectors {
    private ObservabilityDetectors() {
    }

    static List<Detector> all() {
        return List.of(new UnboundedDimension(), new LogStringConcatenation(), new ExceptionLoggedWithoutThrowable(),
                new AuditWriteRecordedAsRead(), new InvalidAnnotationKey());
    }

    /** {@code monitor/unbounded-dimension}. */
    static final class UnboundedDimension extends RuleDetector {
        static final Rule RULE = new Rule("monitor/unbounded-dimension", "Metric dimension from an unbounded value",
                Severity.HIGH, Category.OBSERVABILITY, "A metric dimension (tag) takes a value with no fixed set of values "
                + "(a user or request id, a timestamp, a raw URL, an IP address): every distinct value is a new time series, "
                + "so memory, cost and query time grow without bound (CloudWatch bills each one as a custom metric).");
        private static final Pattern UNBOUNDED_NAME = Pattern.compile("(?:.*(?:userid|customerid|accountid|sessionid|requestid|"
                + "traceid|spanid|orderid|transactionid|correlationid|messageid|eventid|deviceid|clientid|uuid|guid|email|"
                + "ipaddress|remoteaddr|remoteaddress|clientip|sourceip|timestamp|requesturi|requesturl|useragent|username)"
                + "|id|ip|user|email|uri|url|time|now|millis|nanos)");
        private static final Set<String> METRIC_METHODS = Set.of("counter", "gauge", "timer", "distribution", "summary",
                "histogram");
        private static final Set<String> UNBOUNDED_CALLS = Set.of("randomUUID", "currentTimeMillis", "nanoTime", "now",
                "getRequestURI", "getRequestURL", "getRemoteAddr", "getRemoteHost", "getQueryString", "getRemoteUser",
                "getSessionId", "getId");

        UnboundedDimension() {
            super(RULE);
        }

        @Override
        public void inspect(SourceFile file, Consumer<Finding> findings) {
            for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class)) {
                for (Expression value : dimensionValues(call)) {
                    String why = unbounded(value);
                    if (why != null) {
                        report(file, findings, call, value, why);
                        break;
                    }
                }
            }
            for (ObjectCreationExpr creation : file.unit().findAll(ObjectCreationExpr.class,
                    c -> c.getType().getNameAsString().equals("Dimension") && c.getArguments().size() == 2)) {
                String why = unbounded(creation.getArgument(1));
                if (why != null) {
                    report(file, findings, creation, creation.getArgument(1), why);
                }
            }
        }

        private static void report(SourceFile file, Consumer<Finding> findings, Node at, Expression value, String why) {
            findings.accept(file.finding(RULE, at, "The dimension value '" + value + "' is " + why + ": each distinct "
                    + "value is a new time series, so cardinality (memory, cost, query time) grows without bound.",
                    "Use a bounded value as the dimension (a route template, a status class, a tenant tier); put the id "
                    + "in the log line or the trace annotation instead, where per-request values belong."));
        }

        /** The value arguments of a dimension-taking call: metrics.counter(name, k, v, ...), .dimension(k, v), .tag(k, v). */
        private static List<Expression> dimensionValues(MethodCallExpr call) {
            List<Expression> values = new ArrayList<>();
            String name = call.getNameAsString();
            int count = call.getArguments().size();
            if (METRIC_METHODS.contains(name) && count >= 3 && count % 2 == 1 && call.getScope().isPresent()) {
                for (int i = 1; i < count; i += 2) {
                    if (Ast.literal(call.getArgument(i)) == null) {
                        return List.of(); // not name, key, value, key, value ...
                    }
                }
                for (int i = 2; i < count; i += 2) {
                    values.add(call.getArgument(i));
                }
            } else if ((name.equals("dimension") || name.equals("tag")) && count == 2 && Ast.literal(call.getArgument(0)) != null) {
                values.add(call.getArgument(1));
            } else if ((Ast.isStaticCall(call, "Tag", "of") || Ast.isStaticCall(call, "Tags", "of")) && count % 2 == 0) {
                for (int i = 1; i < count; i += 2) {
                    values.add(call.getArgument(i));
                }
            }
            return values;
        }

        /** Why {@code value} has no bound, or null when it may have one. */
        static String unbounded(Expression value) {
            Expression e = Ast.unwrap(value);
            if (e instanceof MethodCallExpr call && (call.getNameAsString().equals("valueOf") || call.getNameAsString().equals("toString")
                    && call.getArguments().size() <= 1)) {
                Expression inner = call.getArguments().isEmpty() ? call.getScope().orElse(null) : call.getArgument(0);
                if (inner != null) {
                    return unbounded(inner);
                }
            }
            if (e instanceof BinaryExpr binary && binary.getOperator() == BinaryExpr.Operator.PLUS) {
                String left = unbounded(binary.getLeft());
                return left != null ? left : unbounded(binary.getRight());
            }
            if (e instanceof MethodCallExpr call && UNBOUNDED_CALLS.contains(call.getNameAsString())) {
                return "the result of " + call.getNameAsString() + "(), different for nearly every call";
            }
            String name = Ast.nameOf(e);
            if (name != null && !(e instanceof MethodCallExpr m && !m.getArguments().isEmpty())) {
                String flat = name.replace("_", "").toLowerCase(Locale.ROOT);
                if (UNBOUNDED_NAME.matcher(flat).matches()) {
                    return "named like a per-user or per-request identifier";
                }
            }
            return null;
        }
    }

    /** {@code monitor/log-string-concat}. */
    static final class LogStringConcatenation extends RuleDetector {
        static final Rule RULE = new Rule("monitor/log-string-concat", "Log message built eagerly", Severity.LOW,
                Category.OBSERVABILITY, "A log call's message is built with + or String.format: the string is built even "
                + "when the level is off, and the message is a different text for every value, so log analytics cannot "
                + "group lines by their pattern.");

        LogStringConcatenation() {
            super(RULE);
        }

        @Override
        public void inspect(SourceFile file, Consumer<Finding> findings) {
            for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class, Ast::isLogCall)) {
                Expression message = messageOf(call);
                if (message == null || guarded(call) || julLogger(file, call)) {
                    continue;
                }
                boolean format = Ast.isFormatCall(message);
                if (format || Ast.isDynamicConcatenation(message)) {
                    findings.accept(file.finding(RULE, call, "The message is built with " + (format ? "String.format" : "+")
                            + " before the logger decides whether to log: the work is done even when the level is off, and "
                            + "each line is a different text instead of one pattern with parameters.", "Pass a constant "
                            + "pattern and the values as arguments: log.info(\"order {} placed by {}\", id, user)."));
                }
            }
        }

        /**
         * java.util.logging has no {} parameters (its log(Level, String, Throwable) takes none), so the rule's fix
         * does not apply to it.
         */
        private static boolean julLogger(SourceFile file, MethodCallExpr call) {
            Set<String> julOnly = Set.of("warning", "severe", "fine", "finer", "finest", "config");
            return julOnly.contains(call.getNameAsString()) || call.getArguments().get(0).toString().startsWith("Level.")
                    || file.unit().getImports().stream().anyMatch(i -> i.getNameAsString().startsWith("java.util.logging"));
        }

        /** The message argument: the first, or the one after a Level or Marker. */
        private static Expression messageOf(MethodCallExpr call) {
            List<Expression> arguments = call.getArguments();
            Expression first = arguments.get(0);
            String firstText = first.toString();
            if (arguments.size() >= 2 && (firstText.startsWith("Level.") || firstText.contains("Marker")
                    || firstText.equals("level") || "Level".equals(Ast.typeOf(first)) || "Marker".equals(Ast.typeOf(first)))) {
                return arguments.get(1);
            }
            return first;
        }

        private static boolean guarded(MethodCallExpr call) {
            for (Node node = call.getParentNode().orElse(null); node != null; node = node.getParentNode().orElse(null)) {
                if (node instanceof IfStmt check && check.getCondition().toString().matches("(?s).*is\\w*Enabled.*|.*isLoggable.*")) {
                    return true;
                }
                if (node instanceof LambdaExpr || node instanceof com.github.javaparser.ast.body.CallableDeclaration<?>) {
                    return false;
                }
            }
            return false;
        }
    }

    /** {@code monitor/exception-not-logged}. */
    static final class ExceptionLoggedWithoutThrowable extends RuleDetector {
        static final Rule RULE = new Rule("monitor/exception-not-logged", "Exception logged without its stack trace",
                Severity.MEDIUM, Category.OBSERVABILITY, "A catch block logs the exception's getMessage() but not the "
                + "exception itself: the type, the stack trace and the cause chain are lost, and the message alone is often "
                + "null or says nothing about where.", 778);
        /** Only the message: toString() keeps at least the type, a deliberate one-line summary. */
        private static final Set<String> TEXT_OF = Set.of("getMessage", "getLocalizedMessage");

        ExceptionLoggedWithoutThrowable() {
            super(RULE);
        }

        @Override
        public void inspect(SourceFile file, Consumer<Finding> findings) {
            for (CatchClause clause : file.unit().findAll(CatchClause.class)) {
                String exception = clause.getParameter().getNameAsString();
                for (MethodCallExpr call : clause.getBody().findAll(MethodCallExpr.class, Ast::isLogCall)) {
                    if (Ast.enclosingBody(call) != Ast.enclosingBody(clause)) {
                        continue;
                    }
                    boolean passed = call.getArguments().stream().anyMatch(a -> a instanceof NameExpr n
                            && n.getNameAsString().equals(exception));
                    boolean textOnly = call.getArguments().stream().anyMatch(a -> usesText(a, exception));
                    if (!passed && textOnly) {
                        findings.accept(file.finding(RULE, call, "This log call records only the message of '" + exception
                                + "': its type, stack trace and causes are lost (and the message may be null), which is "
                                + "what would tell what failed and where.",
                                "Pass the exception as the last argument: log.warn(\"upload of {} failed\", file, " + exception
                                + ") (SLF4J prints the trace of a trailing Throwable)."));
                    }
                }
            }
        }

        private static boolean usesText(Expression argument, String exception) {
            for (MethodCallExpr text : argument.findAll(MethodCallExpr.class, c -> TEXT_OF.contains(c.getNameAsString()))) {
                if (text.getScope().map(s -> s instanceof NameExpr n && n.getNameAsString().equals(exception)).orElse(false)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code monitor/audit-write-as-read}. */
    static final class AuditWriteRecordedAsRead extends RuleDetector {
        static final Rule RULE = new Rule("monitor/audit-write-as-read", "Audit records a write as a read", Severity.HIGH,
                Category.OBSERVABILITY, "An audit call for an operation that changes something (Put, Create, Delete, "
                + "Update, ...) is marked read(): CloudTrail's readOnly flag is true, so trails and selectors that keep "
                + "only write events drop it, and a change disappears from the audit record.", 778);
        /** First words of operations that change state, as in CloudTrail's event names. */
        private static final Set<String> WRITE_VERBS = Set.of("Put", "Create", "Delete", "Update", "Remove", "Add", "Set",
                "Modify", "Attach", "Detach", "Associate", "Disassociate", "Start", "Stop", "Terminate", "Reboot", "Reset",
                "Rotate", "Enable", "Disable", "Register", "Deregister", "Revoke", "Grant", "Change", "Tag", "Untag",
                "Import", "Restore", "Cancel", "Send", "Publish", "Upload", "Write", "Insert", "Run", "Invoke", "Execute",
                "Replace", "Apply", "Assign", "Unassign", "Purge", "Copy", "Move", "Rename", "Submit", "Approve", "Reject",
                "Accept", "Place", "Pay", "Charge", "Refund", "Save", "Edit", "Drop", "Truncate", "Lock", "Unlock");
        private static final Set<String> WRITING_CALLS = Set.of("delete", "deleteById", "save", "saveAll", "insert",
                "update", "executeUpdate", "persist", "merge", "remove", "putItem", "deleteItem", "updateItem", "putObject",
                "deleteObject");
        private static final Pattern FIRST_WORD = Pattern.compile("^([A-Z][a-z]+)");

        AuditWriteRecordedAsRead() {
            super(RULE);
        }

        @Override
        public void inspect(SourceFile file, Consumer<Finding> findings) {
            for (MethodCallExpr read : file.unit().findAll(MethodCallExpr.class, c -> c.getNameAsString().equals("read")
                    && c.getArguments().isEmpty() && c.getScope().isPresent())) {
                String event = eventName(read);
                if (event == null) {
                    continue;
                }
                var verb = FIRST_WORD.matcher(event);
                if (verb.find() && WRITE_VERBS.contains(verb.group(1))) {
                    findings.accept(file.finding(RULE, read, "'" + event + "' changes state but is recorded as read(): the "
                            + "record says readOnly=true, so write-only trails and selectors drop it.", fix()));
                    continue;
                }
                String writing = writingWork(read);
                if (writing != null) {
                    findings.accept(file.finding(RULE, read, "'" + event + "' is recorded as read() but its work calls "
                            + writing + "(), which changes data: write-only trails and selectors will drop the record.", fix()));
                }
            }
        }

        private static String fix() {
            return "Mark it write() (CloudTrail's readOnly=false), or name the event after what it does.";
        }

        /** The literal passed to the chain's {@code call("...")} or {@code builder("...")}, or null. */
        private static String eventName(MethodCallExpr read) {
            Expression x = read.getScope().orElse(null);
            while (x instanceof MethodCallExpr m) {
                if ((m.getNameAsString().equals("call") || m.getNameAsString().equals("builder")) && m.getArguments().size() == 1) {
                    String name = Ast.literal(m.getArgument(0));
                    boolean audit = m.getNameAsString().equals("builder") ? m.getScope().map(s -> s.toString().endsWith("AuditEvent")).orElse(false)
                            : m.getScope().map(s -> {
                                String scope = s.toString().toLowerCase(Locale.ROOT);
                                return scope.contains("audit") || scope.contains("trail");
                            }).orElse(false);
                    return audit ? name : null;
                }
                x = m.getScope().orElse(null);
            }
            return null;
        }

        /** A data-changing call inside the work run after {@code .read()}, or null. */
        private static String writingWork(MethodCallExpr read) {
            Node parent = read.getParentNode().orElse(null);
            while (parent instanceof MethodCallExpr next && next.getScope().isPresent()) {
                if (next.getNameAsString().equals("run") || next.getNameAsString().equals("call")) {
                    for (Expression argument : next.getArguments()) {
                        for (MethodCallExpr inner : argument.findAll(MethodCallExpr.class,
                                c -> WRITING_CALLS.contains(c.getNameAsString()) && c.getScope().isPresent())) {
                            return inner.getNameAsString();
                        }
                    }
                    return null;
                }
                parent = next.getParentNode().orElse(null);
            }
            return null;
        }
    }

    /** {@code monitor/invalid-annotation-key}. */
    static final class InvalidAnnotationKey extends RuleDetector {
        static final Rule RULE = new Rule("monitor/invalid-annotation-key", "Trace annotation X-Ray will not index",
                Severity.MEDIUM, Category.OBSERVABILITY, "A trace annotation's key breaks X-Ray's rule (letters, digits and "
                + "underscores, 1 to 500 characters; https://docs.aws.amazon.com/xray/latest/devguide/"
                + "xray-api-segmentdocuments.html#api-segmentdocuments-annotations) or its value is not a string, number "
                + "or boolean: X-Ray drops it, so filter expressions on it never match.");
        private static final Pattern VALID_KEY = Pattern.compile("[a-zA-Z0-9_]{1,500}");
        private static final Set<String> VALUE_TYPES = Set.of("String", "int", "long", "double", "float", "short", "byte",
                "boolean", "Integer", "Long", "Double", "Float", "Short", "Byte", "Boolean", "Number", "char", "Character");

        InvalidAnnotationKey() {
            super(RULE);
        }

        @Override
        public void inspect(SourceFile file, Consumer<Finding> findings) {
            for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class, c -> c.getNameAsString().equals("putAnnotation")
                    && c.getArguments().size() == 2)) {
                String key = Ast.literal(call.getArgument(0));
                if (key != null && !VALID_KEY.matcher(key).matches()) {
                    findings.accept(file.finding(RULE, call, "The annotation key \"" + key + "\" is not letters, digits and "
                            + "underscores (1-500): X-Ray drops the annotation, and filter expressions on it find nothing.",
                            "Rename it to match [a-zA-Z0-9_]{1,500}, e.g. \"" + suggestion(key) + "\"."));
                    continue;
                }
                String type = Ast.typeOf(call.getArgument(1));
                if (type != null && !VALUE_TYPES.contains(type)) {
                    findings.accept(file.finding(RULE, call, "The annotation value is a " + type + ": X-Ray annotations hold "
                            + "only strings, numbers and booleans, so it is dropped.", "Annotate a scalar that identifies it "
                            + "(an id, a count), and put the structure in metadata with putMetadata."));
                }
            }
        }

        private static String suggestion(String key) {
            String fixed = key.replaceAll("[^a-zA-Z0-9_]", "_");
            return fixed.isEmpty() ? "key" : fixed.length() > 500 ? fixed.substring(0, 500) : fixed;
        }
    }
}
