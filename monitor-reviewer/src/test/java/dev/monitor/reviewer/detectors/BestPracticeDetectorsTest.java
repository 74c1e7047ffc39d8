package dev.monitor.reviewer.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each best-practice detector on a sample with the bug (flagged lines) and one without (no finding). */
class BestPracticeDetectorsTest {
    @Test
    void equalsWithoutHashCode() {
        var detector = new BestPracticeDetectors.EqualsWithoutHashCode();
        assertEquals(List.of(3), Samples.lines(detector, """
                class Money {
                    long cents;
                    @Override public boolean equals(Object o) {
                        return o instanceof Money m && m.cents == cents;
                    }
                }
                """));
        assertEquals(List.of(), Samples.lines(detector, """
                class Money {
                    long cents;
                    @Override public boolean equals(Object o) {
                        return o instanceof Money m && m.cents == cents;
                    }
                    @Override public int hashCode() {
                        return Long.hashCode(cents);
                    }
                    boolean equals(Money other) {
                        return other.cents == cents;
                    }
                }
                record Point(int x) {
                    @Override public boolean equals(Object o) {
                        return o instanceof Point p && p.x == x;
                    }
                }
                """));
    }

    @Test
    void stringsComparedByReference() {
        var detector = new BestPracticeDetectors.StringReferenceEquality();
        assertEquals(List.of(3, 4), Samples.lines(detector, """
                class Compare {
                    boolean same(String a, String b) {
                        if (a == "admin") return true;
                        return a != b;
                    }
                }
                """));
        assertEquals(List.of(), Samples.lines(detector, """
                class Compare {
                    static final String NONE = new String("none");
                    boolean fine(String a, String b, int x, int y) {
                        String scrubbed = scrub(a);
                        return a == null || x == y || a == NONE || a.equals(b) || scrubbed == a || (a == b || a.equals(b));
                    }
                    String scrub(String s) { return s; }
                }
                """));
    }

    @Test
    void interruptedExceptionSwallowed() {
        var detector = new BestPracticeDetectors.InterruptSwallowed();
        assertEquals(List.of(5), Samples.lines(detector, """
                class Waits {
                    void pause() {
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            System.err.println("interrupted");
                        }
                    }
                }
                """));
        assertEquals(List.of(), Samples.lines(detector, """
                class Waits {
                    void restore() {
                        try { Thread.sleep(100); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                    }
                    void rethrow() {
                        try { Thread.sleep(100); } catch (InterruptedException e) { throw new IllegalStateException(e); }
                    }
                    void stop() {
                        while (true) {
                            try { Thread.sleep(100); } catch (InterruptedException e) { return; }
                        }
                    }
                }
                """));
    }

    @Test
    void emptyCatchOfABroadException() {
        var detector = new BestPracticeDetectors.EmptyCatch();
        assertEquals(List.of(4), Samples.lines(detector, """
                class Quiet {
                    void run(Runnable r) {
                        try { r.run(); }
                        catch (Exception e) {}
                    }
                }
                """));
        assertEquals(List.of(), Samples.lines(detector, """
                class Quiet {
                    void run(Runnable r) {
                        try { r.run(); } catch (Exception e) { /* best effort: the caller retries */ }
                        try { r.run(); } catch (Exception ignored) {}
                        try { r.run(); } catch (IllegalStateException e) {}
                        try { r.run(); } catch (Exception e) { System.err.println(e); }
                    }
                }
                """));
    }

    @Test
    void doubleCheckedLockingWithoutVolatile() {
        var detector = new BestPracticeDetectors.DoubleCheckedLocking();
        String lazy = """
                class Lazy {
                    private %s Object value;
                    Object get() {
                        if (value == null) {
                            synchronized (this) {
                                if (value == null) {
                                    value = new Object();
                                }
                            }
                        }
                        return value;
                    }
                }
                """;
        assertEquals(List.of(4), Samples.lines(detector, lazy.formatted("")));
        assertEquals(List.of(), Samples.lines(detector, lazy.formatted("volatile")));
    }

    @Test
    void sleepInALoopWaitingForState() {
        var detector = new BestPracticeDetectors.SleepInLoop();
        assertEquals(List.of(4), Samples.lines(detector, """
                class Poll {
                    private boolean ready;
                    void await() throws InterruptedException {
                        while (!ready) {
                            Thread.sleep(10);
                        }
                    }
                }
                """));
        assertEquals(List.of(), Samples.lines(detector, """
                class Poll {
                    private boolean ready;
                    void work() throws InterruptedException {
                        while (!ready) {
                            step();
                            Thread.sleep(10);
                        }
                        long deadline = System.nanoTime() + 1_000_000_000L;
                        while (!ready && System.nanoTime() < deadline) {
                            Thread.sleep(1);
                        }
                    }
                    void step() {}
                }
                """));
    }

