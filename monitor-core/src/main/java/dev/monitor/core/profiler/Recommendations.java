package dev.monitor.core.profiler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The recommendation rules, as CodeGuru Profiler's: each a named pattern over the aggregated frames of one profile
 * kind, with a threshold on the matching stacks' share, a cost estimate and a resolution. {@link #analyze} runs every
 * rule over one interval's profiles. Stateless and thread-safe.
 */
public final class Recommendations {
    /** The most matching stacks a recommendation lists. */
    static final int MATCHING_STACKS = 5;
    private static final double HOURS_PER_YEAR = 24 * 365;
    /** A frame pattern seen in at least this many CPU samples before a CPU rule speaks: fewer is noise. */
    private static final long MIN_CPU_SAMPLES = 20;
    /** Sleeps a second from one place, at least, that make it polling. */
    static final double POLLING_SLEEPS_PER_SECOND = 10;

    private Recommendations() {
    }

    /**
     * One interval's profiles, as the rules read them.
     *
     * @param profiles the collapsed stacks per kind (a kind missing is empty)
     * @param sleeps   {@code Thread.sleep} calls per stack (a count per call), for the polling rule
     * @param length   how long the interval was
     */
    public record Input(Map<ProfileKind, CollapsedProfile> profiles, CollapsedProfile sleeps, Duration length) {
        public Input {
            profiles = Map.copyOf(profiles);
            Objects.requireNonNull(sleeps, "sleeps");
            Objects.requireNonNull(length, "length");
        }

        CollapsedProfile of(ProfileKind kind) {
            return profiles.getOrDefault(kind, CollapsedProfile.empty());
        }
    }

    /** A rule: its id, title, the kind it reads, and its threshold. */
    public record Rule(String id, String name, ProfileKind kind, double threshold, String resolution) {
    }

    private record FrameRule(Rule rule, Predicate<List<String>> matches) {
    }

