package dev.monitor.core.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Each rule on a synthetic profile that has its problem (the rule speaks, with its share, matching stacks and cost)
 * and on one that does the same work without it (the rule is silent). ProfilerEngineTest checks rules on real JFR
 * recordings.
 */
class RecommendationsTest {
    private static final String ROOT = "java.lang.Thread.run;com.shop.Server.handle;com.shop.Checkout.pay";

    /** {@code hot} for {@code share} of 1000 samples, the rest in plain application code. */
    private static CollapsedProfile profile(String hot, double share) {
        long matching = Math.round(1000 * share);
        return CollapsedProfile.parse(ROOT + ";" + hot + " " + matching + "\n" + ROOT + ";com.shop.Checkout.total " + (1000 - matching) + "\n");
    }

    private static List<Recommendation> cpu(CollapsedProfile cpu) {
        return Recommendations.analyze(new Recommendations.Input(Map.of(ProfileKind.CPU, cpu), CollapsedProfile.empty(), Duration.ofMinutes(5)),
                null);
    }

    private static Set<String> ids(List<Recommendation> found) {
        return found.stream().map(Recommendation::ruleId).collect(Collectors.toSet());
    }

    static List<Arguments> cpuRules() {
        return List.of(
                Arguments.of("excessive-logging", "org.slf4j.Logger.info;ch.qos.logback.core.OutputStreamAppender.append",
                        "com.shop.Receipt.render"),
                Arguments.of("string-format", "java.lang.String.format;java.util.Formatter.format", "java.lang.StringBuilder.append"),
                Arguments.of("client-per-call", "software.amazon.awssdk.core.client.builder.SdkDefaultClientBuilder.build;"
                        + "software.amazon.awssdk.services.s3.DefaultS3ClientBuilder.buildClient", "software.amazon.awssdk.services.s3.DefaultS3Client.getObject"),
                Arguments.of("client-per-call", "java.net.http.HttpClient.newHttpClient;jdk.internal.net.http.HttpClientImpl.<init>",
                        "jdk.internal.net.http.HttpClientImpl.send"),
                Arguments.of("pattern-compile", "java.lang.String.replaceAll;java.util.regex.Pattern.compile;java.util.regex.Pattern.<init>",
                        "java.util.regex.Matcher.replaceAll"),
                Arguments.of("object-mapper-per-call", "com.fasterxml.jackson.databind.ObjectMapper.<init>",
                        "com.fasterxml.jackson.databind.ObjectMapper.writeValueAsString"),
                Arguments.of("xml-factory-per-call", "javax.xml.parsers.DocumentBuilderFactory.newInstance;javax.xml.parsers.FactoryFinder.find",
                        "com.sun.org.apache.xerces.internal.parsers.DOMParser.parse"),
                Arguments.of("reflection-serialization", "java.io.ObjectOutputStream.writeObject;java.io.ObjectStreamClass.lookup;"
                        + "java.lang.Class.getDeclaredFields", "java.io.DataOutputStream.writeInt"),
                Arguments.of("inefficient-collection", "java.util.LinkedList.get;java.util.LinkedList.node", "java.util.ArrayList.get"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cpuRules")
    void aCpuRuleSpeaksAboveItsThresholdAndNotForTheSameWorkDoneWell(String rule, String wasteful, String fine) {
        List<Recommendation> found = cpu(profile(wasteful, 0.3));
        Recommendation r = found.stream().filter(x -> x.ruleId().equals(rule)).findFirst().orElseThrow(() -> new AssertionError(found));
        assertEquals(0.3, r.share(), 1e-9);
        assertEquals(0.3, r.estimatedCpuShare(), 1e-9);
        assertEquals(ROOT + ";" + wasteful, r.matchingStacks().get(0).stack());
        assertEquals(300, r.matchingStacks().get(0).count());
        assertTrue(r.share() >= r.threshold() && !r.resolution().isBlank());
        assertNull(r.estimatedYearlyCostUsd(), "no instance cost given");
        assertTrue(!ids(cpu(profile(fine, 0.3))).contains(rule), rule + " is silent when the work is done well");
        assertTrue(!ids(cpu(profile(wasteful, r.threshold() / 2))).contains(rule), rule + " is silent below its threshold");
    }

    @Test
    void aStaticInitializerBuildingItsPatternOnceIsNotPerCall() {
        assertTrue(ids(cpu(profile("com.shop.Rules.<clinit>;java.util.regex.Pattern.compile", 0.3))).isEmpty());
    }

    @Test
    void tooFewSamplesSayNothing() {
        CollapsedProfile few = CollapsedProfile.parse(ROOT + ";java.util.regex.Pattern.compile 10\n");
        assertTrue(cpu(few).isEmpty(), "10 samples are noise, whatever their share");
    }

    @Test
    void theYearlyCostIsTheCpuShareOfTheInstanceCost() {
        List<Recommendation> found = Recommendations.analyze(new Recommendations.Input(
                Map.of(ProfileKind.CPU, profile("java.util.regex.Pattern.compile", 0.25)), CollapsedProfile.empty(), Duration.ofMinutes(5)), 0.2);
        // 25% of an instance at 0.20 USD an hour, over 8760 hours
        assertEquals(438.0, found.get(0).estimatedYearlyCostUsd(), 1e-9);
    }

    @Test
    void recommendationsComeCostliestFirst() {
        CollapsedProfile mixed = CollapsedProfile.parse(ROOT + ";java.util.regex.Pattern.compile 100\n" + ROOT
                + ";java.util.LinkedList.get 300\n" + ROOT + ";com.shop.Checkout.total 600\n");
        assertEquals(List.of("inefficient-collection", "pattern-compile"), cpu(mixed).stream().map(Recommendation::ruleId).toList());
    }

    @Test
    void boxingAndAllocationInOneMethodReadTheAllocationProfile() {
        CollapsedProfile alloc = CollapsedProfile.parse(ROOT + ";com.shop.Cart.sum;java.lang.Integer.valueOf 800000\n"
                + ROOT + ";com.shop.Cart.render;java.lang.StringBuilder.<init> 200000\n");
        CollapsedProfile cpu = CollapsedProfile.parse(ROOT + ";com.shop.Cart.sum;java.lang.Integer.valueOf 100\n" + ROOT + ";com.shop.Cart.render 300\n");
        List<Recommendation> found = Recommendations.analyze(new Recommendations.Input(Map.of(ProfileKind.ALLOC, alloc, ProfileKind.CPU, cpu),
                CollapsedProfile.empty(), Duration.ofMinutes(5)), null);
        Recommendation boxing = found.stream().filter(r -> r.ruleId().equals("boxing")).findFirst().orElseThrow();
        assertEquals(0.8, boxing.share(), 1e-9);
        assertEquals(0.25, boxing.estimatedCpuShare(), 1e-9, "the boxing frames' share of CPU");
        Recommendation hotspot = found.stream().filter(r -> r.ruleId().equals("allocation-hotspot")).findFirst().orElseThrow();
        assertEquals(0.8, hotspot.share(), 1e-9);
        assertTrue(hotspot.matchingStacks().get(0).stack().contains("com.shop.Cart.sum"));

        CollapsedProfile spread = CollapsedProfile.parse(ROOT + ";com.shop.Cart.sum;long[].<init> 400000\n"
                + ROOT + ";com.shop.Cart.render;java.lang.StringBuilder.<init> 300000\n" + ROOT + ";com.shop.Cart.load;byte[].<init> 300000\n");
        assertTrue(Recommendations.analyze(new Recommendations.Input(Map.of(ProfileKind.ALLOC, spread), CollapsedProfile.empty(),
                Duration.ofMinutes(5)), null).isEmpty(), "no boxing, and no method allocates half");
    }

    @Test
    void exceptionsForControlFlowAreSeenInTheBytesAllocatedBelowThrowableInit() {
        CollapsedProfile alloc = CollapsedProfile.parse(ROOT + ";java.lang.Integer.parseInt;java.lang.NumberFormatException.forInputString;"
                + "java.lang.Throwable.<init>;java.lang.Throwable.fillInStackTrace 300000\n" + ROOT + ";com.shop.Checkout.total 700000\n");
        CollapsedProfile cpu = CollapsedProfile.parse(ROOT + ";java.lang.Integer.parseInt;java.lang.NumberFormatException.forInputString;"
                + "java.lang.Throwable.<init> 50\n" + ROOT + ";com.shop.Checkout.total 450\n");
        List<Recommendation> found = Recommendations.analyze(new Recommendations.Input(Map.of(ProfileKind.ALLOC, alloc, ProfileKind.CPU, cpu),
                CollapsedProfile.empty(), Duration.ofMinutes(5)), null);
        Recommendation exceptions = found.stream().filter(r -> r.ruleId().equals("exceptions-control-flow")).findFirst().orElseThrow();
        assertEquals(0.3, exceptions.share(), 1e-9);
        assertEquals(0.1, exceptions.estimatedCpuShare(), 1e-9);
        CollapsedProfile parsedWell = CollapsedProfile.parse(ROOT + ";java.lang.Integer.parseInt;java.lang.Integer.valueOf 30000\n"
                + ROOT + ";com.shop.Checkout.total 970000\n");
        assertTrue(Recommendations.analyze(new Recommendations.Input(Map.of(ProfileKind.ALLOC, parsedWell), CollapsedProfile.empty(),
                Duration.ofMinutes(5)), null).stream().noneMatch(r -> r.ruleId().equals("exceptions-control-flow")));
    }

    @Test
    void lockContentionIsMostBlockedTimeOnOneMonitorSustained() {
        Duration interval = Duration.ofSeconds(10);
        // 3 s blocked on the cache's monitor, 0.5 s on another: a third of a thread blocked through the interval
        CollapsedProfile lock = CollapsedProfile.parse(ROOT + ";com.shop.Cache.get;lock:com.shop.Cache 3000000000\n"
                + ROOT + ";com.shop.Audit.write;lock:java.util.concurrent.locks.ReentrantLock$NonfairSync 500000000\n");
        List<Recommendation> found = Recommendations.analyze(new Recommendations.Input(Map.of(ProfileKind.LOCK, lock), CollapsedProfile.empty(),
                interval), null);
        assertEquals(List.of("lock-contention"), ids(found).stream().toList());
        assertEquals(3.0 / 3.5, found.get(0).share(), 1e-9);
        assertTrue(found.get(0).matchingStacks().get(0).stack().endsWith("lock:com.shop.Cache"));

        CollapsedProfile brief = CollapsedProfile.parse(ROOT + ";com.shop.Cache.get;lock:com.shop.Cache 50000000\n");
        assertTrue(Recommendations.analyze(new Recommendations.Input(Map.of(ProfileKind.LOCK, brief), CollapsedProfile.empty(), interval), null)
                .isEmpty(), "50 ms blocked in 10 s is no contention, though it is all of the lock profile");
    }

    @Test
    void sleepPollingIsManyShortSleepsFromOnePlace() {
        Duration interval = Duration.ofSeconds(10);
        CollapsedProfile polling = CollapsedProfile.parse("java.lang.Thread.run;com.shop.Poller.waitForJob;java.lang.Thread.sleep 500\n"
                + "java.lang.Thread.run;com.shop.Reaper.run;java.lang.Thread.sleep 2\n");
        List<Recommendation> found = Recommendations.analyze(new Recommendations.Input(Map.of(), polling, interval), null);
        assertEquals(List.of("sleep-polling"), found.stream().map(Recommendation::ruleId).toList());
        assertEquals(50.0, found.get(0).share(), 1e-9, "sleeps per second");
        assertTrue(found.get(0).matchingStacks().get(0).stack().contains("Poller.waitForJob"));

        CollapsedProfile periodic = CollapsedProfile.parse("java.lang.Thread.run;com.shop.Reaper.run;java.lang.Thread.sleep 10\n");
        assertTrue(Recommendations.analyze(new Recommendations.Input(Map.of(), periodic, interval), null).isEmpty(), "once a second is a timer");
    }

    @Test
    void everyRuleHasAnIdANameAResolutionAndAThreshold() {
        List<Recommendations.Rule> rules = Recommendations.rules();
        assertEquals(13, rules.size());
        assertEquals(rules.size(), rules.stream().map(Recommendations.Rule::id).distinct().count());
        for (Recommendations.Rule rule : rules) {
            assertTrue(!rule.name().isBlank() && !rule.resolution().isBlank() && rule.threshold() > 0, rule.toString());
        }
    }
}
