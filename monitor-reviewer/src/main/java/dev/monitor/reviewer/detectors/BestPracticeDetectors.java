package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.Type;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Detector;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import dev.monitor.reviewer.SourceFile;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The best-practice and hard-to-find-bug detectors: each small enough to read in one screen. */
final class BestPracticeDetectors {
    private BestPracticeDetectors() {
    }

    static List<Detector> all() {
        return List.of(new EqualsWithoutHashCode(), new StringReferenceEquality(), new InterruptSwallowed(), new EmptyCatch(),
                new DoubleCheckedLocking(), new SleepInLoop(), new SharedDateFormat(), new BigDecimalFromDouble(),
                new OptionalGetWithoutCheck(), new ModifiedWhileIterating());
    }

    /** {@code java/equals-without-hashcode}. */
    static final class EqualsWithoutHashCode extends RuleDetector {
        static final Rule RULE = new Rule("java/equals-without-hashcode", "equals without hashCode", Severity.HIGH,
                Category.BEST_PRACTICE, "A class overrides equals(Object) but not hashCode(): equal objects get different "
                + "hash codes, so HashMap and HashSet lose or duplicate them.", 581);

        EqualsWithoutHashCode() {
            super(RULE);
        }

        @Override
        public void inspect(SourceFile file, Consumer<Finding> findings) {
            // A subclass may rely on its superclass's hashCode (which the source here does not show); an abstract or
            // super-delegating equals changes nothing.
            for (ClassOrInterfaceDeclaration type : file.unit().findAll(ClassOrInterfaceDeclaration.class,
                    t -> !t.isInterface() && t.getExtendedTypes().isEmpty())) {
                List<MethodDeclaration> equals = type.getMethodsBySignature("equals", "Object").stream()
                        .filter(m -> m.getBody().isPresent() && !m.getBody().get().toString().contains("super.equals(")).toList();
                if (!equals.isEmpty() && type.getMethodsBySignature("hashCode").isEmpty()) {
                    findings.accept(file.finding(RULE, equals.get(0), type.getNameAsString() + " overrides equals but not "
                            + "hashCode: two equal instances hash differently, so hash-based collections treat them as "
                            + "different keys.", "Override hashCode over the same fields equals compares (Objects.hash(...)), "
                            + "or make the class a record."));
                }
            }
        }
    }

    /** {@code java/string-reference-equality}. */
    static final class StringReferenceEquality extends RuleDetector {
        static final Rule RULE = new Rule("java/string-reference-equality", "Strings compared with ==", Severity.HIGH,
                Category.BEST_PRACTICE, "Two strings are compared with == or !=, which compares references: equal text "
                + "from different sources (parsing, concatenation, I/O) compares unequal.", 597);

        StringReferenceEquality() {
            super(RULE);
        }

        @Override
        public void inspect(SourceFile file, Consumer<Finding> findings) {
            for (BinaryExpr binary : file.unit().findAll(BinaryExpr.class, b -> b.getOperator() == BinaryExpr.Operator.EQUALS
                    || b.getOperator() == BinaryExpr.Operator.NOT_EQUALS)) {
                Expression left = Ast.unwrap(binary.getLeft());
                Expression right = Ast.unwrap(binary.getRight());
                if (left.isNullLiteralExpr() || right.isNullLiteralExpr()) {
                    continue;
                }
                boolean leftString = "String".equals(Ast.typeOf(left));
                boolean rightString = "String".equals(Ast.typeOf(right));
                boolean literal = left.isStringLiteralExpr() || right.isStringLiteralExpr();
                if (leftString && rightString && (literal || !constant(left) && !constant(right))
                        && !fastPath(binary) && !sameInstanceCheck(left, right) && !sameInstanceCheck(right, left)) {
                    findings.accept(file.finding(RULE, binary, "'" + binary + "' compares string references, not text: "
                            + "equal strings built at run time are different objects.", "Compare with equals: "
                            + "\"literal\".equals(value) or Objects.equals(a, b)."));
                }
            }
        }

