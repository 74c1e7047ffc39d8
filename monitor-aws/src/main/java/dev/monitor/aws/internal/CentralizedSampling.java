package dev.monitor.aws.internal;

import dev.monitor.xray.SamplingRequest;
import dev.monitor.xray.SamplingStrategy;
import dev.monitor.xray.Wildcard;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
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
 * X-Ray's centralized sampling, {@code traces: {sampling: {type: centralized}}}, as the X-Ray SDKs do it
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html,
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sampling.html,
 * https://docs.aws.amazon.com/xray/latest/api/API_GetSamplingTargets.html):
 *
 * <ul>
 *   <li>the rules from {@code GetSamplingRules} (every page) every 5 minutes, and at once when a
 *       {@code GetSamplingTargets} answer says they changed ({@code LastRuleModification});</li>
 *   <li>a request is decided by the first rule that matches it, tried by priority then name,
 *       {@code Default} last: {@code ServiceName}, {@code ServiceType}, {@code Host},
 *       {@code HTTPMethod}, {@code URLPath} and {@code ResourceARN} with X-Ray's wildcards
 *       ({@link Wildcard}; a value the request lacks is the empty text, which only {@code *}
 *       matches), and each of the rule's {@code Attributes} with the request's attribute of that
 *       name (a rule naming one the request lacks does not match);</li>
 *   <li>a rule's decision: while its reservoir quota is valid (until its {@code ReservoirQuotaTTL}),
 *       up to {@code ReservoirQuota} requests each second are sampled, then {@code FixedRate} of the
 *       rest; without a valid quota (before the first target, or once it expired) one request a
 *       second is borrowed when the rule has a reservoir ({@code ReservoirSize} above 0), then
 *       {@code FixedRate};</li>
 *   <li>every 10 s (or the {@code Interval} the rule's last target gave) the statistics of each rule
 *       that saw requests ({@code RequestCount}, {@code SampledCount}, {@code BorrowCount} since the
 *       last report, the reservoir's takes and the fixed rate's hits sampled, the borrows counted
 *       apart, as the SDK for Java counts them) go to {@code GetSamplingTargets} under this process's
 *       {@code ClientID} (24 random hexadecimal digits), whose targets replace the rules' quota, TTL,
 *       rate and interval;</li>
 *   <li>before the first rules arrive, and once none could be fetched for an hour, the local rules
 *       decide. A failed call leaves the rules and quotas as they were, so they expire as the SDKs'
 *       do; the outage is logged once, at WARN.</li>
 * </ul>
 *
 * <p>Rules of another format version than 1, or missing a matcher, are skipped, as the SDKs skip
 * them. {@link #sample} never calls the service and never blocks on I/O: it reads the rule list (one
 * volatile read) and holds the matching rule's monitor for a few counter updates. {@link #poll}
 * makes the calls, on the background lane {@link #start} schedules it on, once a second; it never
 * throws. Thread-safe.
 */
public final class CentralizedSampling implements SamplingStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(CentralizedSampling.class);
    static final Duration RULES_EVERY = Duration.ofMinutes(5);
    static final Duration TARGETS_EVERY = Duration.ofSeconds(10);
    /** Rules older than this are no longer trusted: the local rules decide. */
    static final Duration RULES_TTL = Duration.ofHours(1);
    /** How often the poller looks whether rules or targets are due. */
    static final Duration POLL_EVERY = Duration.ofSeconds(1);
    static final String DEFAULT_RULE = "Default";

    private final XRayClient xray;
    private final Clock clock;
    private final String clientId;
    private final SamplingStrategy local;
    private final DoubleSupplier random;
    private final String serviceType;
    private final String resourceArn;
    /** Sorted by priority then name, Default last; replaced whole. */
    private volatile List<Rule> rules = List.of();
    private volatile Instant rulesFetchedAt;
    private Instant nextRules = Instant.MIN;
    private Instant nextTargets = Instant.MIN;
    private boolean warned;
    private ScheduledFuture<?> poller;
    private AutoCloseable owned;

    /**
     * @param local       the local rules, which decide before the first rules and when the service's are too old
     * @param random      a uniform number in [0, 1) for the fixed rate ({@code ThreadLocalRandom} in production)
     * @param serviceType the service's type ({@code AWS::EC2::Instance}) for requests that give none; null for none
     * @param resourceArn the ARN of the resource the service runs on, for requests that give none; null for none
     */
    CentralizedSampling(XRayClient xray, Clock clock, SamplingStrategy local, DoubleSupplier random, String serviceType,
                        String resourceArn) {
        this.xray = Objects.requireNonNull(xray, "xray");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.local = Objects.requireNonNull(local, "local");
        this.random = Objects.requireNonNull(random, "random");
        this.serviceType = serviceType;
        this.resourceArn = resourceArn;
        byte[] id = new byte[12];
        ThreadLocalRandom.current().nextBytes(id);
        this.clientId = HexFormat.of().formatHex(id); // 24 hex digits, as GetSamplingTargets wants
    }

    public CentralizedSampling(XRayClient xray, Clock clock, SamplingStrategy local) {
        this(xray, clock, local, () -> ThreadLocalRandom.current().nextDouble(), null, null);
    }

    /** Runs {@link #poll} on {@code lane} now and every second; {@link #close} stops it and closes {@code resources}. */
    public synchronized CentralizedSampling start(ScheduledExecutorService lane, AutoCloseable resources) {
        if (poller != null) {
            throw new IllegalStateException("already started");
        }
        this.owned = resources;
        this.poller = lane.scheduleWithFixedDelay(this::poll, 0, POLL_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops the poller (a call in flight ends within its timeout) and closes what {@link #start} was given. Never throws. */
    @Override
    public void close() {
        ScheduledFuture<?> running;
        AutoCloseable resources;
        synchronized (this) {
            running = poller;
            resources = owned;
            owned = null;
        }
        if (running != null) {
            running.cancel(false);
        }
        synchronized (this) { // a poll in flight holds this: the clients close after it
            if (resources != null) {
                try {
                    resources.close();
                } catch (Exception e) {
                    LOG.debug("closing the sampling clients failed", e);
                }
            }
        }
    }

    /** This process's ClientID in GetSamplingTargets. */
    String clientId() {
        return clientId;
    }

    /** Whether to record {@code request}. */
    @Override
    public boolean sample(SamplingRequest request) {
        Instant now = clock.instant();
        List<Rule> current = rules;
        Instant fetched = rulesFetchedAt;
        if (current.isEmpty() || fetched == null || now.isAfter(fetched.plus(RULES_TTL))) {
            return local.sample(request);
        }
        Rule rule = match(current, request.withService(serviceType, resourceArn));
        return rule != null ? rule.sample(now, random.getAsDouble()) : local.sample(request); // null: no Default, not X-Ray's way
    }

    /** The first rule of {@code current} (in their order) that matches {@code request}; null when none does. */
    private static Rule match(List<Rule> current, SamplingRequest request) {
        for (Rule rule : current) {
            if (rule.matches(request)) {
                return rule;
            }
        }
        return null;
    }

    /** The name of the rule that decides {@code request} now; null when the local rules do. For tests. */
    String ruleFor(SamplingRequest request) {
        Rule rule = rules.isEmpty() ? null : match(rules, request.withService(serviceType, resourceArn));
        return rule == null ? null : rule.name;
    }

    /** Fetches what is due: the rules every 5 minutes, the targets every 10 s; never throws. */
    public synchronized void poll() {
        try {
            Instant now = clock.instant();
            if (!now.isBefore(nextRules)) {
                nextRules = now.plus(RULES_EVERY);
                refreshRules(now);
            }
            if (!now.isBefore(nextTargets)) {
                nextTargets = now.plus(TARGETS_EVERY);
                refreshTargets(now);
            }
        } catch (RuntimeException e) { // an answer the SDK could not read, say: the next poll tries again
            unreachable("polling", e);
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
        reachable();
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
    }

    /** Whether a rule can be applied: format version 1, its name, priority, reservoir, rate and every matcher given. */
    static boolean applicable(SamplingRule rule) {
        return rule.ruleName() != null && rule.priority() != null && rule.reservoirSize() != null && rule.fixedRate() != null
                && Integer.valueOf(1).equals(rule.version()) && rule.resourceARN() != null && rule.host() != null
                && rule.serviceName() != null && rule.httpMethod() != null && rule.urlPath() != null && rule.serviceType() != null;
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

    private void unreachable(String operation, RuntimeException e) {
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
        /** The rule's matchers, replaced whole when the rule changes. */
        private volatile Matchers matchers;
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
            matchers = new Matchers(input.serviceName(), input.serviceType(), input.host(), input.httpMethod(), input.urlPath(),
                    input.resourceARN(), input.hasAttributes() ? Map.copyOf(input.attributes()) : Map.of());
        }

        /** The Default rule matches every request (it is tried last); the others by their matchers. */
        boolean matches(SamplingRequest r) {
            return name.equals(DEFAULT_RULE) || matchers.matches(r);
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
    }

    /** What a rule matches on, each with X-Ray's wildcards; the path first, as it differs most between requests. */
    record Matchers(String serviceName, String serviceType, String host, String method, String path, String resourceArn,
                    Map<String, String> attributes) {
        boolean matches(SamplingRequest r) {
            if (!Wildcard.matches(path, r.urlPath()) || !Wildcard.matches(serviceName, r.serviceName())
                    || !Wildcard.matches(method, r.httpMethod()) || !Wildcard.matches(host, r.host())
                    || !Wildcard.matches(serviceType, r.serviceType()) || !Wildcard.matches(resourceArn, r.resourceArn())) {
                return false;
            }
            for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                String value = r.attributes().get(attribute.getKey());
                if (value == null || !Wildcard.matches(attribute.getValue(), value)) {
                    return false;
                }
            }
            return true;
        }
    }
}