    private static final List<FrameRule> FRAME_RULES = List.of(
            new FrameRule(new Rule("excessive-logging", "Excessive logging work", ProfileKind.CPU, 0.05,
                    "Log less on hot paths: raise the level of chatty loggers, guard expensive messages with isDebugEnabled(), "
                            + "use parameterized messages ({} placeholders) so nothing is formatted for a level that is off, and use "
                            + "asynchronous appenders so writing does not happen on request threads."),
                    anyFrame(startsWith("org.apache.logging.log4j.", "org.apache.log4j.", "ch.qos.logback.", "java.util.logging.",
                            "org.slf4j.", "org.apache.commons.logging.", "dev.monitor.core.logs.", "dev.monitor.slf4j."))),
            new FrameRule(new Rule("string-format", "String.format on a hot path", ProfileKind.CPU, 0.02,
                    "String.format parses its format string on every call. In a log call, pass the values as the logger's {} "
                            + "parameters so the message is only built when it is logged; elsewhere concatenate or use a StringBuilder."),
                    anyFrame(startsWith("java.lang.String.format", "java.util.Formatter.format"))),
            new FrameRule(new Rule("client-per-call", "SDK or HTTP client built per call", ProfileKind.CPU, 0.01,
                    "Build the AWS SDK or HTTP client once (a field, a singleton bean) and reuse it: a client holds connection "
                            + "pools, TLS contexts and thread pools, and building one per request repeats that set-up and leaks them."),
                    perCall(anyFrame(frame -> (frame.contains("awssdk") && frame.endsWith("ClientBuilder.build"))
                            || frame.equals("com.amazonaws.client.builder.AwsClientBuilder.build")
                            || frame.equals("jdk.internal.net.http.HttpClientImpl.<init>")
                            || frame.equals("java.net.http.HttpClient.newHttpClient")
                            || frame.equals("org.apache.http.impl.client.HttpClientBuilder.build")
                            || frame.equals("org.apache.hc.client5.http.impl.classic.HttpClientBuilder.build")
                            || frame.equals("okhttp3.OkHttpClient.<init>")))),
            new FrameRule(new Rule("pattern-compile", "Regular expression compiled per call", ProfileKind.CPU, 0.01,
                    "Compile the Pattern once into a static final field and reuse it (Pattern is thread-safe). String.matches, "
                            + "replaceAll and split with a regular expression compile one on every call too."),
                    perCall(anyFrame(startsWith("java.util.regex.Pattern.compile", "java.util.regex.Pattern.<init>")))),
            new FrameRule(new Rule("object-mapper-per-call", "ObjectMapper or Gson created per call", ProfileKind.CPU, 0.01,
                    "Create the ObjectMapper (or Gson) once and share it: it is thread-safe once configured, and a new one "
                            + "rebuilds its serializer caches on every call; use ObjectReader/ObjectWriter for per-call settings."),
                    // a new mapper's cost is mostly its empty caches: building the serializer (deserializer) of a type again,
                    // which a shared mapper does once per type; a recording showed 2 in 3 samples there and none in <init>
                    perCall(anyFrame(startsWith("com.fasterxml.jackson.databind.ObjectMapper.<init>", "com.google.gson.Gson.<init>",
                            "com.fasterxml.jackson.databind.SerializerProvider._createAndCache",
                            "com.fasterxml.jackson.databind.deser.DeserializerCache._createAndCache")))),
            new FrameRule(new Rule("xml-factory-per-call", "XML factory created per call", ProfileKind.CPU, 0.01,
                    "DocumentBuilderFactory.newInstance() and its kin search the class path for an implementation on every call: "
                            + "create the factory once (a static field) and keep a DocumentBuilder per thread."),
                    // the factory's class-path search is mostly native work that CPU samples miss; a builder (parser) built
                    // per call is most of what a recording of factory-per-call shows, and the resolution covers it too
                    perCall(anyFrame(frame -> (frame.startsWith("javax.xml.") && frame.contains("Factory.new"))
                            || frame.startsWith("javax.xml.parsers.FactoryFinder.") || frame.startsWith("javax.xml.transform.FactoryFinder.")
                            || frame.endsWith("DocumentBuilderFactoryImpl.newDocumentBuilder") || frame.endsWith("SAXParserFactoryImpl.newSAXParser")))),
            // JFR's CPU samples do not see the JVM filling in a stack trace (the thread is in the VM then), but the
            // allocation samples do: the exception, its backtrace and its message are allocated below Throwable.<init>
            new FrameRule(new Rule("exceptions-control-flow", "Exceptions used for control flow", ProfileKind.ALLOC, 0.05,
                    "Creating an exception walks the stack to fill in its stack trace. Check the condition instead of catching "
                            + "(parse with a check first, look up before access), or for expected cases throw an exception that "
                            + "overrides fillInStackTrace or is constructed with writableStackTrace false."),
                    anyFrame(startsWith("java.lang.Throwable.<init>", "java.lang.Throwable.fillInStackTrace", "java.lang.Exception.<init>"))),
            new FrameRule(new Rule("reflection-serialization", "Reflection-heavy serialization", ProfileKind.CPU, 0.05,
                    "Serialization here spends its time in reflection: reuse the serializer (its metadata caches), prefer "
                            + "generated or hand-written codecs (Jackson Afterburner/Blackbird, records, Externalizable) to "
                            + "java.io.Serializable, and do not serialize on the request path what could be cached."),
                    stack -> stack.stream().anyMatch(startsWith("java.io.ObjectOutputStream", "java.io.ObjectInputStream",
                            "com.fasterxml.jackson.databind.", "com.google.gson.", "javax.xml.bind.", "jakarta.xml.bind.", "java.beans.XMLEncoder"))
                            && stack.stream().anyMatch(startsWith("java.lang.reflect.", "jdk.internal.reflect.", "java.lang.Class.getDeclared",
                            "java.lang.Class.getMethod", "java.lang.Class.getField", "java.io.ObjectStreamClass", "java.lang.invoke."))),
            new FrameRule(new Rule("boxing", "Excessive boxing", ProfileKind.ALLOC, 0.1,
                    "Primitive values are boxed (Integer.valueOf and kin) in large numbers: keep them primitive, use primitive "
                            + "arrays or specialised collections, and avoid generic code (streams of Integer, Map<Long, ...>) on hot paths."),
                    anyFrame(startsWith("java.lang.Integer.valueOf", "java.lang.Long.valueOf", "java.lang.Double.valueOf",
                            "java.lang.Float.valueOf", "java.lang.Short.valueOf", "java.lang.Byte.valueOf", "java.lang.Character.valueOf"))),
            new FrameRule(new Rule("inefficient-collection", "Inefficient collection use", ProfileKind.CPU, 0.05,
                    "Linear searches dominate: LinkedList.get(i) walks the list on every call and List.contains scans it. "
                            + "Use ArrayList for indexed access, iterate instead of indexing, and use a HashSet for membership tests."),
                    anyFrame(startsWith("java.util.LinkedList.get", "java.util.LinkedList.node", "java.util.LinkedList.indexOf",
                            "java.util.ArrayList.indexOf", "java.util.ArrayList.contains", "java.util.AbstractCollection.contains",
                            "java.util.Vector.indexOf", "java.util.concurrent.CopyOnWriteArrayList.indexOf"))));

