package dev.monitor.reviewer.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.reviewer.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceLeakDetectorsTest {
    private final ResourceLeakDetector leak = new ResourceLeakDetector();

    @Test
    void streamsReadersAndJdbcObjectsNotClosedAreFound() {
        List<Finding> findings = Samples.findings(leak, """
                import java.io.*;
                import java.nio.file.*;
                import java.sql.*;
                class Leaks {
                    int read(String name) throws IOException {
                        FileInputStream in = new FileInputStream(name);
                        return in.read();
                    }
                    long count(Path p) throws IOException {
                        return Files.lines(p).count();
                    }
                    String first(File f) throws IOException {
                        BufferedReader reader = new BufferedReader(new FileReader(f));
                        String line = reader.readLine();
                        reader.close();
                        return line;
                    }
                    void query(Connection connection) throws SQLException {
                        Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("select 1");
                        rows.next();
                    }
                    void discard(String name) throws IOException {
                        new FileOutputStream(name);
                    }
                    java.net.http.HttpClient client() {
                        var client = java.net.http.HttpClient.newHttpClient();
                        client.followRedirects();
                        return null;
                    }
                }
                """);
        assertEquals(List.of(6, 10, 13, 19, 20, 24, 27), findings.stream().map(Finding::startLine).toList());
        assertTrue(findings.get(0).message().startsWith("This FileInputStream is never closed"), findings.get(0).message());
        assertTrue(findings.get(2).message().contains("closed only when the code before close() neither throws"),
                findings.get(2).message());
        assertTrue(findings.get(6).fix().startsWith("Create one HttpClient"), findings.get(6).fix());
    }

    @Test
    void resourcesClosedOnEveryPathOrHandedOnAreNotFindings() {
        assertEquals(List.of(), Samples.lines(leak, """
                import java.io.*;
                import java.nio.file.*;
                import java.sql.*;
                class Closed {
                    private InputStream kept;
                    int twr(String name) throws IOException {
                        try (FileInputStream in = new FileInputStream(name)) {
                            return in.read();
                        }
                    }
                    int inFinally(String name) throws IOException {
                        InputStream in = null;
                        try {
                            in = new FileInputStream(name);
                            return in.read();
                        } finally {
                            if (in != null) {
                                in.close();
                            }
                        }
                    }
                    InputStream returned(String name) throws IOException {
                        return new BufferedInputStream(new FileInputStream(name));
                    }
                    void field(String name) throws IOException {
                        kept = new FileInputStream(name);
                    }
                    Reader handedOn(String name) throws IOException {
                        FileReader reader = new FileReader(name);
                        return new BufferedReader(reader);
                    }
                    void wrappedNotOwned(InputStream in) throws IOException {
                        BufferedReader reader = new BufferedReader(new InputStreamReader(in));
                        reader.readLine();
                        Scanner s = new java.util.Scanner("text");
                        PrintWriter out = new PrintWriter(System.out);
                    }
                    void closedQuietly(String name) throws IOException {
                        InputStream in = new FileInputStream(name);
                        try {
                            in.read();
                        } finally {
                            closeQuietly(in);
                        }
                    }
                    void nothingBetween(String name) throws IOException {
                        FileOutputStream out = new FileOutputStream(name);
                        out.close();
                    }
                    long lines(Path p) throws IOException {
                        try (var lines = Files.lines(p)) {
                            return lines.count();
                        }
                    }
                    static void closeQuietly(Closeable c) {
                    }
                }
                class Scanner {
                    Scanner(String s) {
                    }
                }
                """));
    }

    @Test
    void varLocalsAreTypedByTheSymbolSolverFromTheJdkMethodThatMadeThem() {
        assertEquals(List.of(5, 6), Samples.lines(leak, """
                import java.sql.*;
                class Query {
                    int count(String url) throws SQLException {
                        try (var connection = DriverManager.getConnection(url)) {
                            var statement = connection.createStatement();
                            var rows = statement.executeQuery("select count(*) from t");
                            return rows.next() ? rows.getInt(1) : 0;
                        }
                    }
                }
                """));
    }

    @Test
    void executorsNeverShutDownAreFound() {
        ExecutorShutdownDetector detector = new ExecutorShutdownDetector();
        assertEquals(List.of(5, 9), Samples.lines(detector, """
                import java.util.concurrent.*;
                class Pools {
                    private final ExecutorService shared = Executors.newFixedThreadPool(2);
                    void perCall(Runnable task) {
                        ExecutorService pool = Executors.newFixedThreadPool(4);
                        pool.submit(task);
                    }
                    void chained(Runnable task) {
                        Executors.newSingleThreadExecutor().submit(task);
                    }
                    void shutDown(Runnable task) throws InterruptedException {
                        ExecutorService pool = Executors.newCachedThreadPool();
                        try {
                            pool.submit(task);
                        } finally {
                            pool.shutdown();
                        }
                    }
                    ExecutorService made() {
                        return Executors.newWorkStealingPool();
                    }
                }
                """));
    }

    @Test
    void monitorSegmentsSubsegmentsAndScopesMustBeClosed() {
        TraceEntityLeakDetector detector = new TraceEntityLeakDetector();
        List<Finding> findings = Samples.findings(detector, """
                import dev.monitor.api.trace.*;
                import dev.monitor.api.context.*;
                class Handler {
                    private final Tracer tracer = Tracer.noop();
                    void leaks(Context context) {
                        Subsegment sub = tracer.beginSubsegment("db");
                        query();
                        sub.close();
                        context.makeCurrent();
                        tracer.beginSegment("orphan");
                    }
                    void fine(Context context) {
                        try (Segment segment = tracer.beginSegment("request");
                             Scope scope = context.makeCurrent()) {
                            query();
                        }
                        Subsegment sub = tracer.beginSubsegment("db");
                        try {
                            query();
                        } finally {
                            sub.close();
                        }
                        Context before = Context.current();
                        Segment detached = tracer.beginSegment("x");
                        before.makeCurrent();
                        keep(detached);
                    }
                    void query() {
                    }
                    void keep(TraceEntity entity) {
                    }
                }
                """);
        assertEquals(List.of(6, 9, 10), findings.stream().map(Finding::startLine).toList());
        assertTrue(findings.get(0).message().startsWith("This Subsegment is closed only when"), findings.get(0).message());
        assertTrue(findings.get(1).message().startsWith("This Scope is never closed"), findings.get(1).message());
        assertTrue(findings.get(2).message().contains("never emitted"), findings.get(2).message());
    }

    @Test
    void theXRaySdksRecorderEndsWhatItBegan() {
        assertEquals(List.of(), Samples.lines(new TraceEntityLeakDetector(), """
                class Bench {
                    private Object recorder;
                    void open() {
                        recorder.beginSegment("bench");
                    }
                    void close() {
                        recorder.endSegment();
                    }
                }
                """));
    }
}