        /** Identity as a fast path before an equals of the same two values in the same method. */
        private static boolean fastPath(BinaryExpr binary) {
            String a = Ast.nameOf(binary.getLeft());
            String b = Ast.nameOf(binary.getRight());
            Node body = Ast.enclosingBody(binary);
            if (a == null || b == null || body == null) {
                return false;
            }
            // Any call that compares the two by content (equals, equalsIgnoreCase, regionMatches, compare) after the check.
            return body.findFirst(MethodCallExpr.class, c -> {
                java.util.Set<String> names = new java.util.HashSet<>();
                c.getScope().map(Ast::nameOf).ifPresent(names::add);
                c.getArguments().forEach(arg -> {
                    String n = Ast.nameOf(arg);
                    if (n != null) {
                        names.add(n);
                    }
                });
                return names.contains(a) && names.contains(b);
            }).isPresent();
        }

        /**
         * {@code scrubbed == text} where {@code scrubbed = scrub(text)}: asks whether a function returned its argument
         * unchanged, which is an identity question on purpose.
         */
        private static boolean sameInstanceCheck(Expression derived, Expression original) {
            String derivedName = Ast.nameOf(derived);
            String originalName = Ast.nameOf(original);
            if (!(derived instanceof NameExpr) || originalName == null) {
                return false;
            }
            VariableDeclarator local = Ast.localDeclaration(derived, derivedName);
            if (local == null) {
                return false;
            }
            java.util.List<Expression> values = new java.util.ArrayList<>();
            local.getInitializer().ifPresent(values::add);
            Node body = Ast.enclosingBody(derived);
            if (body != null) {
                body.findAll(AssignExpr.class, a -> derivedName.equals(Ast.nameOf(a.getTarget()))).forEach(a -> values.add(a.getValue()));
            }
            return values.stream().map(Ast::unwrap).anyMatch(v -> v instanceof MethodCallExpr
                    && v.findFirst(NameExpr.class, n -> n.getNameAsString().equals(originalName) || n.getNameAsString().equals(derivedName)).isPresent())
                    || sameInstanceAssigned(derived, originalName, derivedName);
        }

        /** {@code String old = text; text = text.trim(); if (text != old)}: "did the call change it". */
        private static boolean sameInstanceAssigned(Expression at, String original, String derived) {
            VariableDeclarator copy = Ast.localDeclaration(at, original);
            return copy != null && copy.getInitializer().map(i -> derived.equals(Ast.nameOf(i))).orElse(false);
        }