    private static final Rule LOCK_CONTENTION = new Rule("lock-contention", "Lock contention on one monitor", ProfileKind.LOCK, 0.5,
            "Threads spend their time waiting for one lock: hold it for less (move work out of the synchronized block), split "
                    + "it (lock striping, per-key locks), or replace it with a concurrent structure (ConcurrentHashMap, LongAdder, "
                    + "atomic variables).");
    private static final Rule ALLOCATION_HOTSPOT = new Rule("allocation-hotspot", "Excessive allocation in one method", ProfileKind.ALLOC,
            0.5, "One method allocates most of the bytes: reuse buffers, size collections up front, avoid copying (substring, "
            + "toArray, streams collected only to be read once), and check that it does not build large temporary objects per call.");
    private static final Rule SLEEP_POLLING = new Rule("sleep-polling", "Thread.sleep polling", ProfileKind.LOCK, POLLING_SLEEPS_PER_SECOND,
            "A thread sleeps briefly in a loop to wait for a condition: wait for the condition instead (a BlockingQueue, "
                    + "CompletableFuture, CountDownLatch, Condition.await, or a ScheduledExecutorService for periodic work).");

    /** Every rule, in the order they are checked. */
    public static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>(FRAME_RULES.stream().map(FrameRule::rule).toList());
        rules.add(LOCK_CONTENTION);
        rules.add(ALLOCATION_HOTSPOT);
        rules.add(SLEEP_POLLING);
        return List.copyOf(rules);
    }

    /**
     * The recommendations of one interval, the costliest first: every rule whose matching stacks reach its threshold.
     * For {@code sleep-polling}, share and threshold are sleeps per second from one place, not shares.
     *
     * @param costPerHour the instance's cost in USD per hour, for the yearly estimate, or null
     */
    public static List<Recommendation> analyze(Input input, Double costPerHour) {
        List<Recommendation> found = new ArrayList<>();
        CollapsedProfile cpu = input.of(ProfileKind.CPU);
        for (FrameRule frameRule : FRAME_RULES) {
            Rule rule = frameRule.rule();
            CollapsedProfile profile = input.of(rule.kind());
            long total = profile.total();
            if (total == 0 || (rule.kind() == ProfileKind.CPU && total < MIN_CPU_SAMPLES)) {
                continue;
            }
            List<CollapsedProfile.Stack> matching = profile.stacks().stream().filter(s -> frameRule.matches().test(s.frames())).toList();
            double share = sum(matching) / (double) total;
            if (share >= rule.threshold() && share > 0) {
                found.add(recommendation(rule, share, cpuShare(cpu, frameRule.matches()), costPerHour, matching));
            }
        }
        lockContention(input, cpu, costPerHour, found);
        allocationHotspot(input, cpu, costPerHour, found);
        sleepPolling(input, costPerHour, found);
        found.sort(Comparator.comparingDouble(Recommendation::estimatedCpuShare).reversed()
                .thenComparing(Comparator.comparingDouble(Recommendation::share).reversed()));
        return List.copyOf(found);
    }

    /** The monitor (the leaf frame {@code lock:<class>}) that most of the blocked time waited on, when it is most of it. */
    private static void lockContention(Input input, CollapsedProfile cpu, Double cost, List<Recommendation> found) {
        CollapsedProfile lock = input.of(ProfileKind.LOCK);
        long total = lock.total();
        heaviest(lock, stack -> stack.leaf().startsWith("lock:") ? stack.leaf() : null).ifPresent(top -> {
            double share = top.getValue() / (double) total;
            // at least a tenth of a thread blocked on it through the interval: a rare long wait is not contention
            boolean sustained = top.getValue() >= input.length().toNanos() / 10;
            if (share >= LOCK_CONTENTION.threshold() && sustained) {
                List<CollapsedProfile.Stack> matching = lock.stacks().stream().filter(s -> s.leaf().equals(top.getKey())).toList();
                found.add(recommendation(LOCK_CONTENTION, share, 0, cost, matching));
            }
        });
    }

    /** The application method (the first frame from the leaf outside the JDK) that allocated most bytes. */
    private static void allocationHotspot(Input input, CollapsedProfile cpu, Double cost, List<Recommendation> found) {
        CollapsedProfile alloc = input.of(ProfileKind.ALLOC);
        long total = alloc.total();
        heaviest(alloc, stack -> applicationFrame(stack.frames())).ifPresent(top -> {
            double share = top.getValue() / (double) total;
            if (share >= ALLOCATION_HOTSPOT.threshold()) {
                Predicate<List<String>> in = frames -> top.getKey().equals(applicationFrame(frames));
                List<CollapsedProfile.Stack> matching = alloc.stacks().stream().filter(s -> in.test(s.frames())).toList();
                found.add(recommendation(ALLOCATION_HOTSPOT, share, cpuShare(cpu, frames -> frames.contains(top.getKey())), cost, matching));
            }
        });
    }

    /**
     * The key the most samples of {@code profile} share, with their count: {@code key} names each stack's key, or
     * null for a stack that has none. Empty when the profile has no samples.
     */
    private static Optional<Map.Entry<String, Long>> heaviest(CollapsedProfile profile,
                                                             Function<CollapsedProfile.Stack, String> key) {
        if (profile.total() == 0) {
            return Optional.empty();
        }
        Map<String, Long> byKey = new HashMap<>();
        for (CollapsedProfile.Stack stack : profile.stacks()) {
            String k = key.apply(stack);
            if (k != null) {
                byKey.merge(k, stack.count(), Long::sum);
            }
        }
        return byKey.entrySet().stream().max(Map.Entry.comparingByValue());
    }

    private static void sleepPolling(Input input, Double cost, List<Recommendation> found) {
        double seconds = Math.max(1, input.length().toMillis() / 1000.0);
        CollapsedProfile.Stack busiest = null;
        for (CollapsedProfile.Stack stack : input.sleeps().stacks()) {
            if (busiest == null || stack.count() > busiest.count()) {
                busiest = stack;
            }
        }
        if (busiest != null && busiest.count() / seconds >= POLLING_SLEEPS_PER_SECOND) {
            found.add(recommendation(SLEEP_POLLING, busiest.count() / seconds, 0, cost, List.of(busiest)));
        }
    }

    /** The first frame from the leaf that is not the JDK's (nor a synthetic frame), or null. */
    static String applicationFrame(List<String> frames) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            String frame = frames.get(i);
            if (!(frame.startsWith("java.") || frame.startsWith("javax.") || frame.startsWith("jdk.") || frame.startsWith("sun.")
                    || frame.startsWith("com.sun.") || frame.startsWith("[") || frame.startsWith("lock:"))) {
                return frame;
            }
        }
        return null;
    }

    private static Recommendation recommendation(Rule rule, double share, double cpuShare, Double costPerHour,
                                                 List<CollapsedProfile.Stack> matching) {
        List<Recommendation.MatchingStack> top = matching.stream().sorted(Comparator.comparingLong(CollapsedProfile.Stack::count).reversed())
                .limit(MATCHING_STACKS).map(s -> new Recommendation.MatchingStack(s.text(), s.count())).toList();
        Double yearly = costPerHour == null ? null : Math.round(cpuShare * costPerHour * HOURS_PER_YEAR * 100) / 100.0;
        return new Recommendation(rule.id(), rule.name(), rule.kind(), share, rule.threshold(), cpuShare, yearly, rule.resolution(), top);
    }

    private static double cpuShare(CollapsedProfile cpu, Predicate<List<String>> matches) {
        long total = cpu.total();
        if (total == 0) {
            return 0;
        }
        long matching = 0;
        for (CollapsedProfile.Stack stack : cpu.stacks()) {
            if (matches.test(stack.frames())) {
                matching += stack.count();
            }
        }
        return matching / (double) total;
    }

    private static long sum(List<CollapsedProfile.Stack> stacks) {
        long sum = 0;
        for (CollapsedProfile.Stack stack : stacks) {
            sum += stack.count();
        }
        return sum;
    }

    private static Predicate<String> startsWith(String... prefixes) {
        return frame -> {
            for (String prefix : prefixes) {
                if (frame.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static Predicate<List<String>> anyFrame(Predicate<String> frame) {
        return stack -> {
            for (String f : stack) {
                if (frame.test(f)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Matches that happen per call, not once: a static initializer building the thing is what the resolution asks for. */
    private static Predicate<List<String>> perCall(Predicate<List<String>> matches) {
        return stack -> matches.test(stack) && stack.stream().noneMatch(frame -> frame.endsWith(".<clinit>"));
    }
}
