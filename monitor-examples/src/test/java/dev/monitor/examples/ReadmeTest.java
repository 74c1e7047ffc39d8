package dev.monitor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.Telemetry;
import dev.monitor.core.Monitor;
import dev.monitor.core.alarms.AlarmStatus;
import dev.monitor.core.audit.AuditTrail;
import dev.monitor.core.audit.LookupAttribute;
import dev.monitor.xray.XRayTracer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README as a new user meets it: its Java blocks compile as shown and its YAML blocks are
 * one {@code monitor.yaml} that {@link Monitor#fromConfig} accepts.
 *
 * <p>The README's conventions, which this test reads:
 * <ul>
 *   <li>A ```java block starts with its imports. A block that declares no type of its own is
 *       the body of a method; the variables it uses but does not declare are given on a line
 *       {@code // given: Type name, Type name} (a parameter list), which the user reads as such.
 *   <li>The ```yaml blocks, in order, are parts of one {@code monitor.yaml}; the ```json block
 *       introduced by a line naming {@code sampling-rules.json} is the file its
 *       {@code samplingRules} names. Only the paths are moved into a temporary folder (and the
 *       dashboard's port to 0, since 8080 may be taken). A ```yaml block whose first line is
 *       {@value #AWS_MARKER} configures monitor-aws's exporters: each is a monitor.yaml of its own,
 *       accepted with monitor-aws on the class path.
 * </ul>
 */
class ReadmeTest {
    /** The first line of a ```yaml block that configures monitor-aws's exporters. */
    static final String AWS_MARKER = "# with monitor-aws on the class path";

    /** The README, from the module's folder, where Maven runs the tests. */
    static final Path README = Path.of("..", "README.md");
    private static final Pattern GIVEN = Pattern.compile("^\\s*// given: (.+)$");

    @TempDir
    Path work;

    /** One fenced block: its language, the README line of its first content line, and its lines. */
    record Block(String language, int firstLine, List<String> lines, String introduction) {
        String text() {
            return String.join("\n", lines) + "\n";
        }
    }

    static List<Block> blocks(String language) throws IOException {
        List<String> readme = Files.readAllLines(README, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            if (!readme.get(i).startsWith("```") || readme.get(i).length() == 3) {
                continue;
            }
            String lang = readme.get(i).substring(3).trim();
            int start = i + 1;
            int end = start;
            while (end < readme.size() && !readme.get(end).startsWith("```")) {
                end++;
            }
            // The paragraph just before the block.
            int j = i - 1;
            while (j >= 0 && readme.get(j).isBlank()) {
                j--;
            }
            StringBuilder introduction = new StringBuilder();
            for (; j >= 0 && !readme.get(j).isBlank() && !readme.get(j).startsWith("```"); j--) {
                introduction.insert(0, readme.get(j) + "\n");
            }
            if (lang.equals(language)) {
                blocks.add(new Block(lang, start + 1, List.copyOf(readme.subList(start, end)), introduction.toString()));
            }
            i = end;
        }
        return blocks;
    }

    /** A Java block as a compilation unit, and the README line of each of its lines (0 for added lines). */
    record Source(String className, String text, List<Integer> readmeLines, String given) {
    }

    static Source source(Block block) {
        String className = "ReadmeBlockAtLine" + block.firstLine();
        List<String> out = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int i = 0;
        for (; i < block.lines().size(); i++) {
            String line = block.lines().get(i);
            if (!line.isBlank() && !line.startsWith("import ")) {
                break;
            }
            out.add(line);
            lines.add(block.firstLine() + i);
        }
        boolean declaresType = block.lines().stream().anyMatch(line -> line.matches("^(public |final )*(class|record|interface|enum) .*"));
        String given = "";
        if (!declaresType) {
            for (String line : block.lines()) {
                Matcher matcher = GIVEN.matcher(line);
                if (matcher.matches()) {
                    given = matcher.group(1).trim();
                }
            }
            out.add("public class " + className + " {");
            lines.add(0);
            out.add("public static void block(" + given + ") throws Exception {");
            lines.add(0);
        }
        for (; i < block.lines().size(); i++) {
            out.add(block.lines().get(i));
            lines.add(block.firstLine() + i);
        }
        if (!declaresType) {
            out.add("}}");
            lines.add(0);
        }
        return new Source(className, String.join("\n", out) + "\n", lines, given);
    }

    /** Compiles every Java block of the README into {@code classes}; returns the problems, each naming its README line. */
    static List<String> compile(List<Source> sources, Path folder, Path classes) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "a JDK, not a JRE, runs the tests");
        List<Path> files = new ArrayList<>();
        for (Source source : sources) {
            Path file = folder.resolve(source.className() + ".java");
            Files.writeString(file, source.text());
            files.add(file);
        }
        Files.createDirectories(classes);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager manager = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-classpath", classPath(), "-d", classes.toString(), "-proc:none", "-parameters",
                    "-encoding", "UTF-8", "-nowarn");
            compiler.getTask(null, manager, diagnostics, options, null, manager.getJavaFileObjectsFromPaths(files)).call();
        }
        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String name = diagnostic.getSource() == null ? "" : Path.of(diagnostic.getSource().toUri()).getFileName().toString();
            Source source = sources.stream().filter(s -> name.equals(s.className() + ".java")).findFirst().orElse(null);
            int line = (int) diagnostic.getLineNumber();
            int readmeLine = source == null || line < 1 || line > source.readmeLines().size() ? 0 : source.readmeLines().get(line - 1);
            String where = readmeLine > 0 ? "README.md line " + readmeLine
                    : "README.md, the block at line " + (source == null ? "?" : source.className().replaceAll("\\D", ""));
            problems.add(where + ": " + diagnostic.getMessage(null));
        }
        return problems;
    }

    /** The test classpath: Surefire may hand the JVM a manifest-only jar, so the jars of the classes the README uses are added. */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (Class<?> anchor : List.of(Telemetry.class, Monitor.class, XRayTracer.class, ObjectMapper.class,
                org.slf4j.Logger.class, ShopDemo.class, dev.monitor.testing.ManualClock.class)) {
            try {
                entries.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    @Test
    void everyJavaBlockCompilesAsShownWithItsImports() throws IOException {
        List<Block> blocks = blocks("java");
        assertTrue(blocks.size() >= 5, "the README's Java blocks: " + blocks.size());
        List<Source> sources = blocks.stream().map(ReadmeTest::source).toList();
        List<String> problems = compile(sources, Files.createDirectories(work.resolve("src")), work.resolve("classes"));
        assertEquals(List.of(), problems, "every README Java block compiles as shown");
    }

    @Test
    void aBlockThatDoesNotCompileIsReportedAtItsReadmeLine() throws IOException {
        Block broken = new Block("java", 40, List.of("import java.util.List;", "", "// given: List<String> names",
                "names.add(42);"), "");
        List<String> problems = compile(List.of(source(broken)), Files.createDirectories(work.resolve("src")),
                work.resolve("classes"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("README.md line 43: "), problems.toString());
    }

    /**
     * Each of the README's monitor-aws blocks is accepted as it stands (its exporters built, pointed at
     * a closed loopback port so that nothing leaves the machine), and names only types monitor-aws adds.
     */
    @Test
    void theReadmesAwsExportersAreAcceptedWithMonitorAws(@TempDir Path dir) throws Exception {
        List<Block> aws = blocks("yaml").stream().filter(block -> block.lines().get(0).equals(AWS_MARKER)).toList();
        assertTrue(aws.size() >= 2, "the README's monitor-aws blocks: " + aws.size());
        for (Block block : aws) {
            Path file = dir.resolve("aws-" + block.firstLine() + ".yaml");
            Files.writeString(file, block.text().replaceAll("(?m)^(\\s+)region: (\\S+)$", "$1region: $2\n$1endpoint: http://127.0.0.1:9"));
            try (dev.monitor.core.export.StderrCapture ignored = new dev.monitor.core.export.StderrCapture()) {
                Monitor.builder().config(file).dataDir(dir.resolve("data-" + block.firstLine())).tickEvery(java.time.Duration.ZERO)
                        .build().close();
            } catch (dev.monitor.core.config.ConfigException e) {
                throw new AssertionError("README.md line " + block.firstLine() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The README's monitor.yaml, its paths moved under {@code dir}; writes the files it names from the README. */
    static Path writeConfig(Path dir) throws Exception {
        // a block that starts "# with ..." (monitor-aws, monitor-otlp, the OpenTelemetry Collector) stands on its own
        List<Block> yaml = blocks("yaml").stream().filter(block -> !block.lines().get(0).startsWith("# with ")).toList();
        assertTrue(yaml.size() >= 5, "the README's YAML blocks: " + yaml.size());
        String config = yaml.stream().map(Block::text).collect(Collectors.joining());
        Path dataDir = dir.resolve("monitor-data");
        Path samplingRules = dir.resolve("sampling-rules.json");
        config = replaceValue(config, "dataDir", dataDir.toString());
        config = replaceValue(config, "samplingRules", samplingRules.toString());
        config = replaceValue(config, "port", "0");
        Matcher keys = Pattern.compile("privateKeyFile: ([^,}]+), publicKeyFile: ([^,}]+)}").matcher(config);
        assertTrue(keys.find(), "the README gives its own signing keys");
        Path privateKey = dir.resolve("keys").resolve(Path.of(keys.group(1).trim()).getFileName());
        Path publicKey = dir.resolve("keys").resolve(Path.of(keys.group(2).trim()).getFileName());
        config = config.replace(keys.group(1), privateKey.toString()).replace(keys.group(2), publicKey.toString());

        List<Block> rules = blocks("json").stream().filter(b -> b.introduction().contains("sampling-rules.json")).toList();
        assertEquals(1, rules.size(), "the README shows the sampling-rules.json its monitor.yaml names");
        Files.writeString(samplingRules, rules.get(0).text());
        Path file = dir.resolve("monitor.yaml");
        Files.writeString(file, config);
        return file;
    }

    private static String replaceValue(String yaml, String key, String value) {
        Matcher matcher = Pattern.compile("(?m)^(\\s*" + key + ": )(\\S+)").matcher(yaml);
        assertTrue(matcher.find(), "the README's monitor.yaml sets " + key);
        return matcher.replaceFirst(Matcher.quoteReplacement(matcher.group(1) + value));
    }

    @Test
    void theReadmesMonitorYamlIsAcceptedInFull() throws Exception {
        Path config = writeConfig(work);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));   // the emf-stdout exporter's
        try (Monitor monitor = Monitor.fromConfig(config)) {
            assertEquals("Shop", monitor.namespace());
            Set<String> alarms = monitor.alarms().describeAll().stream().map(AlarmStatus::name).collect(Collectors.toSet());
            assertEquals(Set.of("HighLatency", "Deploying", "Page"), alarms);
            assertTrue(monitor.dashboardUri().isPresent(), "the dashboard is enabled");
            assertTrue(monitor.tracer() instanceof XRayTracer, "monitor-xray is on the classpath");
            monitor.metrics().counter("OrdersPlaced").increment();
            try (var keys = Files.list(work.resolve("keys"))) {
                assertEquals(2, keys.count(), "the signing keys the config names are made and kept when absent");
            }
        } finally {
            System.setOut(console);
        }
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("\"OrdersPlaced\":1"), "emf-stdout wrote EMF on standard output");
    }

    /**
     * The README's alarm and audit code run against its monitor.yaml: the code registers no action
     * the config defines, its composite rule names alarms that exist, and the audit selector keeps
     * every record the audit example makes.
     */
    @Test
    void theReadmesCodeRunsWithItsConfig() throws Exception {
        List<Source> sources = blocks("java").stream().map(ReadmeTest::source).toList();
        Path classes = work.resolve("classes");
        assertEquals(List.of(), compile(sources, Files.createDirectories(work.resolve("src")), classes));
        Path config = writeConfig(work);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ThreadPoolExecutor workerPool = new ThreadPoolExecutor(4, 4, 1, TimeUnit.MINUTES, new java.util.concurrent.LinkedBlockingQueue<>());
        Instant from = Instant.now().minusSeconds(60);
        Path dataDir;
        PrintStream console = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));   // the emf-stdout exporter's
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
             Monitor monitor = Monitor.fromConfig(config)) {
            List<String> published = new ArrayList<>();
            Map<String, Object> values = new HashMap<>();
            values.put("monitor", monitor);
            values.put("pool", pool);
            values.put("workerPool", workerPool);
            values.put("server", server);
            values.put("context", server.createContext("/audited"));
            values.put("clientIp", "127.0.0.1");
            values.put("pager", (Consumer<String>) published::add);
            values.put("events", (Consumer<String>) published::add);
            values.put("log", org.slf4j.LoggerFactory.getLogger("readme"));
            values.put("id", "o-7");
            values.put("millis", 1200L);
            values.put("requestId", "r-1");
            values.put("customer", "ann");
            values.put("incomingTraceHeader", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");
            values.put("handler", (com.sun.net.httpserver.HttpHandler) exchange -> exchange.sendResponseHeaders(204, -1));
            values.put("orders", new java.util.concurrent.ConcurrentHashMap<String, String>(Map.of("o-7", "an order")));
            int ran = 0;
            for (Source source : sources) {
                if (!source.given().startsWith("Monitor monitor") || source.text().contains("Monitor.fromConfig")) {
                    continue;
                }
                Method block = List.of(loader.loadClass(source.className()).getMethods()).stream()
                        .filter(m -> m.getName().equals("block")).findFirst().orElseThrow();
                Object[] args = new Object[block.getParameterCount()];
                for (int p = 0; p < args.length; p++) {
                    String name = block.getParameters()[p].getName();
                    assertTrue(values.containsKey(name), "no value for '" + name + "' of " + source.given());
                    args[p] = values.get(name);
                }
                block.invoke(null, args);
                ran++;
            }
            assertTrue(ran >= 2, "the alarm and audit blocks ran: " + ran);
            assertTrue(monitor.alarms().awaitActions(Duration.ofSeconds(10)));
            assertTrue(published.stream().anyMatch(message -> message.contains("\"AlarmName\":\"HighLatency\"")
                    && message.contains("testing the pager")), "the README's pager got the test alarm: " + published);
            dataDir = monitor.dataDir();
        } finally {
            System.setOut(console);
            pool.shutdownNow();
            workerPool.shutdownNow();
        }
        // Closing delivered the journal into trail files, which lookups read.
        Instant to = Instant.now().plusSeconds(60);
        for (String event : List.of("DeleteOrder", "RotateKeys")) {
            var found = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    AuditTrail.lookupEvents(dataDir, new LookupAttribute("EventName", event), from, to, 50, null));
            assertEquals(1, found.get("Events").size(), event + " is kept by the README's selector: " + found);
        }
    }
}
