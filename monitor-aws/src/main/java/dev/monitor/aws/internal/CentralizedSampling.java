package dev.monitor.aws.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.GetSamplingRulesResponse;
import software.amazon.awssdk.services.xray.model.GetSamplingTargetsResponse;
import software.amazon.awssdk.services.xray.model.SamplingRule;
import software.amazon.awssdk.services.xray.model.SamplingRuleRecord;
import software.amazon.awssdk.services.xray.model.SamplingStatisticsDocument;
import software.amazon.awssdk.services.xray.model.SamplingTargetDocument;

/**
 * X-Ray's centralized sampling as the X-Ray SDKs do it
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html,
 * https://docs.aws.amazon.com/xray/latest/api/API_GetSamplingTargets.html): the rules from
 * {@code GetSamplingRules} every 5 minutes, tried by priority then name, the first that matches
 * the request's service name and type, host, method and path deciding ({@code Default} last);
 * statistics reported and targets fetched with {@code GetSamplingTargets} every 10 s for the rules
 * that were used and whose target is due; rules fetched again at once when the targets say they
 * changed ({@code LastRuleModification}).
 *
 * <p>A rule's decision: while its reservoir quota is valid (before its {@code ReservoirQuotaTTL}),
 * up to {@code ReservoirQuota} requests each second are sampled, then {@code FixedRate} of the
 * rest; once the quota expired (or before the first target), one request a second is borrowed,
 * then {@code FixedRate}. Before the first rules arrive, and when none could be fetched for an
 * hour, the local rules decide. Rules X-Ray's SDKs cannot apply (a {@code ResourceARN} other than
 * {@code *}, attributes, a version other than 1) are skipped.
 *
 * <p>{@link #sample} never calls the service and never blocks on I/O; {@link #poll} does the calls
 * (the owner runs it every second on a thread of its own) and never throws: a failure leaves the
 * rules and quotas as they were, so they expire as the SDKs' do.
 */
public final class CentralizedSampling {
    private static final Logger LOG = LoggerFactory.getLogger(CentralizedSampling.class);
    static final Duration RULES_EVERY = Duration.ofMinutes(5);
    static final Duration TARGETS_EVERY = Duration.ofSeconds(10);
    /** Rules older than this are no longer trusted: the local rules decide. */
    static final Duration RULES_TTL = Duration.ofHours(1);
    static final String DEFAULT_RULE = "Default";

    /** The local rules, which decide when the service's cannot. */
    @FunctionalInterface
    public interface LocalRules {
        boolean sample(String host, String method, String path);
    }

    /** What a sampling decision looks at; any part may be null. */
    public record Request(String serviceName, String serviceType, String host, String method, String path) {
    }

    private final XRayClient xray;
    private final Clock clock;
    private final String clientId;
    private final LocalRules local;
    private final DoubleSupplier random;
    /** Sorted by priority then name, Default last; replaced whole. */
    private volatile List<Rule> rules = List.of();
    private volatile Instant rulesFetchedAt;
    private Instant nextRules = Instant.MIN;
    private Instant nextTargets = Instant.MIN;
    private boolean warned;

    /**
     * @param random a uniform number in [0, 1) for the fixed rate ({@code ThreadLocalRandom} in production)
     */
    CentralizedSampling(XRayClient xray, Clock clock, LocalRules local, DoubleSupplier random) {
        this.xray = Objects.requireNonNull(xray, "xray");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.local = Objects.requireNonNull(local, "local");
        this.random = random;
        byte[] id = new byte[12];
        ThreadLocalRandom.current().nextBytes(id);
        this.clientId = HexFormat.of().formatHex(id); // 24 hex digits, as GetSamplingTargets wants
    }