    @Test
    void sharedSimpleDateFormat() {
        var detector = new BestPracticeDetectors.SharedDateFormat();
        assertEquals(List.of(2), Samples.lines(detector, """
                class Dates {
                    private static final java.text.SimpleDateFormat FORMAT = new java.text.SimpleDateFormat("yyyy");
                    String year(java.util.Date date) {
                        return FORMAT.format(date);
                    }
                }
                """));
        assertEquals(List.of(), Samples.lines(detector, """
                class Dates {
                    private static final java.time.format.DateTimeFormatter FORMAT = java.time.format.DateTimeFormatter.ISO_DATE;
                    private static final ThreadLocal<java.text.SimpleDateFormat> LOCAL =
                            ThreadLocal.withInitial(() -> new java.text.SimpleDateFormat("yyyy"));
                    private final java.text.SimpleDateFormat own = new java.text.SimpleDateFormat("yyyy");
                    private static final java.text.DateFormat PROTOTYPE = new java.text.SimpleDateFormat("yyyy");
                    String year(java.util.Date date) {
                        return ((java.text.DateFormat) PROTOTYPE.clone()).format(date);
                    }
                }
                """));
    }

    @Test
    void bigDecimalFromADouble() {
        var detector = new BestPracticeDetectors.BigDecimalFromDouble();
        assertEquals(List.of(3, 4), Samples.lines(detector, """
                import java.math.BigDecimal;
                class Money {
                    BigDecimal tenth = new BigDecimal(0.1);
                    BigDecimal of(double amount) { return new BigDecimal(amount); }
                }
                """));
        assertEquals(List.of(), Samples.lines(detector, """
                import java.math.*;
                class Money {
                    BigDecimal tenth = new BigDecimal("0.1");
                    BigDecimal of(double amount) { return BigDecimal.valueOf(amount); }
                    BigDecimal cents(long c) { return new BigDecimal(c); }
                    BigDecimal shortest(double v) {
                        BigDecimal exact = new BigDecimal(v);
                        return exact.round(MathContext.DECIMAL64);
                    }
                }
                """));
    }

    @Test
    void optionalGetWithoutACheck() {
        var detector = new BestPracticeDetectors.OptionalGetWithoutCheck();
        assertEquals(List.of(4, 5), Samples.lines(detector, """
                import java.util.*;
                class Find {
                    String first(List<String> names, Optional<String> hint) {
                        String h = hint.get();
                        return names.stream().findFirst().get() + h;
                    }
                }
                """));
        assertEquals(List.of(), Samples.lines(detector, """
                import java.util.*;
                class Find {
                    String first(List<String> names, Optional<String> hint, Map<String, String> map) {
                        if (hint.isPresent()) {
                            return hint.get();
                        }
                        return names.stream().findFirst().orElse("") + map.get("k");
                    }
                }
                """));
    }

    @Test
    void collectionModifiedWhileIterated() {
        var detector = new BestPracticeDetectors.ModifiedWhileIterating();
        assertEquals(List.of(5), Samples.lines(detector, """
                import java.util.*;
                class Prune {
                    void prune(List<String> names) {
                        for (String name : names) {
                            if (name.isEmpty()) names.remove(name);
                        }
                    }
                }
                """));
        assertEquals(List.of(), Samples.lines(detector, """
                import java.util.*;
                import java.util.concurrent.*;
                class Prune {
                    private final Set<String> live = ConcurrentHashMap.newKeySet();
                    void prune(List<String> names, Request request, List<String> out) {
                        for (String name : names) {
                            if (name.isEmpty()) {
                                names.remove(name);
                                break;
                            }
                        }
                        for (String name : live) {
                            live.remove(name);
                        }
                        for (String d : request.names) {
                            out.add(d);
                        }
                        names.removeIf(String::isEmpty);
                    }
                    record Request(List<String> names) {}
                }
                """));
    }

    @Test
    void expensiveObjectsBuiltPerRequestOrPerIteration() {
        var detector = new PerCallConstructionDetector();
        assertEquals(List.of(5, 6, 9), Samples.lines(detector, """
                import com.fasterxml.jackson.databind.ObjectMapper;
                import java.util.regex.Pattern;
                class Handler {
                    void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        Object body = new ObjectMapper().readTree(request.getInputStream());
                        S3Client s3 = S3Client.create();
                        s3.listBuckets();
                        for (String line : java.util.List.of("a")) {
                            Pattern.compile("[a-z]+").matcher(line).matches();
                        }
                    }
                }
                """));
        assertEquals(List.of(), Samples.lines(detector, """
                import com.fasterxml.jackson.databind.ObjectMapper;
                import java.util.regex.Pattern;
                class Handler {
                    private static final ObjectMapper JSON = new ObjectMapper();
                    private static final Pattern WORD = Pattern.compile("[a-z]+");
                    private final S3Client s3;
                    Handler() {
                        s3 = S3Client.create();
                    }
                    ObjectMapper mapper() {
                        return new ObjectMapper();
                    }
                    void doPost(HttpServletRequest request, HttpServletResponse response, String regex) throws Exception {
                        JSON.readTree(request.getInputStream());
                        Pattern.compile(regex);
                    }
                }
                """));
    }
}