        /** A sentinel constant compared by identity on purpose. */
        private static boolean constant(Expression e) {
            String name = Ast.nameOf(e);
            return name != null && name.equals(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** {@code java/interrupted-exception-swallowed}. */
    static final class InterruptSwallowed extends RuleDetector {
        static final Rule RULE = new Rule("java/interrupted-exception-swallowed", "InterruptedException swallowed",
                Severity.MEDIUM, Category.BEST_PRACTICE, "InterruptedException is caught and neither rethrown nor the "
                + "thread re-interrupted: the interrupt is lost, so shutdown and cancellation of this thread stop working.", 391);

        InterruptSwallowed() {
            super(RULE);
        }

        @Override
        public void inspect(SourceFile file, Consumer<Finding> findings) {
            for (CatchClause clause : file.unit().findAll(CatchClause.class)) {
                if (!clause.getParameter().getType().asString().contains("InterruptedException")) {
                    continue;
                }
                BlockStmt body = clause.getBody();
                boolean restored = body.findFirst(MethodCallExpr.class, c -> c.getNameAsString().equals("interrupt")).isPresent();
                boolean rethrown = body.findFirst(ThrowStmt.class).isPresent();
                // Leaving the loop or method is obeying the interrupt: the thread stops the work it was asked to stop.
                boolean stops = body.findFirst(ReturnStmt.class).isPresent() || body.findFirst(BreakStmt.class).isPresent();
                Node around = Ast.enclosingBody(clause);
                boolean restoredLater = around != null && around.findFirst(MethodCallExpr.class,
                        c -> c.getNameAsString().equals("interrupt")).isPresent();
                boolean documented = !body.getAllContainedComments().isEmpty();
                if (!restored && !rethrown && !stops && !restoredLater && !documented) {
                    findings.accept(file.finding(RULE, clause, "The InterruptedException is swallowed: the thread's "
                            + "interrupt flag is cleared and nothing rethrows it, so whoever asked this thread to stop is "
                            + "ignored.", "Call Thread.currentThread().interrupt() in the catch block (then return or "
                            + "throw), or declare throws InterruptedException."));
                }
            }
        }
    }

    /** {@code java/empty-catch}. */
    static final class EmptyCatch extends RuleDetector {
        static final Rule RULE = new Rule("java/empty-catch", "Empty catch of a broad exception", Severity.MEDIUM,
                Category.BEST_PRACTICE, "catch (Exception e) {} (or Throwable, RuntimeException) with an empty body and no "
                + "comment: every failure, including programming errors, disappears without a trace.", 1069);
        private static final Set<String> BROAD = Set.of("Exception", "Throwable", "RuntimeException", "Error");

        EmptyCatch() {
            super(RULE);
        }

        @Override
        public void inspect(SourceFile file, Consumer<Finding> findings) {
            for (CatchClause clause : file.unit().findAll(CatchClause.class)) {
                String type = clause.getParameter().getType().asString();
                String name = clause.getParameter().getNameAsString();
                int closing = clause.getBody().getEnd().map(p -> p.line).orElse(0);
                boolean explained = file.line(closing).substring(Math.min(file.line(closing).length(),
                        clause.getBody().getEnd().map(p -> p.column).orElse(0))).contains("//");
                if (BROAD.contains(type) && clause.getBody().getStatements().isEmpty() && !explained
                        && clause.getBody().getAllContainedComments().isEmpty() && !name.startsWith("ignore")
                        && !name.equals("expected") && !name.equals("unused")) {
                    findings.accept(file.finding(RULE, clause, "catch (" + type + " " + name + ") {} hides every failure "
                            + "of the try block, bugs included: nothing is logged, counted or rethrown.", "Catch the specific "
                            + "exception you expect, and log or count it; if ignoring is right, say why in a comment."));
                }
            }
        }
    }

    /** {@code java/double-checked-locking}. */
    static final class DoubleCheckedLocking extends RuleDetector {
        static final Rule RULE = new Rule("java/double-checked-locking", "Double-checked locking without volatile",
                Severity.HIGH, Category.BEST_PRACTICE, "A field is lazily initialised with double-checked locking but is "
                + "not volatile: another thread can see the reference before the object's fields are written.", 609);

        DoubleCheckedLocking() {
            super(RULE);
        }

        @Override
        public void inspect(SourceFile file, Consumer<Finding> findings) {
            for (IfStmt outer : file.unit().findAll(IfStmt.class)) {
                String field = nullChecked(outer.getCondition());
                if (field == null) {
                    continue;
                }
                for (SynchronizedStmt sync : outer.getThenStmt().findAll(SynchronizedStmt.class)) {
                    boolean inner = sync.getBody().findAll(IfStmt.class).stream().anyMatch(i -> field.equals(nullChecked(i.getCondition()))
                            && i.getThenStmt().findAll(AssignExpr.class).stream().anyMatch(a -> field.equals(Ast.nameOf(a.getTarget()))));
                    boolean isVolatile = Ast.field(outer, field).map(f -> f.isVolatile()).orElse(true);
                    if (inner && !isVolatile) {
                        findings.accept(file.finding(RULE, outer, "'" + field + "' is initialised by double-checked locking "
                                + "but is not volatile: without it another thread may see a partly constructed object.",
                                "Declare the field volatile, or use the holder-class idiom (a static nested class's "
                                + "static final field)."));
                    }
                }
            }
        }

        private static String nullChecked(Expression condition) {
            Expression c = Ast.unwrap(condition);
            if (c instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.EQUALS && b.getRight().isNullLiteralExpr()) {
                Expression target = Ast.unwrap(b.getLeft());
                if (target instanceof NameExpr || target.isFieldAccessExpr() && target.asFieldAccessExpr().getScope().isThisExpr()) {
                    return Ast.nameOf(target);
                }
            }
            return null;
        }
    }

    /** {@code java/sleep-in-loop}. */
    static final class SleepInLoop extends RuleDetector {
        static final Rule RULE = new Rule("java/sleep-in-loop", "Thread.sleep polling for a state", Severity.MEDIUM,
                Category.BEST_PRACTICE, "A loop does nothing but sleep until some state changes: it reacts late by up to "
                + "the sleep, burns a thread while waiting, and sees the change only if the state is visibly published.", 1050);

        SleepInLoop() {
            super(RULE);
        }

        @Override
        public void inspect(SourceFile file, Consumer<Finding> findings) {
            for (Statement loop : file.unit().findAll(Statement.class, s -> s instanceof WhileStmt || s instanceof DoStmt)) {
                Expression condition = loop instanceof WhileStmt w ? w.getCondition() : ((DoStmt) loop).getCondition();
                Statement body = loop instanceof WhileStmt w ? w.getBody() : ((DoStmt) loop).getBody();
                if (condition.isBooleanLiteralExpr() || !onlySleeps(body) || deadline(condition)) {
                    continue;
                }
                findings.accept(file.finding(RULE, loop, "This loop polls '" + condition + "' with sleep: the change is "
                        + "noticed up to one sleep late, a thread is held the whole time, and a non-volatile flag may "
                        + "never be seen to change.", "Wait on the event itself: a CountDownLatch, CompletableFuture, "
                        + "Condition.await, BlockingQueue.take, or a ScheduledExecutorService for periodic checks."));
            }
        }

        /** A wait bounded by a clock reading is a grace period at shutdown, not an open-ended wait. */
        private static boolean deadline(Expression condition) {
            String text = condition.toString();
            return text.contains("nanoTime()") || text.contains("currentTimeMillis()") || text.contains("deadline")
                    || text.contains("Instant.now()") || text.contains("instant()");
        }

        private static boolean onlySleeps(Statement body) {
            List<Statement> statements = body instanceof BlockStmt block ? block.getStatements() : List.of(body);
            if (statements.isEmpty()) {
                return false;
            }
            for (Statement statement : statements) {
                Statement s = statement;
                if (s instanceof TryStmt t && t.getTryBlock().getStatements().size() == 1) {
                    s = t.getTryBlock().getStatement(0);
                }
                if (!(s instanceof ExpressionStmt e && e.getExpression() instanceof MethodCallExpr call
                        && call.getNameAsString().equals("sleep"))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code java/shared-date-format}. */
    static final class SharedDateFormat extends RuleDetector {
        private static final Set<String> USES = Set.of("format", "parse", "parseObject");
        static final Rule RULE = new Rule("java/shared-date-format", "SimpleDateFormat shared between threads",
                Severity.HIGH, Category.BEST_PRACTICE, "A static SimpleDateFormat or DateFormat is shared: the class keeps "
                + "parse state in fields, so concurrent use returns wrong dates or throws.", 362);

        SharedDateFormat() {
            super(RULE);
        }

        @Override
        public void inspect(SourceFile file, Consumer<Finding> findings) {
            for (FieldDeclaration field : file.unit().findAll(FieldDeclaration.class, FieldDeclaration::isStatic)) {
                for (VariableDeclarator variable : field.getVariables()) {
                    String type = Ast.simpleName(variable.getType());
                    boolean format = type.equals("SimpleDateFormat") || type.equals("DateFormat");
                    // A static format only cloned per use (a prototype) is not shared state.
                    boolean used = file.unit().findFirst(MethodCallExpr.class, c -> USES.contains(c.getNameAsString())
                            && c.getScope().map(sc -> variable.getNameAsString().equals(Ast.nameOf(sc))).orElse(false)).isPresent();
                    if (format && used) {
                        findings.accept(file.finding(RULE, variable, "'" + variable.getNameAsString() + "' is a static "
                                + type + ": it is not thread-safe, and threads sharing it corrupt each other's results.",
                                "Use java.time's DateTimeFormatter (immutable and thread-safe), or a ThreadLocal<SimpleDateFormat>."));
                    }
                }
            }
        }
    }

    /** {@code java/bigdecimal-from-double}. */
    static final class BigDecimalFromDouble extends RuleDetector {
        static final Rule RULE = new Rule("java/bigdecimal-from-double", "BigDecimal from a double", Severity.MEDIUM,
                Category.BEST_PRACTICE, "new BigDecimal(double) keeps the binary approximation exactly: new BigDecimal(0.1) "
                + "is 0.1000000000000000055511151231257827..., so money arithmetic drifts.", 1339);
        private static final Set<String> FLOATING = Set.of("double", "float", "Double", "Float");

        BigDecimalFromDouble() {
            super(RULE);
        }

        @Override
        public void inspect(SourceFile file, Consumer<Finding> findings) {
            for (ObjectCreationExpr creation : file.unit().findAll(ObjectCreationExpr.class,
                    c -> c.getType().getNameAsString().equals("BigDecimal") && c.getArguments().size() == 1)) {
                Expression argument = Ast.unwrap(creation.getArgument(0));
                if (argument instanceof UnaryExpr unary) {
                    argument = unary.getExpression();
                }
                if ((argument instanceof DoubleLiteralExpr || FLOATING.contains(String.valueOf(Ast.typeOf(argument))))
                        && !rounded(creation)) {
                    findings.accept(file.finding(RULE, creation, "new BigDecimal(" + argument + ") carries the double's "
                            + "binary rounding error into the decimal value.", "Use BigDecimal.valueOf(double) (its "
                            + "shortest decimal form) or new BigDecimal(\"0.1\") from text."));
                }
            }
        }
    }

    /**
     * The exact binary value, then rounded ({@code round}, {@code setScale}): taking the exact value on purpose,
     * as code finding a double's shortest decimal does.
     */
    private static boolean rounded(ObjectCreationExpr creation) {
        Node parent = creation.getParentNode().orElse(null);
        if (parent instanceof MethodCallExpr call && (call.getNameAsString().equals("round") || call.getNameAsString().equals("setScale"))) {
            return true;
        }
        if (parent instanceof VariableDeclarator variable) {
            Node body = Ast.enclosingBody(creation);
            return body != null && body.findFirst(MethodCallExpr.class, c -> (c.getNameAsString().equals("round")
                    || c.getNameAsString().equals("setScale")) && c.getScope().map(sc -> sc.toString().equals(variable.getNameAsString()))
                    .orElse(false)).isPresent();
        }
        return false;
    }

    /** {@code java/optional-get-without-check}. */
    static final class OptionalGetWithoutCheck extends RuleDetector {
        static final Rule RULE = new Rule("java/optional-get-without-check", "Optional.get without a check", Severity.MEDIUM,
                Category.BEST_PRACTICE, "Optional.get() is called without isPresent()/isEmpty() first: an empty Optional "
                + "throws NoSuchElementException, the null pointer Optional was meant to avoid.", 476);
        private static final Set<String> OPTIONAL_RETURNING = Set.of("findFirst", "findAny", "max", "min", "ofNullable");

        OptionalGetWithoutCheck() {
            super(RULE);
        }

        @Override
        public void inspect(SourceFile file, Consumer<Finding> findings) {
            for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class, c -> c.getNameAsString().equals("get")
                    && c.getArguments().isEmpty() && c.getScope().isPresent())) {
                Expression scope = Ast.unwrap(call.getScope().get());
                boolean unchecked;
                if (scope instanceof MethodCallExpr producer) {
                    unchecked = OPTIONAL_RETURNING.contains(producer.getNameAsString())
                            && (!producer.getNameAsString().equals("max") && !producer.getNameAsString().equals("min")
                            || producer.getArguments().size() == 1)
                            && (!producer.getNameAsString().equals("ofNullable") || Ast.isStaticCall(producer, "Optional", "ofNullable"));
                } else if (scope instanceof NameExpr name) {
                    Type type = Ast.declaredType(scope, name.getNameAsString());
                    unchecked = type != null && Ast.simpleName(type).equals("Optional") && !checked(call, name.getNameAsString());
                } else {
                    unchecked = false;
                }
                if (unchecked) {
                    findings.accept(file.finding(RULE, call, "'" + call + "' throws NoSuchElementException when the "
                            + "Optional is empty, and nothing here checks that it is not.", "Use orElse/orElseGet/"
                            + "orElseThrow(() -> new ...) to say what absence means, or ifPresent/map."));
                }
            }
        }

        private static boolean checked(MethodCallExpr get, String name) {
            Node body = Ast.enclosingBody(get);
            return body != null && body.findFirst(MethodCallExpr.class, c -> (c.getNameAsString().equals("isPresent")
                    || c.getNameAsString().equals("isEmpty")) && c.getScope().map(s -> s.toString().equals(name)).orElse(false)).isPresent();
        }
    }

    /** {@code java/concurrent-modification}. */
    static final class ModifiedWhileIterating extends RuleDetector {
        static final Rule RULE = new Rule("java/concurrent-modification", "Collection modified while iterated",
                Severity.HIGH, Category.BEST_PRACTICE, "A for-each loop adds to or removes from the collection it iterates: "
                + "the next step of the iterator throws ConcurrentModificationException (or skips elements).", 362);
        private static final Set<String> MODIFYING = Set.of("add", "remove", "addAll", "removeAll", "retainAll", "clear",
                "put", "putAll", "removeIf");
        private static final Set<String> VIEWS = Set.of("keySet", "values", "entrySet");

        ModifiedWhileIterating() {
            super(RULE);
        }

        @Override
        public void inspect(SourceFile file, Consumer<Finding> findings) {
            for (ForEachStmt loop : file.unit().findAll(ForEachStmt.class)) {
                Expression iterable = Ast.unwrap(loop.getIterable());
                if (iterable instanceof MethodCallExpr view && VIEWS.contains(view.getNameAsString()) && view.getScope().isPresent()) {
                    iterable = Ast.unwrap(view.getScope().get());
                }
                String collection = iterable instanceof NameExpr || iterable.isFieldAccessExpr() ? Ast.nameOf(iterable) : null;
                if (collection == null || concurrent(iterable, collection)) {
                    continue;
                }
                String iterated = plain(iterable);
                for (MethodCallExpr call : loop.getBody().findAll(MethodCallExpr.class, c -> MODIFYING.contains(c.getNameAsString())
                        && c.getScope().map(s -> iterated.equals(plain(Ast.unwrap(s)))).orElse(false))) {
                    if (!leavesLoop(call) && Ast.enclosingBody(call) == Ast.enclosingBody(loop)) {
                        findings.accept(file.finding(RULE, call, "'" + call + "' changes '" + collection + "' while the "
                                + "for-each loop iterates it: the iterator's next step throws ConcurrentModificationException.",
                                "Use iterator.remove() on an explicit Iterator, removeIf, or collect the changes and apply "
                                + "them after the loop."));
                        break;
                    }
                }
            }
        }

        private static String plain(Expression e) {
            String text = e.toString();
            return text.startsWith("this.") ? text.substring(5) : text;
        }

        private static final Set<String> JDK_COLLECTIONS = Set.of("List", "ArrayList", "LinkedList", "Set", "HashSet",
                "LinkedHashSet", "TreeSet", "SortedSet", "NavigableSet", "Collection", "Map", "HashMap", "LinkedHashMap",
                "TreeMap", "SortedMap", "NavigableMap", "Deque", "ArrayDeque", "Queue", "PriorityQueue");

        /** Declared as, or initialised with, a concurrent collection; or not a JDK collection the source shows. */
        private static boolean concurrent(Expression iterable, String name) {
            Type type = iterable instanceof NameExpr ? Ast.declaredType(iterable, name) : Ast.fieldType(iterable, name);
            if (type == null || !JDK_COLLECTIONS.contains(Ast.simpleName(type))) {
                return true; // a custom collection may iterate a snapshot: only JDK ones are known to fail fast
            }
            if (type != null && (Ast.simpleName(type).startsWith("Concurrent") || Ast.simpleName(type).startsWith("CopyOnWrite"))) {
                return true;
            }
            VariableDeclarator local = iterable instanceof NameExpr ? Ast.localDeclaration(iterable, name) : null;
            java.util.Optional<Expression> init = local != null ? local.getInitializer()
                    : Ast.field(iterable, name).flatMap(f -> f.getVariables().stream().filter(v -> v.getNameAsString().equals(name))
                    .findFirst()).flatMap(VariableDeclarator::getInitializer);
            return init.map(i -> {
                String text = i.toString();
                return text.contains("Concurrent") || text.contains("CopyOnWrite") || text.contains("newKeySet");
            }).orElse(false);
        }

        /** A change followed at once by break or return ends the iteration before the iterator notices. */
        private static boolean leavesLoop(MethodCallExpr call) {
            Node statement = call;
            while (statement != null && !(statement instanceof Statement)) {
                statement = statement.getParentNode().orElse(null);
            }
            if (statement instanceof ReturnStmt) {
                return true;
            }
            if (statement != null && statement.getParentNode().orElse(null) instanceof BlockStmt block) {
                int index = block.getStatements().indexOf((Statement) statement);
                if (index >= 0 && index + 1 < block.getStatements().size()) {
                    Statement next = block.getStatement(index + 1);
                    return next instanceof BreakStmt || next instanceof ReturnStmt || next instanceof ThrowStmt;
                }
            }
            return false;
        }
    }
}