    public CentralizedSampling(XRayClient xray, Clock clock, LocalRules local) {
        this(xray, clock, local, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Whether to record {@code request}. */
    public boolean sample(Request request) {
        Instant now = clock.instant();
        List<Rule> current = rules;
        Instant fetched = rulesFetchedAt;
        if (current.isEmpty() || fetched == null || now.isAfter(fetched.plus(RULES_TTL))) {
            return local.sample(request.host(), request.method(), request.path());
        }
        for (Rule rule : current) {
            if (rule.matches(request)) {
                return rule.sample(now, random.getAsDouble());
            }
        }
        return local.sample(request.host(), request.method(), request.path()); // no Default: cannot happen with X-Ray's rules
    }

    /** Fetches what is due: the rules every 5 minutes, the targets every 10 s; never throws. */
    public synchronized void poll() {
        Instant now = clock.instant();
        if (!now.isBefore(nextRules)) {
            nextRules = now.plus(RULES_EVERY);
            refreshRules(now);
        }
        if (!now.isBefore(nextTargets)) {
            nextTargets = now.plus(TARGETS_EVERY);
            refreshTargets(now);
        }
    }

    private void refreshRules(Instant now) {
        List<SamplingRule> fetched = new ArrayList<>();
        try {
            String token = null;
            do {
                String page = token;
                GetSamplingRulesResponse response = xray.getSamplingRules(b -> b.nextToken(page));
                for (SamplingRuleRecord record : response.samplingRuleRecords()) {
                    if (record.samplingRule() != null) {
                        fetched.add(record.samplingRule());
                    }
                }
                token = response.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            unreachable("GetSamplingRules", e);
            return;
        }
        Map<String, Rule> previous = new HashMap<>();
        for (Rule rule : rules) {
            previous.put(rule.name, rule);
        }
        List<Rule> made = new ArrayList<>();
        for (SamplingRule input : fetched) {
            if (!applicable(input)) {
                continue;
            }
            Rule rule = previous.get(input.ruleName());
            if (rule == null) {
                rule = new Rule(input.ruleName());
            }
            rule.update(input);
            made.add(rule);
        }
        made.sort(Comparator.comparing((Rule r) -> r.name.equals(DEFAULT_RULE)).thenComparingInt(r -> r.priority)
                .thenComparing(r -> r.name));
        rules = List.copyOf(made);
        rulesFetchedAt = now;
        reachable();
    }

    /** Whether the SDKs can apply a rule: version 1, any resource, no attributes, every matcher given. */
    static boolean applicable(SamplingRule rule) {
        return rule.ruleName() != null && rule.priority() != null && rule.reservoirSize() != null && rule.fixedRate() != null
                && Integer.valueOf(1).equals(rule.version()) && "*".equals(rule.resourceARN())
                && (!rule.hasAttributes() || rule.attributes().isEmpty()) && rule.host() != null && rule.serviceName() != null
                && rule.httpMethod() != null && rule.urlPath() != null && rule.serviceType() != null;
    }

    private void refreshTargets(Instant now) {
        List<Rule> due = new ArrayList<>();
        List<SamplingStatisticsDocument> statistics = new ArrayList<>();
        for (Rule rule : rules) {
            SamplingStatisticsDocument document = rule.snapshotIfDue(now, clientId);
            if (document != null) {
                due.add(rule);
                statistics.add(document);
            }
        }
        if (statistics.isEmpty()) {
            return;
        }
        GetSamplingTargetsResponse response;
        try {
            response = xray.getSamplingTargets(b -> b.samplingStatisticsDocuments(statistics));
        } catch (SdkException e) {
            unreachable("GetSamplingTargets", e);
            return;
        }
        reachable();
        Map<String, Rule> byName = new HashMap<>();
        for (Rule rule : due) {
            byName.put(rule.name, rule);
        }
        for (SamplingTargetDocument target : response.samplingTargetDocuments()) {
            Rule rule = byName.get(target.ruleName());
            if (rule != null) {
                rule.target(target, now);
            }
        }
        Instant modified = response.lastRuleModification();
        if (modified != null && rulesFetchedAt != null && modified.isAfter(rulesFetchedAt)) {
            nextRules = now.plus(RULES_EVERY);
            refreshRules(now);
        }
    }

    private void unreachable(String operation, SdkException e) {
        if (!warned) {
            warned = true;
            LOG.warn("X-Ray's sampling rules cannot be reached ({}: {}); the rules and quotas held are used until they expire, "
                    + "then the local rules", operation, e.getMessage());
        }
    }

    private void reachable() {
        warned = false;
    }

    /** The rules in the order they are tried, by name, for tests. */
    List<String> ruleNames() {
        return rules.stream().map(r -> r.name).toList();
    }

    /** One rule of the service, its reservoir and its statistics since the last report; guarded by itself. */
    static final class Rule {
        final String name;
        volatile int priority;
        private volatile Pattern serviceName;
        private volatile Pattern serviceType;
        private volatile Pattern host;
        private volatile Pattern method;
        private volatile Pattern path;
        private double fixedRate;
        private long reservoirSize;
        private long quota;
        private Instant quotaExpires = Instant.EPOCH;
        private Instant targetAt = Instant.EPOCH;
        private long interval = TARGETS_EVERY.toSeconds();
        private long second = Long.MIN_VALUE;
        private long usedThisSecond;
        private boolean borrowedThisSecond;
        private long requests;
        private long sampled;
        private long borrowed;

        Rule(String name) {
            this.name = name;
        }

        synchronized void update(SamplingRule input) {
            priority = input.priority();
            fixedRate = input.fixedRate();
            reservoirSize = input.reservoirSize();
            serviceName = glob(input.serviceName());
            serviceType = glob(input.serviceType());
            host = glob(input.host());
            method = glob(input.httpMethod());
            path = glob(input.urlPath());
        }

        boolean matches(Request r) {
            if (name.equals(DEFAULT_RULE)) {
                return true;
            }
            return matches(serviceName, r.serviceName()) && matches(serviceType, r.serviceType()) && matches(host, r.host())
                    && matches(method, r.method()) && matches(path, r.path());
        }

        private static boolean matches(Pattern pattern, String value) {
            return pattern.matcher(value == null ? "" : value).matches();
        }

        synchronized boolean sample(Instant now, double random) {
            requests++;
            long nowSecond = now.getEpochSecond();
            if (nowSecond != second) {
                second = nowSecond;
                usedThisSecond = 0;
                borrowedThisSecond = false;
            }
            if (now.isAfter(quotaExpires)) {
                if (!borrowedThisSecond && reservoirSize != 0) {
                    borrowedThisSecond = true;
                    borrowed++;
                    return true;
                }
            } else if (usedThisSecond < quota) {
                usedThisSecond++;
                sampled++;
                return true;
            }
            if (random < fixedRate) {
                sampled++;
                return true;
            }
            return false;
        }

        /** The statistics to report, reset, when the rule was used and its target is due; else null. */
        synchronized SamplingStatisticsDocument snapshotIfDue(Instant now, String clientId) {
            if (requests == 0 || now.isBefore(targetAt.plusSeconds(interval))) { // due once the interval has passed
                return null;
            }
            SamplingStatisticsDocument document = SamplingStatisticsDocument.builder().ruleName(name).clientID(clientId)
                    .timestamp(now).requestCount((int) requests).sampledCount((int) sampled).borrowCount((int) borrowed).build();
            requests = 0;
            sampled = 0;
            borrowed = 0;
            return document;
        }

        synchronized void target(SamplingTargetDocument target, Instant now) {
            if (target.fixedRate() != null) {
                fixedRate = target.fixedRate();
            }
            if (target.reservoirQuota() != null) {
                quota = target.reservoirQuota();
            }
            if (target.reservoirQuotaTTL() != null) {
                quotaExpires = target.reservoirQuotaTTL();
            }
            if (target.interval() != null) {
                interval = target.interval();
            }
            targetAt = now;
        }

        /** X-Ray's wildcards: {@code *} any text, {@code ?} one character, case-insensitive. */
        static Pattern glob(String glob) {
            StringBuilder regex = new StringBuilder();
            for (char c : glob.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        }
    }
}
