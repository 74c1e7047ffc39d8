package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monitor.xray.SamplingRequest;
import dev.monitor.xray.Wildcard;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.xray.XRayClient;

/**
 * Whatever the rules X-Ray returns, in whatever order: a request is decided by the first rule, by
 * priority then name, whose matchers all match it, and by {@code Default} only when no other does
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html: "rules are
 * evaluated in ascending order of priority"; the SDKs break ties by name). The rules travel as
 * GetSamplingRules answers over a loopback endpoint, as the SDK decodes them.
 */
class SamplingRuleOrderProperties {
    record Spec(String name, int priority, String method, String path) {
    }

    private static Fixture fixture;
    private static Loopback xray;
    private static AwsClients clients;
    private static XRayClient client;
    private static final AtomicReference<String> RULES = new AtomicReference<>();

    @BeforeContainer
    static void start() throws Exception {
        fixture = new Fixture();
        xray = new Loopback((request, i) -> Loopback.Response.of(200, "application/json", RULES.get()));
        clients = AwsClients.open(fixture.settings().withEndpoint(xray.endpoint()), fixture.context("rule-order"));
        client = clients.build(XRayClient.builder());
    }

    @AfterContainer
    static void stop() {
        clients.close();
        xray.close();
        fixture.close();
    }

    @Provide
    Arbitrary<List<Spec>> rules() {
        Arbitrary<Spec> rule = Combinators.combine(Arbitraries.of("a", "b", "c", "d", "e", "f"), Arbitraries.integers().between(1, 3),
                Arbitraries.of("*", "GET", "POST", "g?t"), Arbitraries.of("*", "/orders*", "/orders/?", "/health", "/*s"))
                .as(Spec::new);
        return rule.list().ofMaxSize(6).uniqueElements(Spec::name);
    }

    /** Each request is checked against every rule set: one GetSamplingRules per try. */
    private static final List<SamplingRequest> REQUESTS = List.of("GET", "post", "PUT").stream()
            .flatMap(method -> List.of("/orders", "/orders/7", "/health", "/cats", "/").stream()
                    .map(path -> SamplingRequest.of("shop", "shop.example.com", method, path))).toList();

    @Property(tries = 60)
    void theFirstMatchingRuleByPriorityThenNameDecidesAndDefaultLast(@ForAll("rules") List<Spec> specs) {
        List<String> records = new ArrayList<>();
        records.add(CentralizedSamplingTest.rule("Default", 10000, 1, 0.05, "*", "*", "*", "*", "*"));
        for (Spec spec : specs) {
            records.add(CentralizedSamplingTest.rule(spec.name(), spec.priority(), 0, 0.5, "*", "*", "*", spec.method(), spec.path()));
        }
        java.util.Collections.rotate(records, specs.size() / 2); // the service's order is no order
        RULES.set(CentralizedSamplingTest.rules(records.toArray(String[]::new)));
        CentralizedSampling sampling = new CentralizedSampling(client, fixture.clock, r -> false);
        sampling.poll();
        for (SamplingRequest request : REQUESTS) {
            String expected = specs.stream().sorted(Comparator.comparingInt(Spec::priority).thenComparing(Spec::name))
                    .filter(s -> Wildcard.matches(s.method(), request.httpMethod()) && Wildcard.matches(s.path(), request.urlPath()))
                    .map(Spec::name).findFirst().orElse("Default");
            assertEquals(expected, sampling.ruleFor(request), specs + " " + request);
        }
    }
}
